/**
 * The OpenTelemetry SDK for tests: one tracer provider per process
 * (AsyncLocalStorage context manager, W3C propagator) exporting to memory,
 * and a stable, readable view of the finished spans.
 *
 * The provider comes from the OpenTelemetry JS line under test (see
 * `otelLine.ts`): `NodeTracerProvider` of the 2.x devDependencies, or, with
 * `TRACEWRIGHT_OTEL_SDK` set (CI's Node 22 leg), `TracerProvider` of
 * `@opentelemetry/sdk-trace` 3 with the context manager and propagator
 * registered through API 1.10 the way the README's 3.x snippet does.
 *
 * To test the no-SDK path, use a test file that never calls `setupOtel()`
 * (vitest isolates files), or a child process.
 */
import * as api from '@opentelemetry/api';
import { SpanKind, SpanStatusCode, type Attributes, type AttributeValue, type Context, type TracerProvider } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { otelRequire, otelSdkDir, OTEL_SDK_ENV } from './otelLine.js';

/** Remembers the start order and the name of every span, finished or not. */
class StartRecorder implements SpanProcessor {
  private seq = 0;
  started = 0;
  readonly order = new WeakMap<object, number>();
  readonly names = new Map<string, string>();
  onStart(span: Span, _parent: Context): void {
    this.order.set(span, this.seq++);
    this.started++;
    this.names.set(span.spanContext().spanId, span.name);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** What `setupOtel()` registered. */
export interface OtelSetup {
  provider: TracerProvider & { forceFlush(): Promise<void>; shutdown(): Promise<void> };
  exporter: InMemorySpanExporter;
  /** The OpenTelemetry JS line the provider comes from. */
  line: 2 | 3;
}

interface State extends OtelSetup {
  recorder: StartRecorder;
}

// On globalThis, like the OpenTelemetry globals themselves: a test file that
// runs after another in the same process (fresh modules, same globals) must
// find the registered provider rather than fail to register a second one.
const STATE = Symbol.for('tracewright.test.otel');
const holder = globalThis as unknown as { [STATE]?: State };

function state(): State {
  const existing = holder[STATE];
  if (existing === undefined) throw new Error('setupOtel() was not called in this test file');
  return existing;
}

/** Register the in-memory SDK once per process (idempotent). */
export function setupOtel(): OtelSetup {
  const existing = holder[STATE];
  if (existing !== undefined) return existing;
  const recorder = new StartRecorder();
  const created: State = { ...(otelSdkDir() === undefined ? registerLine2(recorder) : registerLine3(recorder)), recorder };
  holder[STATE] = created;
  return created;
}

function registerLine2(recorder: StartRecorder): OtelSetup {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [recorder, new SimpleSpanProcessor(exporter)] });
  provider.register();
  return { provider, exporter, line: 2 };
}

/** The slice of the 3.x packages used here (their types are not installed at type-check time). */
interface Sdk3 {
  TracerProvider: new (options: { spanProcessors: SpanProcessor[] }) => OtelSetup['provider'];
  SimpleSpanProcessor: new (options: { exporter: InMemorySpanExporter }) => SpanProcessor;
  InMemorySpanExporter: new () => InMemorySpanExporter;
}

function registerLine3(recorder: StartRecorder): OtelSetup {
  const req = otelRequire();
  const api3 = req('@opentelemetry/api') as typeof api;
  // The test code and src/runtime must import this very API (vitest.config.mts aliases it),
  // else they would run on the devDependency API 1.9 and the leg would not test API 1.10.
  if (api3.trace !== api.trace) {
    throw new Error(`${OTEL_SDK_ENV} is set but '@opentelemetry/api' in the tests is not the one of ${otelSdkDir()} (see vitest.config.mts)`);
  }
  const sdk = req('@opentelemetry/sdk-trace') as Sdk3;
  const { AsyncLocalStorageContextManager } = req('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const core = req('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const exporter = new sdk.InMemorySpanExporter();
  const provider = new sdk.TracerProvider({ spanProcessors: [recorder, new sdk.SimpleSpanProcessor({ exporter })] });
  api3.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api3.propagation.setGlobalPropagator(
    new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
  );
  api3.trace.setGlobalTracerProvider(provider);
  return { provider, exporter, line: 3 };
}

/**
 * A second in-memory provider of the line under test, not registered (to swap in
 * with `trace.setGlobalTracerProvider` or a proxy's `setDelegate`).
 */
export function memoryProvider(): OtelSetup {
  if (state().line === 2) {
    const exporter = new InMemorySpanExporter();
    return { provider: new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }), exporter, line: 2 };
  }
  const sdk = otelRequire()('@opentelemetry/sdk-trace') as Sdk3;
  const exporter = new sdk.InMemorySpanExporter();
  return { provider: new sdk.TracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor({ exporter })] }), exporter, line: 3 };
}

/** Forget the finished spans. */
export function resetSpans(): void {
  const s = state();
  s.exporter.reset();
  s.recorder.names.clear();
  s.recorder.started = 0;
}

/** How many spans started since the last `resetSpans()` (to check that every one ended). */
export function startedSpanCount(): number {
  return state().recorder.started;
}

/** The spans finished since the last `resetSpans()`, in the order they ended. */
export function finishedSpans(): ReadableSpan[] {
  return state().exporter.getFinishedSpans();
}

/** The rank of `span` in start order since the SDK was set up (for views other than {@link simplifySpans}). */
export function startOrder(span: ReadableSpan): number {
  return state().recorder.order.get(span) ?? Number.MAX_SAFE_INTEGER;
}

/** A span as tests compare it. */
export interface SimpleSpan {
  name: string;
  kind: 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  attributes: Record<string, AttributeValue | undefined>;
  status: 'unset' | 'ok' | 'error';
  events: string[];
  /** Name of the parent span, or null for a root span. */
  parent: string | null;
}

const KINDS: Record<number, SimpleSpan['kind']> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

function sortedAttributes(attributes: Attributes): Record<string, AttributeValue | undefined> {
  const out: Record<string, AttributeValue | undefined> = {};
  for (const key of Object.keys(attributes).sort()) out[key] = attributes[key];
  return out;
}

/**
 * Spans in start order (deterministic even when start times tie), with kind
 * and status as words, event names only, and the parent by name
 * (`'<unknown>'` for a parent this process never saw start).
 */
export function simplifySpans(spans: readonly ReadableSpan[]): SimpleSpan[] {
  const { recorder } = state();
  const rank = (span: ReadableSpan): number => recorder.order.get(span) ?? Number.MAX_SAFE_INTEGER;
  return [...spans]
    .sort((a, b) => rank(a) - rank(b))
    .map((span) => {
      const parentId = span.parentSpanContext?.spanId;
      return {
        name: span.name,
        kind: KINDS[span.kind] ?? 'internal',
        attributes: sortedAttributes(span.attributes),
        status: span.status.code === SpanStatusCode.ERROR ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
        events: span.events.map((event) => event.name),
        parent: parentId === undefined ? null : (recorder.names.get(parentId) ?? '<unknown>'),
      };
    });
}
