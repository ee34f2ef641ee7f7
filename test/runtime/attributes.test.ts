// Span attributes read from arguments (spec.g): alternatives left to right, the
// first value that is not null/undefined wins; only strings, numbers, booleans
// (or homogeneous arrays of them) become attributes; reading never throws.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { evaluateArgAttribute, readArgPath, toAttributeValue } from '../../src/runtime/argPath.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';
import { site } from './_sites.js';

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('argument paths', () => {
  it('follow [argIndex, ...keys], stopping at null/undefined', () => {
    const args = [{ text: 'select 1', nested: { list: ['a', 'b'] } }, null];
    expect(readArgPath(args, [0, 'text'])).toBe('select 1');
    expect(readArgPath(args, [0, 'nested', 'list', 1])).toBe('b');
    expect(readArgPath(args, [1, 'x', 'y'])).toBeUndefined();
    expect(readArgPath(args, [5])).toBeUndefined();
    expect(readArgPath(['abc'], [0, 'length'])).toBe(3);
  });

  it('take the first non-nullish alternative (the ?? of the path language)', () => {
    expect(evaluateArgAttribute(['select 1'], [[0, 'text'], [0]])).toBe('select 1');
    expect(evaluateArgAttribute([{ text: 'q' }], [[0, 'text'], [0]])).toBe('q');
    expect(evaluateArgAttribute([{ text: null, sql: 's' }], [[0, 'text'], [0, 'sql']])).toBe('s');
    // the first non-nullish value wins even if it is not a valid attribute value
    expect(evaluateArgAttribute([{ other: 1 }], [[0, 'text'], [0]])).toBeUndefined();
    expect(evaluateArgAttribute([0], [[0]])).toBe(0);
    expect(evaluateArgAttribute([false], [[0]])).toBe(false);
  });

  it('accept primitives and homogeneous arrays of them only', () => {
    expect(toAttributeValue('s')).toBe('s');
    expect(toAttributeValue(1.5)).toBe(1.5);
    expect(toAttributeValue(true)).toBe(true);
    const list = ['a', 'b'];
    expect(toAttributeValue(list)).toEqual(['a', 'b']);
    expect(toAttributeValue(list)).not.toBe(list); // a copy
    expect(toAttributeValue([1, null, 2])).toEqual([1, null, 2]);
    expect(toAttributeValue([1, 'a'])).toBeUndefined();
    expect(toAttributeValue([{}])).toBeUndefined();
    expect(toAttributeValue({})).toBeUndefined();
    expect(toAttributeValue(10n)).toBeUndefined();
    expect(toAttributeValue(Symbol('s'))).toBeUndefined();
    expect(toAttributeValue(() => 1)).toBeUndefined();
  });

  it('never throw: a throwing getter drops the attribute', () => {
    const hostile = {
      get text(): string {
        throw new Error('getter');
      },
    };
    expect(evaluateArgAttribute([hostile], [[0, 'text']])).toBeUndefined();
  });
});

describe('spans with argument attributes', () => {
  const S = site({
    n: 'query',
    a: { 'db.system.name': 'postgresql' },
    g: [
      ['db.query.text', [[0, 'text'], [0]]],
      ['db.namespace', [[1, 'database']]],
    ],
  });

  it('carry the values read from this call', () => {
    const f = (..._args: unknown[]) => 'ok';
    tw.call2(S, f, undefined, { text: 'select 1' }, { database: 'app' });
    tw.call1(S, f, undefined, 'select 2');
    tw.call(S, f, undefined, [{ get text(): string { throw new Error('x'); } }, null, 3, 4]);
    const attrs = finishedSpans().map((s) => s.attributes);
    expect(attrs[0]).toMatchObject({ 'db.query.text': 'select 1', 'db.namespace': 'app', 'db.system.name': 'postgresql' });
    expect(attrs[1]).toMatchObject({ 'db.query.text': 'select 2' });
    expect(attrs[1]?.['db.namespace']).toBeUndefined();
    expect(attrs[2]?.['db.query.text']).toBeUndefined();
    expect(attrs[2]?.['code.file.path']).toBe('src/app.ts');
  });

  it('do not leak one call’s values into the site’s static attributes', () => {
    tw.call1(S, () => 1, undefined, 'select 3');
    expect(S.attributes['db.query.text']).toBeUndefined();
  });
});
