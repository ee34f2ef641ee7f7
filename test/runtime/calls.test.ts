// The call helpers with an SDK registered: the wrapped call behaves exactly like
// the plain one (this, argument values and count, identity of values, the
// TypeError for a non-callable target) and runs inside its span's context.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { context, trace, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { codeAttributes, site } from './_sites.js';

const S = site({ n: 'op', k: 2, a: { 'db.system.name': 'test' } });

function activeName(): string | undefined {
  return (trace.getActiveSpan() as unknown as ReadableSpan | undefined)?.name;
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('call0..call3', () => {
  it('pass the evaluated arguments, exactly as many, and return the same value', () => {
    const out = { result: true };
    const seen: unknown[][] = [];
    function f(this: unknown, ...args: unknown[]) {
      seen.push(args);
      return out;
    }
    const a = {};
    const b = [1];
    expect(tw.call0(S, f, undefined)).toBe(out);
    expect(tw.call1(S, f, undefined, a)).toBe(out);
    expect(tw.call2(S, f, undefined, a, b)).toBe(out);
    expect(tw.call3(S, f, undefined, a, b, undefined)).toBe(out);
    expect(seen.map((args) => args.length)).toEqual([0, 1, 2, 3]);
    expect(seen[2]?.[0]).toBe(a);
    expect(seen[2]?.[1]).toBe(b);
    expect(finishedSpans()).toHaveLength(4);
  });

  it('call a strict function with this === undefined, a sloppy one with the global object', () => {
    const strict = function (this: unknown) {
      'use strict';
      return this;
    };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const sloppy = new Function('return this') as () => unknown;
    expect(tw.call0(S, strict, undefined)).toBeUndefined();
    expect(tw.call1(S, strict, undefined, 1)).toBeUndefined();
    expect(tw.call0(S, sloppy, undefined)).toBe(globalThis);
  });

  it('use an explicit thisArg when given', () => {
    const self = {};
    expect(tw.call1(S, function (this: unknown) { return this; }, self, 1)).toBe(self);
  });

  it('run the callee inside the span, and restore the caller context after', () => {
    const outer = trace.getTracer('t').startSpan('outer');
    let inside: string | undefined;
    context.with(trace.setSpan(context.active(), outer), () => {
      tw.call1(S, () => (inside = activeName()), undefined, 0);
      expect(trace.getActiveSpan()).toBe(outer);
    });
    outer.end();
    expect(inside).toBe('op');
    const spans = simplifySpans(finishedSpans());
    expect(spans.find((s) => s.name === 'op')).toEqual({
      name: 'op',
      kind: 'client',
      attributes: { 'db.system.name': 'test', ...codeAttributes() },
      status: 'unset',
      events: [],
      parent: 'outer',
    });
  });

  it('nest spans for nested instrumented calls under non-leaf spans', () => {
    // S is a CLIENT site, a leaf: nothing nests under it (leaf.test.ts). INTERNAL sites nest.
    const outer = site({ n: 'outer' });
    const inner = site({ n: 'inner' });
    tw.call0(outer, () => tw.call0(inner, () => tw.call0(inner, () => 1, undefined), undefined), undefined);
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([
      ['outer', null],
      ['inner', 'outer'],
      ['inner', 'inner'],
    ]);
  });

  it('work with await in arguments (the helper only sees evaluated values)', async () => {
    const value = await tw.call1(S, async (x: number) => x * 2, undefined, await Promise.resolve(21));
    expect(value).toBe(42);
  });

  it('throw the TypeError of a plain call for a non-callable target, without a span', () => {
    for (const target of [undefined, null, 42, {}, { call() {} }]) {
      expect(() => tw.call1(S, target as never, undefined, 1)).toThrow(TypeError);
      expect(() => tw.call(S, target as never, undefined, [1, 2, 3, 4])).toThrow(TypeError);
    }
    expect(startedSpanCount()).toBe(0);
  });
});

describe('method0..method3', () => {
  it('read the method once, after the arguments, and call it with this === receiver', () => {
    const log: string[] = [];
    const recv = {
      get m() {
        log.push('lookup');
        return function (this: unknown, ...args: unknown[]) {
          log.push(`call ${args.length}`);
          return this;
        };
      },
    };
    const arg = () => (log.push('arg'), 1);
    expect(tw.method0(S, recv, 'm')).toBe(recv);
    expect(tw.method1(S, recv, 'm', arg())).toBe(recv);
    expect(tw.method2(S, recv, 'm', arg(), arg())).toBe(recv);
    expect(tw.method3(S, recv, 'm', arg(), arg(), arg())).toBe(recv);
    expect(tw.method(S, recv, 'm', [arg(), arg(), arg(), arg()])).toBe(recv);
    expect(log).toEqual([
      'lookup', 'call 0',
      'arg', 'lookup', 'call 1',
      'arg', 'arg', 'lookup', 'call 2',
      'arg', 'arg', 'arg', 'lookup', 'call 3',
      'arg', 'arg', 'arg', 'arg', 'lookup', 'call 4',
    ]);
    expect(finishedSpans()).toHaveLength(5);
  });

  it('accept any property key: symbols, numbers, objects converted once', () => {
    const sym = Symbol('m');
    let conversions = 0;
    const key = { toString: () => (conversions++, 'k') };
    const recv = { [sym]: (x: number) => x + 1, 3: (x: number) => x + 3, k: (x: number) => x + 10 };
    expect(tw.method1(S, recv, sym, 1)).toBe(2);
    expect(tw.method1(S, recv, 3, 1)).toBe(4);
    expect(tw.method1(S, recv, key as never, 1)).toBe(11);
    expect(conversions).toBe(1);
  });

  it('call methods of primitives with the primitive as this', () => {
    expect(tw.method0(S, 'abc', 'toUpperCase')).toBe('ABC');
    expect(tw.method1(S, 5, 'toFixed', 1)).toBe('5.0');
  });

  it('throw TypeError for a missing method or receiver, without a span', () => {
    expect(() => tw.method1(S, {}, 'nope', 1)).toThrow(TypeError);
    expect(() => tw.method1(S, undefined, 'm', 1)).toThrow(TypeError);
    expect(() => tw.method(S, null, 'm', [])).toThrow(TypeError);
    expect(() => tw.method0(S, { m: 1 }, 'm')).toThrow(TypeError);
    expect(startedSpanCount()).toBe(0);
  });

  it('keep a method that has an own `call` or `bind` working', () => {
    const m = function (this: unknown) {
      return this;
    };
    m.call = () => 'wrong';
    m.bind = () => () => 'wrong';
    const recv = { m };
    expect(tw.method0(S, recv, 'm')).toBe(recv);
    expect(tw.call0(S, m, undefined)).toBeUndefined();
  });
});

describe('call / method with an argument array', () => {
  it('spread the array as the arguments, any length', () => {
    const f = (...args: unknown[]) => args;
    const xs = [1, 2, 3];
    const args = [...xs, 4, 5];
    const got = tw.call(S, f, undefined, args) as unknown[];
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(tw.call(S, f, undefined, [])).toEqual([]);
    const recv = { m(this: unknown, ...a: unknown[]) { return [this, a.length]; } };
    expect(tw.method(S, recv, 'm', [1, 2, 3, 4])).toEqual([recv, 4]);
  });
});

describe('construct', () => {
  it('constructs with new.target === C and the given arguments', () => {
    let target: unknown;
    class C {
      args: unknown[];
      constructor(...args: unknown[]) {
        target = new.target;
        this.args = args;
      }
    }
    const c = tw.construct(S, C, [1, 'a']) as C;
    expect(c).toBeInstanceOf(C);
    expect(target).toBe(C);
    expect(c.args).toEqual([1, 'a']);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('returns the object a constructor returns explicitly', () => {
    const other = { other: true };
    function F() {
      return other;
    }
    expect(tw.construct(S, F as never, [])).toBe(other);
  });

  it('throws TypeError for a non-constructor', () => {
    expect(() => tw.construct(S, 42 as never, [])).toThrow(TypeError);
    const arrow = () => 1;
    expect(() => tw.construct(S, arrow as never, [])).toThrow(TypeError);
  });
});

describe('the span', () => {
  it('carries name, kind, static and code attributes, and ends at return for a sync call', () => {
    let during = -1;
    tw.call0(S, () => (during = finishedSpans().length), undefined);
    expect(during).toBe(0);
    expect(simplifySpans(finishedSpans())).toEqual([
      { name: 'op', kind: 'client', attributes: { 'db.system.name': 'test', ...codeAttributes() }, status: 'unset', events: [], parent: null },
    ]);
  });

  it('is started with the parent read once and passed explicitly', () => {
    const parent = trace.getTracer('t').startSpan('parent');
    const ctx = trace.setSpan(context.active(), parent);
    let child: Span | undefined;
    context.with(ctx, () => tw.call0(S, () => (child = trace.getActiveSpan()), undefined));
    parent.end();
    expect((child as unknown as ReadableSpan).parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });
});
