import type { DecodedSourceMap, SourceMapSegment } from 'magic-string';
import { locate } from '../../util/text.js';
import { SITE_FUNCTION } from './siteTable.js';

/**
 * A wrapper call the source writer inserted: `prefix` (which contains
 * `__tw_site(index),` exactly once) and the original offset V8 would report
 * for the unwrapped call. @internal
 */
export interface Anchor {
  prefix: string;
  index: number;
  original: number;
}

/**
 * magic-string leaves inserted text unmapped, so a stack frame inside
 * `__tw.call1(` would resolve to whatever precedes it (often the previous
 * line). This adds one segment per wrapper at the generated start of its
 * prefix, pointing at the original call, so `node --enable-source-maps` and
 * bundlers that chain the map report the original line and column.
 * @internal
 */
export function anchorMappings(map: DecodedSourceMap, generated: string, anchors: readonly Anchor[]): void {
  if (anchors.length === 0) return;
  const original = map.sourcesContent?.[0];
  if (original === undefined) throw new Error('tracewright internal error: anchorMappings needs sourcesContent');
  const byIndex = new Map(anchors.map((a) => [a.index, a]));
  const pattern = new RegExp(`${SITE_FUNCTION}\\((\\d+)\\),`, 'g');
  const generatedLines = lineStarts(generated);
  const originalLines = lineStarts(original);
  for (let m = pattern.exec(generated); m; m = pattern.exec(generated)) {
    const anchor = byIndex.get(Number(m[1]));
    if (!anchor) continue;
    byIndex.delete(anchor.index);
    const at = locate(generatedLines, m.index - anchor.prefix.indexOf(`${SITE_FUNCTION}(`));
    const from = locate(originalLines, anchor.original);
    insertSegment(map.mappings, at.line, [at.column, 0, from.line, from.column]);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function insertSegment(mappings: SourceMapSegment[][], line: number, segment: SourceMapSegment): void {
  while (mappings.length <= line) mappings.push([]);
  const segments = mappings[line]!;
  let i = 0;
  while (i < segments.length && segments[i]![0] < segment[0]) i++;
  if (i < segments.length && segments[i]![0] === segment[0]) segments[i] = segment;
  else segments.splice(i, 0, segment);
}
