// No SDK registered (this file never calls setupOtel; vitest runs each file in
// its own process): every helper performs the plain call — same values, same
// identities (no derived promise, no wrapper), no context work at all.
import { describe, expect, it } from 'vitest';
import { context, ROOT_CONTEXT, type ContextManager } from '@opentelemetry/api';
import * as tw from '../../src/runtime/index.js';
import { watch } from '../../src/runtime/otelGlobal.js';
import { site } from './_sites.js';

const KEY = Symbol.for('opentelemetry.js.api.1');
const AUTO = site({ n: 'auto' });
const CB = site({ n: 'cb', m: 'callback' });
const IT = site({ n: 'it', m: 'iterable' });
const HOOKED = site({ n: 'hooked', h: 'http', g: [['a', [[0]]]] });

function exerciseEveryHelper(): void {
  const value = { v: 1 };
  const f = (...args: unknown[]) => (args.length === 0 ? value : args);
  expect(tw.call0(AUTO, f, undefined)).toBe(value);
  expect(tw.call1(AUTO, f, undefined, 1)).toEqual([1]);
  expect(tw.call2(AUTO, f, undefined, 1, 2)).toEqual([1, 2]);
  expect(tw.call3(HOOKED, f, undefined, 1, 2, 3)).toEqual([1, 2, 3]);
  expect(tw.call(AUTO, f, undefined, [1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
  const recv = { m(this: unknown, ...args: unknown[]) { return [this, args.length]; } };
  expect(tw.method0(AUTO, recv, 'm')).toEqual([recv, 0]);
  expect(tw.method1(AUTO, recv, 'm', 1)).toEqual([recv, 1]);
  expect(tw.method2(AUTO, recv, 'm', 1, 2)).toEqual([recv, 2]);
  expect(tw.method3(AUTO, recv, 'm', 1, 2, 3)).toEqual([recv, 3]);
  expect(tw.method(AUTO, recv, 'm', [1, 2, 3, 4, 5])).toEqual([recv, 5]);
  class C {
    constructor(readonly a: unknown) {}
  }
  expect(tw.construct(AUTO, C, [7])).toEqual(new C(7));

  // identities: promises, callbacks, iterables, generators are not wrapped
  const promise = Promise.resolve(1);
  expect(tw.call0(AUTO, () => promise, undefined)).toBe(promise);
  const cb = () => undefined;
  let received: unknown;
  tw.call1(CB, (c: unknown) => (received = c), undefined, cb);
  expect(received).toBe(cb);
  const gen = (function* () { yield 1; })();
  expect(tw.call0(IT, () => gen, undefined)).toBe(gen);
  expect(tw.spanGenerator(AUTO, gen)).toBe(gen);
  expect(tw.span(AUTO, () => value)).toBe(value);

  // errors and TypeErrors pass through untouched
  const error = new Error('e');
  expect(() => tw.call0(AUTO, () => { throw error; }, undefined)).toThrow(error);
  expect(() => tw.call1(AUTO, undefined as never, undefined, 1)).toThrow(TypeError);
  expect(() => tw.method1(AUTO, {}, 'missing', 1)).toThrow(TypeError);
  expect(() => tw.method1(AUTO, null, 'm', 1)).toThrow(TypeError);

  // a missing site (unreadable site table) is harmless
  expect(tw.call1(undefined as never, (x: number) => x + 1, undefined, 1)).toBe(2);
}

describe('with no OpenTelemetry globals at all', () => {
  it('watches the global slot instead of reading a missing property', () => {
    expect((globalThis as Record<symbol, unknown>)[KEY]).toBeUndefined();
    expect(watch.watching).toBe(true);
    expect(typeof Object.getOwnPropertyDescriptor(globalThis, KEY)?.get).toBe('function');
  });

  it('calls every helper straight through', () => {
    exerciseEveryHelper();
  });
});

describe('with a context manager but no tracer provider', () => {
  it('does no context work', () => {
    let used = 0;
    const counting: ContextManager = {
      active: () => (used++, ROOT_CONTEXT),
      with: (ctx, fn, thisArg, ...args) => (used++, fn.call(thisArg, ...args)),
      bind: (_ctx, target) => target,
      enable() { return this; },
      disable() { return this; },
    };
    expect(context.setGlobalContextManager(counting)).toBe(true);
    // the API created its globals object: the slot is a plain data property again
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, KEY);
    expect(descriptor?.get).toBeUndefined();
    expect(descriptor?.writable).toBe(true);
    expect(watch.watching).toBe(false);
    exerciseEveryHelper();
    expect(used).toBe(0);
  });
});
