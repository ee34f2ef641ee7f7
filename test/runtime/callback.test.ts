// Result mode callback: the last function argument is wrapped; its first call
// ends the span (truthy first argument = error), then the original runs with
// the same this and arguments in the caller's context.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { site } from './_sites.js';

const CB = site({ n: 'readFile', m: 'callback' });

type Callback = (this: unknown, err: unknown, value?: unknown) => unknown;

/** A Node-style async API calling back later, from inside the span's context. */
function readFile(this: unknown, path: string, options: unknown, cb: Callback): string {
  const self = this;
  setImmediate(() => cb.call(self, path === 'missing' ? new Error('ENOENT') : null, `data of ${path}`));
  return 'returned';
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('callback mode', () => {
  it('ends the span when the callback is called, not at return', async () => {
    const got = await new Promise<unknown[]>((resolve) => {
      const ret = tw.call3(CB, readFile, undefined, 'a.txt', {}, (err: unknown, data: unknown) => resolve([err, data]));
      expect(ret).toBe('returned');
      expect(finishedSpans()).toHaveLength(0);
    });
    expect(got).toEqual([null, 'data of a.txt']);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ name: 'readFile', status: 'unset' }]);
  });

  it('records a truthy first argument as the error', async () => {
    const err = await new Promise((resolve) => tw.call3(CB, readFile, undefined, 'missing', {}, resolve));
    expect(err).toBeInstanceOf(Error);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error', events: ['exception'], attributes: { 'error.type': 'Error' } }]);
  });

  it('passes the same this and arguments, and keeps the callback length', () => {
    let seenThis: unknown;
    let seenArgs: unknown[] = [];
    let seenLength = -1;
    const self = { name: 'emitter' };
    const api = {
      op(cb: (...a: unknown[]) => unknown) {
        seenLength = cb.length;
        cb.call(self, null, 1, 2);
      },
    };
    tw.method1(CB, api, 'op', function (this: unknown, ...args: unknown[]) {
      seenThis = this;
      seenArgs = args;
    });
    expect(seenThis).toBe(self);
    expect(seenArgs).toEqual([null, 1, 2]);
    expect(seenLength).toBe(0);
    tw.method1(CB, api, 'op', (_a: unknown, _b: unknown, _c: unknown) => undefined);
    expect(seenLength).toBe(3);
  });

  it("runs the callback in the caller's context, not the span's", async () => {
    const caller = trace.getTracer('t').startSpan('caller');
    const inside = await context.with(trace.setSpan(context.active(), caller), () =>
      new Promise<string | undefined>((resolve) =>
        tw.call3(CB, readFile, undefined, 'a', {}, () => resolve((trace.getActiveSpan() as unknown as ReadableSpan).name)),
      ),
    );
    caller.end();
    expect(inside).toBe('caller');
  });

  it('wraps the last function argument only', () => {
    const first = () => 'first';
    let received: unknown;
    const f = (a: unknown, b: unknown) => {
      received = a;
      (b as () => void)();
    };
    tw.call2(CB, f, undefined, first, () => {});
    expect(received).toBe(first);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('ends once when the callback is called twice; both calls reach the original', () => {
    let calls = 0;
    tw.call1(CB, (cb: Callback) => {
      cb(null);
      cb(new Error('late'));
    }, undefined, () => calls++);
    expect(calls).toBe(2);
    expect(startedSpanCount()).toBe(1);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'unset' }]);
  });

  it('records a synchronous throw; a later callback call still reaches the original', () => {
    const error = new Error('sync');
    let later: (() => void) | undefined;
    let calls = 0;
    expect(() =>
      tw.call1(CB, (cb: Callback) => {
        later = () => cb(null);
        throw error;
      }, undefined, () => calls++),
    ).toThrow(error);
    later?.();
    expect(calls).toBe(1);
    expect(finishedSpans()).toHaveLength(1);
    expect(finishedSpans()[0]?.status.code).toBe(2);
  });

  it('behaves as auto when there is no function argument', async () => {
    const result = tw.call1(CB, async (x: number) => x + 1, undefined, 1);
    expect(finishedSpans()).toHaveLength(0);
    expect(await result).toBe(2);
    expect(finishedSpans()).toHaveLength(1);
    tw.call1(CB, (x: number) => x, undefined, 1);
    expect(finishedSpans()).toHaveLength(2);
  });

  it('works through the general helpers (spread arguments)', () => {
    let got: unknown;
    tw.call(CB, (a: unknown, b: unknown, c: unknown, cb: Callback) => cb(null, [a, b, c]), undefined, [1, 2, 3, (_: unknown, v: unknown) => (got = v)]);
    expect(got).toEqual([1, 2, 3]);
    expect(finishedSpans()).toHaveLength(1);
  });
});
