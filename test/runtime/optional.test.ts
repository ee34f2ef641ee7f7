/**
 * `lookup`/`held`, what the emitted `a.m?.(x)` uses: the property is read once
 * (a getter runs once), the receiver comes back from `held()` exactly once, and
 * nothing is retained after a short-circuit or a read.
 */
import { expect, test } from 'vitest';
import { held, lookup } from '../../src/runtime/optional.js';

test('reads the property once and hands the receiver back once', () => {
  let reads = 0;
  const recv = { get m() { reads++; return function (this: unknown) { return this; }; } };
  const f = lookup(recv, 'm') as () => unknown;
  expect(reads).toBe(1);
  expect(held()).toBe(recv);
  expect(held()).toBeUndefined();
  expect(f.call(recv)).toBe(recv);
});

test('a nullish property keeps no receiver; a nullish receiver throws the plain TypeError', () => {
  lookup({ m: undefined }, 'm');
  expect(held()).toBeUndefined();
  expect(() => lookup(undefined, 'm')).toThrow(TypeError);
  expect(() => lookup(undefined, 'm')).toThrow("Cannot read properties of undefined (reading 'm')");
});
