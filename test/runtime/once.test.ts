// Every started span ends exactly once, across result modes, helpers, outcomes
// and consumers (exhaustive product), with and without hooks; no double end()
// and no operation on an ended span is reported by the SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import type { ResultModeCode } from '../../src/runtime/siteSpec.js';
import { finishedSpans, resetSpans, setupOtel, startedSpanCount } from '../helpers/otel.js';
import { captureDiag, endedSpanMisuse } from './_diag.js';
import { site } from './_sites.js';

type Cb = (err: unknown, value?: unknown) => void;
const tick = () => new Promise((r) => setImmediate(r));
class SubPromise<T> extends Promise<T> {}

/** Callees by outcome; each takes a callback as its last argument (ignored unless it calls back). */
const callees: Record<string, (x: unknown, cb: Cb) => unknown> = {
  value: (x) => x,
  throws: () => {
    throw new Error('sync');
  },
  resolves: async (x) => x,
  rejects: async () => {
    throw new Error('async');
  },
  subResolves: (x) => SubPromise.resolve(x),
  subRejects: () => SubPromise.reject(new Error('sub')),
  callsBackNow: (x, cb) => cb(null, x),
  callsBackLaterWithError: (_x, cb) => void setImmediate(() => cb(new Error('cb'))),
  callsBackTwice: (x, cb) => (cb(null, x), cb(null, x)),
  callsBackThenThrows: (_x, cb) => {
    cb(null);
    throw new Error('after callback');
  },
  generator: function* (x) {
    yield x;
    yield x;
  },
  failingGenerator: function* () {
    yield 1;
    throw new Error('gen');
  },
  asyncGenerator: async function* (x) {
    await tick();
    yield x;
    yield x;
  },
  promiseOfIterable: async (x) => [x, x],
};

// `install` sites open no span: nothing to end once.
const forMode: Record<Exclude<ResultModeCode, 'install'>, string[]> = {
  auto: ['value', 'throws', 'resolves', 'rejects', 'subResolves', 'subRejects'],
  promise: ['value', 'throws', 'resolves', 'rejects', 'subResolves', 'subRejects'],
  sync: ['value', 'throws', 'resolves', 'rejects'],
  callback: ['callsBackNow', 'callsBackLaterWithError', 'callsBackTwice', 'callsBackThenThrows', 'throws'],
  iterable: ['value', 'throws', 'rejects', 'generator', 'failingGenerator', 'asyncGenerator', 'promiseOfIterable'],
};

/** Consume whatever came back: await promises, iterate iterables fully or partly. */
async function consume(result: unknown, partly: boolean): Promise<void> {
  let value = result;
  if (value instanceof Promise) value = await value.catch(() => undefined);
  if (value === null || typeof value !== 'object') return;
  try {
    if (Symbol.asyncIterator in value) {
      for await (const _ of value as AsyncIterable<unknown>) if (partly) break;
    } else if (Symbol.iterator in value) {
      for (const _ of value as Iterable<unknown>) if (partly) break;
    }
  } catch {
    // failing iterators are part of the product
  }
}

type Helper = (S: tw.Site, f: (x: unknown, cb: Cb) => unknown, cb: Cb) => unknown;
const helpers: Record<string, Helper> = {
  call2: (S, f, cb) => tw.call2(S, f, undefined, 1, cb),
  method2: (S, f, cb) => tw.method2(S, { f }, 'f', 1, cb),
  call: (S, f, cb) => tw.call(S, f, undefined, [1, cb]),
};

let diagMessages: string[] = [];
beforeAll(() => {
  setupOtel();
  diagMessages = captureDiag();
  registerHooks('once.hooks', {
    onStart: (call) => void (call.attributes.hooked = true),
    onResult: (_span, _result, end) => {
      setImmediate(end); // take over, end later
      return true;
    },
    onError: (span) => void span.setAttribute('error.type', 'hooked'),
  });
});
afterAll(() => {
  expect(endedSpanMisuse(diagMessages)).toEqual([]);
});

describe('every started span ends exactly once', () => {
  for (const hooked of [false, true]) {
    it(`across the whole product${hooked ? ', with hooks' : ''}`, async () => {
      resetSpans();
      let runs = 0;
      for (const [mode, kinds] of Object.entries(forMode) as [ResultModeCode, string[]][]) {
        const S = site({ n: mode, m: mode, ...(hooked ? { h: 'once.hooks' } : {}) });
        for (const kind of kinds) {
          for (const helper of Object.values(helpers)) {
            for (const partly of [false, true]) {
              runs++;
              let result: unknown;
              try {
                result = helper(S, callees[kind] as (x: unknown, cb: Cb) => unknown, () => undefined);
              } catch {
                continue;
              }
              await consume(result, partly);
            }
          }
        }
      }
      for (let i = 0; i < 5; i++) await tick();
      expect(startedSpanCount()).toBe(runs);
      const spans = finishedSpans();
      expect(spans).toHaveLength(runs);
      expect(new Set(spans.map((s) => s.spanContext().spanId)).size).toBe(runs);
    });
  }
});
