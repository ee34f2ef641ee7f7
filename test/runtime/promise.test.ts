// Result mode auto/promise: a plain native promise is replaced by a derived one
// settling alike; other promises keep their identity and are observed; nothing
// that is not a promise is probed for `then`.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { context, trace } from '@opentelemetry/api';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';
import { site } from './_sites.js';

const AUTO = site({ n: 'auto', m: 'auto' });
const PROMISE = site({ n: 'promise', m: 'promise' });
const SYNC = site({ n: 'sync', m: 'sync' });

const tick = () => new Promise((resolve) => setImmediate(resolve));

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('a plain native promise', () => {
  for (const S of [AUTO, PROMISE]) {
    it(`(${S.spec.m}) is replaced by a native promise fulfilling with the same value, span ended then`, async () => {
      const value = { v: 1 };
      let resolve!: (v: unknown) => void;
      const original = new Promise((r) => (resolve = r));
      const result = tw.call0(S, () => original, undefined) as Promise<unknown>;
      expect(result).not.toBe(original);
      expect(Object.getPrototypeOf(result)).toBe(Promise.prototype);
      await tick();
      expect(finishedSpans()).toHaveLength(0);
      resolve(value);
      expect(await result).toBe(value);
      expect(finishedSpans()).toHaveLength(1);
      expect(finishedSpans()[0]?.status.code).toBe(0);
    });
  }

  it('rejects the derived promise with the same reason', async () => {
    const reason = new Error('no');
    const result = tw.call0(AUTO, () => Promise.reject(reason), undefined) as Promise<unknown>;
    await expect(result).rejects.toBe(reason);
    expect(finishedSpans()[0]?.status.code).toBe(2);
  });

  it('leaves the caller in its own context after awaiting', async () => {
    const outer = trace.getTracer('t').startSpan('outer');
    await context.with(trace.setSpan(context.active(), outer), async () => {
      await tw.call0(AUTO, async () => {
        await tick();
        return 1;
      }, undefined);
      expect(trace.getActiveSpan()).toBe(outer);
    });
    outer.end();
  });

  it('is returned unchanged in sync mode, the span ending at return', () => {
    const original = new Promise(() => {});
    expect(tw.call0(SYNC, () => original, undefined)).toBe(original);
    expect(finishedSpans()).toHaveLength(1);
  });
});

describe('promises that must keep their identity', () => {
  class MyPromise<T> extends Promise<T> {}

  it('a subclass instance is returned as is and observed', async () => {
    const original = MyPromise.resolve(5);
    const result = tw.call0(AUTO, () => original, undefined);
    expect(result).toBe(original);
    expect(finishedSpans()).toHaveLength(0);
    expect(await result).toBe(5);
    await tick();
    expect(finishedSpans()).toHaveLength(1);
  });

  it('a rejected subclass instance is recorded as an error', async () => {
    const reason = new Error('sub');
    const original = MyPromise.reject(reason);
    const result = tw.call0(AUTO, () => original, undefined);
    expect(result).toBe(original);
    await expect(result).rejects.toBe(reason);
    await tick();
    expect(finishedSpans()[0]?.status.code).toBe(2);
  });

  it('a subclass overriding then is observed without calling its then', async () => {
    let thenCalls = 0;
    class Lazy<T> extends Promise<T> {
      override then<A, B>(...args: Parameters<Promise<T>['then']>): Promise<A | B> {
        thenCalls++;
        return super.then(...args) as Promise<A | B>;
      }
    }
    const original = new Lazy((resolve) => resolve(1));
    expect(tw.call0(AUTO, () => original, undefined)).toBe(original);
    expect(thenCalls).toBe(0);
    await tick();
    expect(finishedSpans()).toHaveLength(1);
  });

  it('a promise with own properties (a hybrid) is returned as is', async () => {
    const hybrid = Object.assign(Promise.resolve(1), { cancel() {} });
    const hidden = Promise.resolve(2);
    Object.defineProperty(hidden, 'abort', { value: () => {}, enumerable: false });
    expect(tw.call0(AUTO, () => hybrid, undefined)).toBe(hybrid);
    expect(tw.call0(AUTO, () => hidden, undefined)).toBe(hidden);
    await tick();
    expect(finishedSpans()).toHaveLength(2);
  });
});

describe('values that are not native promises', () => {
  it('are never probed for then, and end the span at return', () => {
    let reads = 0;
    const thenable = {
      get then() {
        reads++;
        throw new Error('then must not be read');
      },
    };
    const fn = Object.defineProperty(() => 1, 'then', {
      get() {
        reads++;
        return undefined;
      },
    });
    expect(tw.call0(AUTO, () => thenable, undefined)).toBe(thenable);
    expect(tw.call0(PROMISE, () => thenable, undefined)).toBe(thenable);
    expect(tw.call0(AUTO, () => fn, undefined)).toBe(fn);
    expect(reads).toBe(0);
    expect(finishedSpans()).toHaveLength(3);
  });

  it('a Proxy result gets no get trap call', () => {
    const traps: PropertyKey[] = [];
    const proxy = new Proxy({}, { get: (_t, key) => (traps.push(key), undefined), has: (_t, key) => (traps.push(key), false) });
    expect(tw.call0(AUTO, () => proxy, undefined)).toBe(proxy);
    expect(traps).toEqual([]);
  });

  it('a Proxy pretending to be a promise is returned unchanged', () => {
    const fake = new Proxy({}, { getPrototypeOf: () => Promise.prototype });
    expect(tw.call0(AUTO, () => fake, undefined)).toBe(fake);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('a promise of another realm is not recognised: kept, span ended at return', () => {
    const foreign = runInNewContext('Promise.resolve(1)') as Promise<number>;
    expect(tw.call0(AUTO, () => foreign, undefined)).toBe(foreign);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('primitives and undefined pass through', () => {
    expect(tw.call0(AUTO, () => undefined, undefined)).toBeUndefined();
    expect(tw.call0(AUTO, () => 'x', undefined)).toBe('x');
    expect(finishedSpans()).toHaveLength(2);
  });
});
