import { describe, expect, test } from 'vitest';
import { barCells, barPercent, formatDuration } from '../../src/waterfall/timeline.js';

const trace = { startMs: 1000, endMs: 1100 };

describe('barCells', () => {
  test('scales start and end to the axis', () => {
    expect(barCells({ startMs: 1000, endMs: 1100 }, trace, 20)).toEqual({ offset: 0, length: 20 });
    expect(barCells({ startMs: 1050, endMs: 1075 }, trace, 20)).toEqual({ offset: 10, length: 5 });
  });

  test('a span shorter than a cell keeps one cell, also at the very end of the axis', () => {
    expect(barCells({ startMs: 1010, endMs: 1010.1 }, trace, 20)).toEqual({ offset: 2, length: 1 });
    expect(barCells({ startMs: 1100, endMs: 1100 }, trace, 20)).toEqual({ offset: 19, length: 1 });
  });

  test('a trace of zero length fills the axis', () => {
    expect(barCells({ startMs: 5, endMs: 5 }, { startMs: 5, endMs: 5 }, 8)).toEqual({ offset: 0, length: 8 });
  });
});

describe('barPercent', () => {
  test('gives left and width in percent, with a visible minimum width that never overflows', () => {
    expect(barPercent({ startMs: 1025, endMs: 1075 }, trace)).toEqual({ left: 25, width: 50 });
    expect(barPercent({ startMs: 1050, endMs: 1050 }, trace).width).toBe(0.2);
    expect(barPercent({ startMs: 1100, endMs: 1100 }, trace)).toEqual({ left: 100, width: 0 });
  });
});

test('formatDuration picks the unit', () => {
  expect([0.84, 12.34, 250.4, 1250].map(formatDuration)).toEqual(['840 µs', '12.3 ms', '250 ms', '1.25 s']);
});
