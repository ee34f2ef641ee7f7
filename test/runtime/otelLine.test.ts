// Which OpenTelemetry JS line this run uses, so that CI's Node 22 leg cannot silently fall
// back to the 2.x devDependencies: with TRACEWRIGHT_OTEL_SDK set (see test/helpers/otelLine.ts)
// the registered globals are API 1.10's, the provider is @opentelemetry/sdk-trace 3's, the API
// the runtime imports is that same module, and a span the runtime starts reaches that SDK.
import * as api from '@opentelemetry/api';
import * as core from '@opentelemetry/core';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { SUPPRESS_TRACING_KEY } from '../../src/runtime/suppress.js';
import { finishedSpans, resetSpans, setupOtel, type OtelSetup } from '../helpers/otel.js';
import { otelPackageVersion, otelRequire, otelSdkDir } from '../helpers/otelLine.js';
import { site } from './_sites.js';
import { skipBecause } from '../helpers/skips.js';

const S = site({ n: 'op' });
const registered = (): string | undefined =>
  (globalThis as { [k: symbol]: { version?: string } | undefined })[Symbol.for('opentelemetry.js.api.1')]?.version;
let otel: OtelSetup;

beforeAll(() => {
  otel = setupOtel();
  resetSpans();
});

describe.skipIf(skipBecause(otelSdkDir() === undefined && 'the OpenTelemetry JS 3.x line: TRACEWRIGHT_OTEL_SDK is not set (CI\'s Node 22 leg sets it)'))('the OpenTelemetry JS 3.x line (TRACEWRIGHT_OTEL_SDK)', () => {
  it('runs on Node >= 22.15 with API 1.10, sdk-trace 3, core 3, context-async-hooks 3', () => {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(major > 22 || (major === 22 && minor >= 15), process.version).toBe(true);
    expect(otel.line).toBe(3);
    expect(otelPackageVersion('@opentelemetry/api')).toMatch(/^1\.10\./);
    for (const name of ['@opentelemetry/sdk-trace', '@opentelemetry/core', '@opentelemetry/context-async-hooks']) {
      expect(otelPackageVersion(name), name).toMatch(/^3\./);
    }
  });

  it('registered the globals through API 1.10, with the provider of sdk-trace 3', () => {
    expect(registered()).toMatch(/^1\.10\./);
    const { TracerProvider } = otelRequire()('@opentelemetry/sdk-trace') as { TracerProvider: new () => object };
    expect(otel.provider).toBeInstanceOf(TracerProvider);
    expect((api.trace.getTracerProvider() as api.ProxyTracerProvider).getDelegate()).toBe(otel.provider);
  });

  it('the runtime and the tests import the very API and core the SDK requires', () => {
    const req = otelRequire();
    expect(api.trace).toBe((req('@opentelemetry/api') as typeof api).trace);
    expect(core.isTracingSuppressed).toBe((req('@opentelemetry/core') as typeof core).isTracingSuppressed);
    // core 3's suppression key is the runtime's (leaf spans stay leaves under the 3.x SDK)
    expect(core.isTracingSuppressed(api.ROOT_CONTEXT.setValue(SUPPRESS_TRACING_KEY, true))).toBe(true);
  });

  it('a span the runtime starts reaches the 3.x SDK, under the active parent', () => {
    resetSpans();
    const value = api.trace.getTracer('test').startActiveSpan('parent', (parent) => {
      try {
        return tw.call1(S, (x: number) => x + 1, undefined, 1);
      } finally {
        parent.end();
      }
    });
    expect(value).toBe(2);
    const [op, parent] = finishedSpans();
    expect(op?.name).toBe('op');
    expect(op?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });
});

describe.skipIf(skipBecause(otelSdkDir() !== undefined && 'the 2.x devDependencies: TRACEWRIGHT_OTEL_SDK selects the 3.x line instead'))('the OpenTelemetry JS 2.x devDependencies (default)', () => {
  it('registered the globals through API 1.9 with sdk-trace-node 2', () => {
    expect(otel.line).toBe(2);
    expect(registered()).toMatch(/^1\.9\./);
    expect(otelPackageVersion('@opentelemetry/sdk-trace-node')).toMatch(/^2\./);
    tw.call0(S, () => 1, undefined);
    expect(finishedSpans().map((s) => s.name)).toEqual(['op']);
  });
});
