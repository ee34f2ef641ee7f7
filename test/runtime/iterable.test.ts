// Result mode iterable: the result is returned wrapped (identity changes) so the
// span ends on completion, on return() (early exit), or on a throw; each step
// runs inside the span's context.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { site } from './_sites.js';

const IT = site({ n: 'rows', m: 'iterable' });

const activeName = () => (trace.getActiveSpan() as unknown as ReadableSpan | undefined)?.name;

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('sync iterables', () => {
  function* rows(n: number) {
    for (let i = 0; i < n; i++) yield { i, span: activeName() };
    return 'done';
  }

  it('ends the span when iteration completes, running each step in the span', () => {
    const result = tw.call1(IT, rows, undefined, 2) as Iterable<{ i: number; span?: string }>;
    expect(finishedSpans()).toHaveLength(0);
    const seen = [...result];
    expect(seen).toEqual([{ i: 0, span: 'rows' }, { i: 1, span: 'rows' }]);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ name: 'rows', status: 'unset' }]);
  });

  it('ends the span on an early exit (return)', () => {
    let finallyRan = false;
    function* gen() {
      try {
        yield 1;
        yield 2;
      } finally {
        finallyRan = true;
      }
    }
    for (const v of tw.call0(IT, gen, undefined) as Iterable<number>) {
      expect(v).toBe(1);
      break;
    }
    expect(finallyRan).toBe(true);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('records a throw from the iterator and rethrows the same error', () => {
    const error = new Error('cursor lost');
    function* gen() {
      yield 1;
      throw error;
    }
    const it = tw.call0(IT, gen, undefined) as Iterator<number>;
    expect(it.next()).toEqual({ value: 1, done: false });
    expect(() => it.next()).toThrow(error);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error' }]);
  });

  it('passes throw() through, and the generator may recover', () => {
    function* gen() {
      try {
        yield 1;
      } catch {
        yield 'recovered';
      }
    }
    const it = tw.call0(IT, gen, undefined) as Generator<number | string>;
    it.next();
    expect(it.throw(new Error('x'))).toEqual({ value: 'recovered', done: false });
    expect(finishedSpans()).toHaveLength(0);
    expect(it.next()).toEqual({ value: undefined, done: true });
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'unset' }]);
  });

  it('wraps an iterable that is not an iterator (an array) per iteration', () => {
    const wrapped = tw.call0(IT, () => [1, 2, 3], undefined) as Iterable<number>;
    expect(Array.isArray(wrapped)).toBe(false); // documented: identity changes
    expect([...wrapped]).toEqual([1, 2, 3]);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('handles iterators without return or throw', () => {
    let i = 0;
    const bare = { next: () => ({ value: i++, done: i > 3 }), [Symbol.iterator]() { return this; } };
    for (const v of tw.call0(IT, () => bare, undefined) as Iterable<number>) if (v === 1) break;
    expect(finishedSpans()).toHaveLength(1);
    const again = tw.call0(IT, () => ({ next: () => ({ value: 1, done: false }) }), undefined) as Iterator<number>;
    expect(() => again.throw?.(new Error('x'))).toThrow(TypeError);
    expect(finishedSpans()).toHaveLength(2);
  });

  it('ends the span at return for a value that is not iterable', () => {
    expect(tw.call0(IT, () => 42, undefined)).toBe(42);
    const obj = { a: 1 };
    expect(tw.call0(IT, () => obj, undefined)).toBe(obj);
    expect(finishedSpans()).toHaveLength(2);
  });
});

describe('async iterables', () => {
  async function* rows(n: number) {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setImmediate(r));
      yield { i, span: activeName() };
    }
  }

  it('ends the span when iteration completes', async () => {
    const seen: unknown[] = [];
    for await (const row of tw.call1(IT, rows, undefined, 2) as AsyncIterable<unknown>) {
      seen.push(row);
      expect(finishedSpans()).toHaveLength(0);
    }
    expect(seen).toEqual([{ i: 0, span: 'rows' }, { i: 1, span: 'rows' }]);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('ends the span on break, and on a rejected step (same error)', async () => {
    for await (const row of tw.call1(IT, rows, undefined, 5) as AsyncIterable<unknown>) {
      expect(row).toBeDefined();
      break;
    }
    expect(finishedSpans()).toHaveLength(1);
    const error = new Error('stream reset');
    async function* failing() {
      yield 1;
      throw error;
    }
    const iterate = async () => {
      for await (const _ of tw.call0(IT, failing, undefined) as AsyncIterable<unknown>) void _;
    };
    await expect(iterate()).rejects.toBe(error);
    expect(simplifySpans(finishedSpans())[1]).toMatchObject({ status: 'error' });
  });

  it('wraps the value of a promise for an async iterable', async () => {
    const open = async () => rows(2);
    const result = tw.call0(IT, open, undefined) as Promise<AsyncIterable<unknown>>;
    expect(Object.getPrototypeOf(result)).toBe(Promise.prototype);
    const seen: unknown[] = [];
    for await (const row of await result) seen.push(row);
    expect(seen).toHaveLength(2);
    expect(finishedSpans()).toHaveLength(1);
    expect(startedSpanCount()).toBe(1);
  });

  it('records a rejected promise and rethrows its reason', async () => {
    const error = new Error('connect');
    await expect(tw.call0(IT, async () => { throw error; }, undefined)).rejects.toBe(error);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error' }]);
  });
});
