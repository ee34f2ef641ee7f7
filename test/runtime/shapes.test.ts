// The tagged-template and forwarded-call helpers with an SDK registered: the tag receives the
// site's own template object and `this`, the span's arguments are the callee's real ones, the
// callee runs inside its span, and whatever the built-ins would reject runs as written.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';
import { site } from './_sites.js';

const S = site({ n: 'op', g: [['app.first', [[0]]], ['app.second', [[1]]]] });

function activeName(): string | undefined {
  return (trace.getActiveSpan() as unknown as ReadableSpan | undefined)?.name;
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('tag and tagMethod', () => {
  it('pass the same frozen strings array on every evaluation of a site, `this` undefined', () => {
    const seen: { strings: TemplateStringsArray; self: unknown; values: unknown[]; active: string | undefined }[] = [];
    function sql(this: unknown, strings: TemplateStringsArray, ...values: unknown[]) {
      seen.push({ strings, self: this, values, active: activeName() });
      return values.length;
    }
    const render = (x: number) => tw.tag(S, sql)`a${x}b${'c'}`;
    expect(render(1)).toBe(2);
    expect(render(2)).toBe(2);
    expect(seen[0]!.strings).toBe(seen[1]!.strings);
    expect(Object.isFrozen(seen[0]!.strings) && Object.isFrozen(seen[0]!.strings.raw)).toBe(true);
    expect(seen.map((s) => [s.self, s.values, s.active])).toEqual([[undefined, [1, 'c'], 'op'], [undefined, [2, 'c'], 'op']]);
    const spans = finishedSpans();
    expect(spans.map((s) => s.attributes['app.first'])).toEqual([['a', 'b', ''], ['a', 'b', '']]);
    expect(spans.map((s) => s.attributes['app.second'])).toEqual([1, 2]);
  });

  it('read the member tag once, before the substitutions, and call it on its receiver', () => {
    const order: string[] = [];
    const recv = {
      get sql() {
        order.push('get');
        return function (this: unknown, strings: TemplateStringsArray, ..._values: unknown[]) {
          order.push('call');
          return [this, strings.raw[0]];
        };
      },
    };
    const result = tw.tagMethod(S, recv, 'sql')`x${order.push('substitution')}`;
    expect(order).toEqual(['get', 'substitution', 'call']);
    expect(result).toEqual([recv, 'x']);
    order.length = 0;
    const viaReceiver = tw.tagReceiver(S, recv, 'sql').sql`y${order.push('substitution')}`;
    expect(order).toEqual(['get', 'substitution', 'call']);
    expect(viaReceiver).toEqual([recv, 'y']);
    expect(finishedSpans()).toHaveLength(2);
  });

  it('leave a tag that is not a function to throw the plain TypeError, after the substitutions, without a span', () => {
    let evaluated = false;
    expect(() => tw.tag(S, 42 as unknown as (...a: unknown[]) => unknown)`${(evaluated = true)}`).toThrow(TypeError);
    expect(evaluated).toBe(true);
    expect(() => tw.tagMethod(S, null as never, 'sql')).toThrow(TypeError);
    expect(() => tw.tagReceiver(S, { sql: 1 } as unknown as { sql: (...a: unknown[]) => unknown }, 'sql').sql``).toThrow(TypeError);
    expect(finishedSpans()).toHaveLength(0);
  });
});

describe('viaCall, viaApply, viaReflectApply', () => {
  function target(this: unknown, ...args: unknown[]) {
    return { self: this, args, active: activeName() };
  }
  const self = { name: 'self' };

  it('call the target with the given this and argument list, inside the span', () => {
    expect(tw.viaCall(S, target, [self, 1, 2])).toEqual({ self, args: [1, 2], active: 'op' });
    expect(tw.viaApply(S, target, [self, [3, 4]])).toEqual({ self, args: [3, 4], active: 'op' });
    expect(tw.viaApply(S, target, [self, { length: 1, 0: 'like' }])).toEqual({ self, args: ['like'], active: 'op' });
    expect(tw.viaApply(S, target, [self])).toEqual({ self, args: [], active: 'op' });
    expect(tw.viaReflectApply(S, Reflect, [target, self, [5, 6]])).toEqual({ self, args: [5, 6], active: 'op' });
    expect(finishedSpans().map((s) => [s.attributes['app.first'], s.attributes['app.second']])).toEqual([
      [1, 2], [3, 4], ['like', undefined], [undefined, undefined], [5, 6],
    ]);
  });

  it('run what the built-ins reject exactly as they do, without a span', () => {
    const plain = (fn: () => unknown) => {
      try {
        return fn();
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    };
    expect(plain(() => tw.viaApply(S, target, [self, 'ab']))).toBe(plain(() => target.apply(self, 'ab' as never)));
    expect(plain(() => tw.viaReflectApply(S, Reflect, [target, self]))).toBe(plain(() => Reflect.apply(target, self, undefined as never)));
    expect(plain(() => tw.viaReflectApply(S, Reflect, [42, self, []]))).toBe(plain(() => Reflect.apply(42 as never, self, [])));
    expect(plain(() => tw.viaCall(S, undefined, [self]))).toBe(plain(() => (undefined as unknown as typeof target).call(self)));
    expect(finishedSpans()).toHaveLength(0);
  });

  it('defer to a call or apply that is not the built-in (and to a replaced Reflect.apply)', () => {
    const own = Object.assign((x: number) => x, { call: (_t: unknown, x: number) => `own ${x}`, apply: () => 'own apply' });
    expect(tw.viaCall(S, own, [undefined, 1])).toBe('own 1');
    expect(tw.viaApply(S, own, [undefined, [1]])).toBe('own apply');
    const fakeReflect = { apply: (f: unknown, t: unknown, list: unknown[]) => ['fake', list] };
    expect(tw.viaReflectApply(S, fakeReflect, [target, self, [1]])).toEqual(['fake', [1]]);
    expect(finishedSpans()).toHaveLength(0);
  });

  it('record a throw on the span and rethrow the same error', () => {
    const error = new RangeError('no');
    expect(() => tw.viaCall(S, () => { throw error; }, [undefined])).toThrow(error);
    expect(finishedSpans()[0]?.status.code).toBe(2);
  });
});
