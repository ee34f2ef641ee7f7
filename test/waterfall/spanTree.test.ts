import { describe, expect, test } from 'vitest';
import { buildTraces, flattenTrace } from '../../src/waterfall/spanTree.js';
import { REQUEST, span } from './spans.js';

const shape = (spans: Parameters<typeof buildTraces>[0]) =>
  buildTraces(spans).map((t) => flattenTrace(t).map((n) => `${'  '.repeat(n.depth)}${n.span.spanId}${n.missingParent ? ' (orphan)' : ''}`));

describe('buildTraces', () => {
  test('groups by trace, nests by parent, orders children by start whatever the arrival order', () => {
    expect(shape(REQUEST)).toEqual([['a', '  b', '  c', '    d'], ['x']]);
    const [first] = buildTraces(REQUEST);
    expect(first).toMatchObject({ traceId: 't1', startMs: 1000, endMs: 1100, spanCount: 4 });
  });

  test('a span whose parent never arrived is a root of its trace, marked', () => {
    const spans = [span({ spanId: 'b', parentSpanId: 'gone', name: 'q', startMs: 5 }), span({ spanId: 'c', parentSpanId: 'b', name: 'r', startMs: 6 }), span({ spanId: 'a', name: 'root', startMs: 1 })];
    expect(shape(spans)).toEqual([['a', 'b (orphan)', '  c']]);
  });

  test('spans naming each other as parents (a cycle) are still each shown once', () => {
    const spans = [span({ spanId: 'a', parentSpanId: 'b', name: 'a' }), span({ spanId: 'b', parentSpanId: 'a', name: 'b' })];
    const rows = shape(spans)[0]!;
    expect(rows.map((r) => r.trim().split(' ')[0]).sort()).toEqual(['a', 'b']);
  });

  test('traces are ordered by their first span', () => {
    const spans = [span({ traceId: 'late', spanId: 'l', name: 'l', startMs: 50 }), span({ traceId: 'early', spanId: 'e', name: 'e', startMs: 10 })];
    expect(buildTraces(spans).map((t) => t.traceId)).toEqual(['early', 'late']);
  });
});
