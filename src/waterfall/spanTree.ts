/**
 * Groups spans into traces and each trace into a tree by parent. A span whose
 * parent never arrived (dropped, still running, or in a process we do not
 * hear from) becomes a root of its trace, marked `missingParent`, so nothing
 * is lost from the picture.
 * @internal
 */
import type { SpanData } from './spanData.js';

/** A span in its tree. @internal */
export interface SpanNode {
  span: SpanData;
  children: SpanNode[];
  /** 0 for a root. */
  depth: number;
  /** The span names a parent that is not among the spans. */
  missingParent: boolean;
}

/** One trace: its roots (ordered by start) and its time range. @internal */
export interface Trace {
  traceId: string;
  roots: SpanNode[];
  startMs: number;
  endMs: number;
  spanCount: number;
}

const byStart = (a: SpanNode, b: SpanNode): number => a.span.startMs - b.span.startMs || a.span.endMs - b.span.endMs;

/** Builds the traces of `spans`, ordered by their first span's start. @internal */
export function buildTraces(spans: readonly SpanData[]): Trace[] {
  const byTrace = new Map<string, SpanData[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return [...byTrace].map(([traceId, list]) => buildTrace(traceId, list)).sort((a, b) => a.startMs - b.startMs);
}

function buildTrace(traceId: string, spans: readonly SpanData[]): Trace {
  const nodes = new Map<string, SpanNode>();
  for (const span of spans) nodes.set(span.spanId, { span, children: [], depth: 0, missingParent: false });
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else {
      node.missingParent = parentId !== undefined && parentId !== '';
      roots.push(node);
    }
  }
  // Spans on a parent cycle (ids that name each other: corrupt data) hang from
  // no root; they are roots too, so every span is shown exactly once.
  const reached = new Set<SpanNode>();
  const visit = (node: SpanNode, depth: number): void => {
    reached.add(node);
    node.depth = depth;
    node.children = node.children.filter((child) => !reached.has(child)).sort(byStart);
    for (const child of node.children) visit(child, depth + 1);
  };
  roots.sort(byStart).forEach((root) => visit(root, 0));
  for (const node of nodes.values()) {
    if (reached.has(node)) continue;
    node.missingParent = true;
    roots.push(node);
    visit(node, 0);
  }
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs));
  return { traceId, roots, startMs, endMs, spanCount: nodes.size };
}

/** The nodes of `trace` depth first, each parent before its children: the waterfall's row order. @internal */
export function flattenTrace(trace: Trace): SpanNode[] {
  const rows: SpanNode[] = [];
  const walk = (node: SpanNode): void => {
    rows.push(node);
    node.children.forEach(walk);
  };
  trace.roots.forEach(walk);
  return rows;
}
