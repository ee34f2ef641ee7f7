// The runtime's metrics module without a database (this file registers its own
// providers and never calls setupOtel; vitest runs each file in its own process):
// - a meter provider but no tracer provider: the runtime makes the plain call
//   (the no-SDK fast path) and records nothing — the documented decision;
// - a tracer provider that samples nothing (AlwaysOff): every call is recorded,
//   error.type included, with no span exported (the documented way to get
//   metrics without spans);
// - the histogram cached per meter provider, noticed when registered late,
//   dropped on `metrics.disable()`; a broken metric or meter provider never
//   reaches the caller and the span still ends.
import { metrics, trace, type Meter, type MeterProvider } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { registerHooks, type CallStart, type Hooks } from '../../src/runtime/hooks/index.js';
import { DB_CLIENT_OPERATION_DURATION, dbMetricAttributes, dbOperationDuration } from '../../src/runtime/metrics/db.js';
import { withMetric } from '../../src/runtime/metrics/operation.js';
import { collectHistogram, registerMeterProvider } from '../helpers/metrics.js';
import { site } from './_sites.js';

const NAME = 'db.client.operation.duration';

/** A database-like hook: the attributes a db hook computes, and a status code on failure. */
const fakeDb: Hooks = {
  onStart(call: CallStart) {
    call.attributes['db.system.name'] = 'fakedb';
    call.attributes['db.query.text'] = 'SELECT * FROM t WHERE id = 1';
    call.attributes['db.query.summary'] = 'SELECT t';
    call.name = 'SELECT t';
  },
  onError(span, error) {
    if ((error as { code?: unknown }).code === 'E42') span.setAttribute('db.response.status_code', 'E42').setAttribute('error.type', 'E42');
  },
};
registerHooks('fakedb', withMetric(fakeDb, dbOperationDuration));
const SITE = site({ n: 'fakedb', k: 2, h: 'fakedb' });

const recv = {
  query(this: unknown, x: number): number {
    if (x < 0) throw Object.assign(new RangeError('negative'), x === -42 ? { code: 'E42' } : {});
    return x * 2;
  },
  async later(x: number): Promise<number> {
    await new Promise((r) => setTimeout(r, 20));
    return x;
  },
};

afterEach(() => {
  metrics.disable();
  trace.disable();
});

describe('a meter provider and no tracer provider', () => {
  it('the plain call, nothing recorded: metrics ride on the traced path', async () => {
    const { reader } = registerMeterProvider();
    expect(tw.method1(SITE, recv, 'query', 2)).toBe(4);
    expect(() => tw.method1(SITE, recv, 'query', -1)).toThrow(RangeError);
    expect((await collectHistogram(reader, NAME)).points).toEqual([]);
  });
});

describe('a tracer provider that samples nothing (AlwaysOff)', () => {
  it('records every call without exporting a span, with the attributes the hooks set', async () => {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    const { reader } = registerMeterProvider();
    expect(tw.method1(SITE, recv, 'query', 2)).toBe(4);
    expect(() => tw.method1(SITE, recv, 'query', -42)).toThrow(RangeError); // the hook's status code
    expect(() => tw.method1(SITE, recv, 'query', -1)).toThrow(RangeError); // the runtime's error.type
    expect(await tw.method1(SITE, recv, 'later', 5)).toBe(5);
    expect(exporter.getFinishedSpans()).toEqual([]);
    const { points } = await collectHistogram(reader, NAME);
    const byAttributes = points.map((p) => [p.attributes, p.count]);
    expect(byAttributes).toEqual([
      [{ 'db.system.name': 'fakedb', 'db.query.summary': 'SELECT t' }, 2], // query(2) and later(5)
      [{ 'db.system.name': 'fakedb', 'db.query.summary': 'SELECT t', 'db.response.status_code': 'E42', 'error.type': 'E42' }, 1],
      [{ 'db.system.name': 'fakedb', 'db.query.summary': 'SELECT t', 'error.type': 'RangeError' }, 1],
    ]);
    // The awaited call took its 20 ms: the runtime's own clock, in seconds.
    const ok = points[0]!;
    expect(ok.max).toBeGreaterThanOrEqual(0.015);
    expect(ok.max).toBeLessThan(2);
  });
});

describe('the histogram per meter provider', () => {
  it('none without a provider; created once per provider, with the advised boundaries; dropped on disable', async () => {
    expect(DB_CLIENT_OPERATION_DURATION.current()).toBeUndefined();
    const first = registerMeterProvider();
    const histogram = DB_CLIENT_OPERATION_DURATION.current();
    expect(histogram).toBeDefined();
    expect(DB_CLIENT_OPERATION_DURATION.current()).toBe(histogram);
    histogram!.record(0.02, { 'db.system.name': 'x' });
    const { metric, scope } = await collectHistogram(first.reader, NAME);
    expect(metric?.descriptor).toMatchObject({ name: NAME, unit: 's', advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10] } });
    expect(scope).toEqual(expect.objectContaining({ name: 'tracewright', version: expect.any(String) }));
    metrics.disable();
    expect(DB_CLIENT_OPERATION_DURATION.current()).toBeUndefined();
    registerMeterProvider();
    expect(DB_CLIENT_OPERATION_DURATION.current()).not.toBe(histogram);
  });

  it('attribute selection: the convention keys only, never the query text or the call site', () => {
    expect(
      dbMetricAttributes({
        'db.system.name': 'postgresql',
        'db.query.text': 'SELECT 1',
        'db.query.summary': 'SELECT',
        'db.operation.batch.size': 3,
        'code.file.path': 'src/a.ts',
        'code.line.number': 3,
        'server.address': 'db',
        'server.port': 5433,
        'network.peer.address': '10.0.0.1',
        'network.peer.port': 5433,
        'db.stored_procedure.name': 'p',
      }),
    ).toEqual({
      'db.system.name': 'postgresql',
      'db.query.summary': 'SELECT',
      'server.address': 'db',
      'server.port': 5433,
      'network.peer.address': '10.0.0.1',
      'network.peer.port': 5433,
      'db.stored_procedure.name': 'p',
    });
  });
});

describe('failures never reach the caller', () => {
  function tracing(): InMemorySpanExporter {
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ sampler: new AlwaysOnSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    return exporter;
  }

  it('a meter provider whose meter throws: the call and its span as usual', () => {
    const exporter = tracing();
    const broken: MeterProvider = {
      getMeter(): Meter {
        throw new Error('broken meter provider');
      },
    };
    metrics.setGlobalMeterProvider(broken);
    expect(tw.method1(SITE, recv, 'query', 3)).toBe(6);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['SELECT t']);
  });

  it('a metric whose start or end throws: the call and its span as usual, the span ended once', () => {
    const exporter = tracing();
    registerMeterProvider();
    registerHooks('broken.start', withMetric(fakeDb, { start: () => { throw new Error('start'); } }));
    registerHooks('broken.end', withMetric(fakeDb, { start: (span) => ({ span, end: () => { throw new Error('end'); } }) }));
    expect(tw.method1(site({ n: 'a', k: 2, h: 'broken.start' }), recv, 'query', 1)).toBe(2);
    expect(tw.method1(site({ n: 'b', k: 2, h: 'broken.end' }), recv, 'query', 1)).toBe(2);
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['SELECT t', 'SELECT t']);
  });
});
