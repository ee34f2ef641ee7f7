// The tracer: `tracewright` with the package version, cached per provider
// delegate (a re-registered provider is picked up), and a broken SDK never
// breaks the instrumented call.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { context, ProxyTracerProvider, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as tw from '../../src/runtime/index.js';
import { TRACER_NAME, TRACER_VERSION } from '../../src/runtime/version.js';
import { finishedSpans, memoryProvider, resetSpans, setupOtel, type OtelSetup } from '../helpers/otel.js';
import { site } from './_sites.js';

const S = site({ n: 'op' });
let helper: OtelSetup;

function useProvider(provider: TracerProvider): void {
  trace.disable();
  expect(trace.setGlobalTracerProvider(provider)).toBe(true);
}

beforeAll(() => {
  helper = setupOtel();
});
beforeEach(() => {
  resetSpans();
});
afterEach(() => {
  useProvider(helper.provider);
});

describe('the tracer', () => {
  it('is named tracewright with the package version (both packages are versioned together)', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const runtimePkg = JSON.parse(readFileSync(new URL('../../packages/runtime/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(TRACER_VERSION).toBe(pkg.version);
    expect(runtimePkg.version).toBe(pkg.version);
    tw.call0(S, () => 1, undefined);
    expect(finishedSpans()[0]?.instrumentationScope).toMatchObject({ name: TRACER_NAME, version: pkg.version });
    expect(TRACER_NAME).toBe('tracewright');
  });

  it('follows a re-registered provider, and back', () => {
    const { provider, exporter: other } = memoryProvider();
    useProvider(provider);
    tw.call0(S, () => 1, undefined);
    expect(other.getFinishedSpans()).toHaveLength(1);
    expect(finishedSpans()).toHaveLength(0);
    useProvider(helper.provider);
    tw.call0(S, () => 1, undefined);
    expect(finishedSpans()).toHaveLength(1);
    expect(other.getFinishedSpans()).toHaveLength(1);
  });

  it('follows a new delegate on the registered proxy', () => {
    const { provider, exporter: other } = memoryProvider();
    const proxy = trace.getTracerProvider() as ProxyTracerProvider;
    proxy.setDelegate(provider);
    tw.call0(S, () => 1, undefined);
    expect(other.getFinishedSpans()).toHaveLength(1);
    proxy.setDelegate(helper.provider);
  });

  it('uses the API (no-op context) when no context manager is registered', () => {
    context.disable();
    try {
      const outer = trace.getTracer('t').startSpan('outer');
      const got = context.with(trace.setSpan(context.active(), outer), () => tw.call1(S, (x: number) => x + 1, undefined, 1));
      outer.end();
      expect(got).toBe(2);
      const op = finishedSpans().find((s) => s.name === 'op');
      expect(op?.parentSpanContext).toBeUndefined(); // no context manager: no parent, as for any instrumentation
    } finally {
      expect(context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())).toBe(true);
    }
    tw.call0(S, () => 1, undefined);
    expect(finishedSpans()).toHaveLength(3);
  });

  it('lets the call run untraced when the SDK throws at start', () => {
    const broken: TracerProvider = {
      getTracer: () =>
        ({
          startSpan: () => {
            throw new Error('broken sampler');
          },
        }) as unknown as Tracer,
    };
    useProvider(broken);
    expect(tw.call1(S, (x: number) => x + 1, undefined, 1)).toBe(2);
    expect(tw.call(S, (...xs: number[]) => xs.length, undefined, [1, 2, 3, 4])).toBe(4);
    expect(tw.spanGenerator(S, [1][Symbol.iterator]())).toBeDefined();
  });

  it('survives a span whose methods throw', () => {
    const hostileSpan = new Proxy({}, { get: () => () => { throw new Error('span bug'); } });
    useProvider({ getTracer: () => ({ startSpan: () => hostileSpan }) as unknown as Tracer });
    expect(tw.call1(S, (x: number) => x + 1, undefined, 1)).toBe(2);
    const error = new Error('user');
    expect(() => tw.call0(S, () => { throw error; }, undefined)).toThrow(error);
  });
});
