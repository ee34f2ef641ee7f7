/**
 * Where a span's bar sits on its trace's time axis: shared by the terminal
 * (whole cells) and the HTML page (percentages).
 * @internal
 */
import type { SpanData } from './spanData.js';
import type { Trace } from './spanTree.js';

/** A bar in cells: `offset` empty cells, then `length` filled ones (at least 1). @internal */
export interface BarCells {
  offset: number;
  length: number;
}

/**
 * The bar of `span` on an axis of `width` cells spanning the trace. A span
 * shorter than a cell still gets one cell, and the bar never runs past the
 * axis (a span starting in the last cell keeps its cell).
 * @internal
 */
export function barCells(span: Pick<SpanData, 'startMs' | 'endMs'>, trace: Pick<Trace, 'startMs' | 'endMs'>, width: number): BarCells {
  const cells = Math.max(1, Math.floor(width));
  const total = trace.endMs - trace.startMs;
  if (!(total > 0)) return { offset: 0, length: cells };
  const offset = Math.min(cells - 1, Math.max(0, Math.floor(((span.startMs - trace.startMs) / total) * cells)));
  const end = Math.min(cells, Math.max(offset + 1, Math.round(((span.endMs - trace.startMs) / total) * cells)));
  return { offset, length: end - offset };
}

/** The bar of `span` as percentages of the trace (left, width); width at least 0.2 % so a short span stays visible. @internal */
export function barPercent(span: Pick<SpanData, 'startMs' | 'endMs'>, trace: Pick<Trace, 'startMs' | 'endMs'>): { left: number; width: number } {
  const total = trace.endMs - trace.startMs;
  if (!(total > 0)) return { left: 0, width: 100 };
  const left = Math.min(100, Math.max(0, ((span.startMs - trace.startMs) / total) * 100));
  const width = Math.min(100 - left, Math.max(0.2, ((span.endMs - span.startMs) / total) * 100));
  return { left, width };
}

/** A duration for people: `840 µs`, `12.3 ms`, `1.25 s`. @internal */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
