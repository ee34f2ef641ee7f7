// Client spans are leaves (DESIGN.md §8): a CLIENT or PRODUCER site runs its
// callee with tracing suppressed, through the very key @opentelemetry/core's
// suppressTracing sets, so no span starts beneath it, for as long as the span
// is in flight; INTERNAL, SERVER and CONSUMER sites do not suppress. Hooks' onInject still gets the span's own,
// unsuppressed context, so the injected traceparent names our span.
// (What user code after the call sees: leafContinuations.test.ts.)
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing, unsuppressTracing } from '@opentelemetry/core';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import { SUPPRESS_TRACING_KEY } from '../../src/runtime/suppress.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans } from '../helpers/otel.js';
import { site } from './_sites.js';

const KINDS = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 } as const;
const CLIENT = site({ n: 'client', k: KINDS.client });
const PRODUCER = site({ n: 'producer', k: KINDS.producer });

/** What the callee saw: tracing suppressed, and the active span's name. */
interface Seen {
  suppressed: boolean;
  active: string | undefined;
}

function look(): Seen {
  const active = trace.getActiveSpan() as unknown as { name?: string } | undefined;
  return { suppressed: isTracingSuppressed(context.active()), active: active?.name };
}

/** A callee that looks at its context and tries to start a span of its own ('beneath'). */
function callee(into: Seen[]): (...args: unknown[]) => string {
  return () => {
    into.push(look());
    trace.getTracer('beneath').startSpan('beneath').end();
    return 'result';
  };
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('the suppression key', () => {
  it("is @opentelemetry/core's: core's isTracingSuppressed sees the runtime's key, and the runtime's key reads core's", () => {
    expect(isTracingSuppressed(ROOT_CONTEXT.setValue(SUPPRESS_TRACING_KEY, true))).toBe(true);
    expect(suppressTracing(ROOT_CONTEXT).getValue(SUPPRESS_TRACING_KEY)).toBe(true);
    expect(SUPPRESS_TRACING_KEY).toBe(Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING'));
  });
});

describe('which sites are leaves', () => {
  it('CLIENT and PRODUCER only, decided once per site', () => {
    const leaf = Object.fromEntries(Object.entries(KINDS).map(([name, k]) => [name, site({ k }).leaf]));
    expect(leaf).toEqual({ internal: false, server: false, client: true, producer: true, consumer: false });
  });
});

describe('a leaf site', () => {
  // Every helper shape: fixed arity (fast path), spread (general path), new, and a hooked site.
  const HOOKED = site({ n: 'hooked', k: KINDS.client, h: 'test.leaf' });
  registerHooks('test.leaf', { onStart() {} });
  const shapes: [string, (f: (...a: unknown[]) => unknown) => unknown][] = [
    ['call1 (fast path)', (f) => tw.call1(CLIENT, f, undefined, 1)],
    ['method2 (fast path)', (f) => tw.method2(CLIENT, { f }, 'f', 1, 2)],
    ['call with an argument array (general path)', (f) => tw.call(CLIENT, f, undefined, [1, 2, 3, 4])],
    ['construct', (f) => tw.construct(CLIENT, function (this: object) { f(); } as never, [])],
    ['a hooked site', (f) => tw.call1(HOOKED, f, undefined, 1)],
    ['a producer site', (f) => tw.call1(PRODUCER, f, undefined, 1)],
  ];
  for (const [name, run] of shapes) {
    it(`${name}: the callee runs inside our span with tracing suppressed; nothing starts beneath`, () => {
      const seen: Seen[] = [];
      run(callee(seen));
      expect(seen).toHaveLength(1);
      expect(seen[0]?.suppressed).toBe(true);
      expect(seen[0]?.active).toMatch(/^(client|hooked|producer)$/);
      expect(simplifySpans(finishedSpans()).map((s) => s.name)).toEqual([seen[0]?.active]);
      // Nothing leaks past the call: the caller's context is as it was.
      expect(isTracingSuppressed(context.active())).toBe(false);
    });
  }

  it('a leaf inside a leaf adds nothing either (a nested runtime site is suppressed too)', () => {
    const seen: Seen[] = [];
    tw.call0(CLIENT, () => tw.call0(PRODUCER, callee(seen), undefined), undefined);
    // The SDK hands the inner site a non-recording span (no name), which stays suppressed.
    expect(seen).toEqual([{ suppressed: true, active: undefined }]);
    expect(simplifySpans(finishedSpans()).map((s) => s.name)).toEqual(['client']);
  });

  it('a throwing callee: the error passes through, and the caller is not left suppressed', () => {
    const error = new Error('boom');
    expect(() => tw.call0(CLIENT, () => { throw error; }, undefined)).toThrow(error);
    expect(isTracingSuppressed(context.active())).toBe(false);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ name: 'client', status: 'error' }]);
  });
});

