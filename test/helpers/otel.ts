/**
 * The OpenTelemetry SDK for tests: one `NodeTracerProvider` per process
 * (AsyncLocalStorage context manager, W3C propagator) exporting to memory,
 * and a stable, readable view of the finished spans.
 *
 * To test the no-SDK path, use a test file that never calls `setupOtel()`
 * (vitest isolates files), or a child process.
 */
import { SpanKind, SpanStatusCode, type Attributes, type AttributeValue, type Context } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';

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
  provider: NodeTracerProvider;
  exporter: InMemorySpanExporter;
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
  const exporter = new InMemorySpanExporter();
  const recorder = new StartRecorder();
  const provider = new NodeTracerProvider({ spanProcessors: [recorder, new SimpleSpanProcessor(exporter)] });
  provider.register();
  const created: State = { provider, exporter, recorder };
  holder[STATE] = created;
  return created;
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