describe('suppression lasts as long as the span, not as long as the context', () => {
  // Library work started in the call keeps its context (a socket opened by a
  // connect keeps it for the life of the connection): once the span ended, that
  // context must not suppress the callbacks and events the library fires from it.
  it('a context captured in the callee suppresses until the span ends, then is the plain span context', () => {
    let captured: Context = ROOT_CONTEXT;
    let derived: Context = ROOT_CONTEXT;
    let during: boolean[] = [];
    tw.call0(CLIENT, () => {
      captured = context.active();
      derived = trace.setSpan(captured, trace.wrapSpanContext(trace.getActiveSpan()!.spanContext()));
      during = [isTracingSuppressed(captured), isTracingSuppressed(derived), isTracingSuppressed(unsuppressTracing(captured))];
    }, undefined);
    expect(during).toEqual([true, true, false]);
    expect([isTracingSuppressed(captured), isTracingSuppressed(derived)]).toEqual([false, false]);
    expect((trace.getSpan(captured) as unknown as { name: string }).name).toBe('client');
  });

  it('async work the library started: suppressed while the promise is pending, not after it settled', async () => {
    let captured: Context = ROOT_CONTEXT;
    let resolve!: () => void;
    const p = tw.call0(CLIENT, () => {
      captured = context.active();
      return new Promise<void>((r) => (resolve = r));
    }, undefined) as Promise<void>;
    await new Promise((r) => setImmediate(r));
    expect(isTracingSuppressed(captured)).toBe(true);
    resolve();
    await p;
    expect(isTracingSuppressed(captured)).toBe(false);
  });

  it('a leaf under a context already suppressed (core suppressTracing) stays suppressed after its end', () => {
    let captured: Context = ROOT_CONTEXT;
    context.with(suppressTracing(context.active()), () => tw.call0(CLIENT, () => (captured = context.active()), undefined));
    expect(isTracingSuppressed(captured)).toBe(true);
    expect(finishedSpans()).toHaveLength(0);
  });
});

describe("the callee's context carries our span without copying the parent's", () => {
  // The leaf context wraps the caller's context and answers the span key itself:
  // every derivation must read as trace.setSpan(parent, span) would.
  const KEY = Symbol('user key');
  it('derived contexts keep our span until they set or delete it; unsuppressing keeps it too', () => {
    let names: Record<string, string | undefined> = {};
    const nameOf = (c: Context) => (trace.getSpan(c) as unknown as { name?: string } | undefined)?.name;
    trace.getTracer('t').startActiveSpan('caller', (caller) => {
      tw.call0(CLIENT, () => {
        const ctx = context.active();
        const other = trace.getTracer('t').startSpan('other', {}, ROOT_CONTEXT);
        names = {
          ctx: nameOf(ctx),
          withValue: nameOf(ctx.setValue(KEY, 1)),
          deletedValue: nameOf(ctx.deleteValue(KEY)),
          replaced: nameOf(trace.setSpan(ctx, other)),
          replacedThenValue: nameOf(trace.setSpan(ctx, other).setValue(KEY, 1)),
          deleted: nameOf(trace.deleteSpan(ctx)),
          unsuppressed: nameOf(unsuppressTracing(ctx)),
          unsuppressedFromDerived: nameOf(unsuppressTracing(ctx.setValue(KEY, 1))),
        };
        expect(ctx.setValue(KEY, 1).getValue(KEY)).toBe(1);
        expect(isTracingSuppressed(unsuppressTracing(ctx.setValue(KEY, 1)))).toBe(false);
        other.end();
      }, undefined);
      caller.end();
    });
    expect(names).toEqual({
      ctx: 'client',
      withValue: 'client',
      deletedValue: 'client',
      replaced: 'other',
      replacedThenValue: 'other',
      deleted: undefined,
      unsuppressed: 'client',
      unsuppressedFromDerived: 'client',
    });
  });
});

describe('a site that is not a leaf', () => {
  for (const kind of ['internal', 'server', 'consumer'] as const) {
    it(`${kind}: the callee is not suppressed, and a span it starts is our span's child`, () => {
      const S = site({ n: kind, k: KINDS[kind] });
      const seen: Seen[] = [];
      tw.call1(S, callee(seen), undefined, 1);
      tw.call(S, callee(seen), undefined, [1, 2, 3, 4]);
      expect(seen).toEqual([
        { suppressed: false, active: kind },
        { suppressed: false, active: kind },
      ]);
      expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([
        [kind, null], ['beneath', kind], [kind, null], ['beneath', kind],
      ]);
    });
  }

  it('@span functions (always INTERNAL): their bodies still get child spans', () => {
    const FN = tw.sites(JSON.stringify({ v: 1, f: 'src/app.ts', s: [{ r: 'span', n: 'work', k: 0, m: 'auto' }], c: [[0, 1, 1]] }))[0]!;
    const seen: Seen[] = [];
    tw.span(FN, callee(seen));
    expect(seen).toEqual([{ suppressed: false, active: 'work' }]);
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([['work', null], ['beneath', 'work']]);
  });
});

describe('hooks of a leaf site', () => {
  it('onInject gets the unsuppressed span context, so the propagator injects a traceparent naming our span', () => {
    let injected: { suppressed: boolean; traceparent?: string } | undefined;
    registerHooks('test.leaf.inject', {
      onInject(_call, ctx: Context) {
        const carrier: Record<string, string> = {};
        propagation.inject(ctx, carrier);
        injected = { suppressed: isTracingSuppressed(ctx), traceparent: carrier.traceparent };
      },
    });
    const S = site({ n: 'GET', k: KINDS.client, h: 'test.leaf.inject' });
    const seen: Seen[] = [];
    tw.call1(S, callee(seen), undefined, 'http://example.test/');
    const [span] = finishedSpans();
    expect(seen).toEqual([{ suppressed: true, active: 'GET' }]);
    expect(injected?.suppressed).toBe(false);
    expect(injected?.traceparent).toBe(`00-${span?.spanContext().traceId}-${span?.spanContext().spanId}-01`);
  });
});
