/**
 * The tracer and the span start: the tracer cached per provider delegate, the
 * parent context read once and passed to `startSpan` explicitly.
 */
import { context, diag, ROOT_CONTEXT, trace, type Context, type ContextManager, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { otelGlobal, type OtelApiGlobal } from './otelGlobal.js';
import { LeafContext } from './suppress.js';
import { TRACER_NAME, TRACER_VERSION } from './version.js';

interface DelegatingProvider {
  getDelegate?(): unknown;
  getTracer(name: string, version?: string): Tracer;
}

// The tracer is cached per provider delegate: `trace.disable()` plus a new
// registration (or a new delegate on the proxy) is picked up on the next call.
let seenGlobal: unknown;
let provider: DelegatingProvider | undefined;
let seenDelegate: unknown;
let tracer: Tracer | undefined;
// Whether the API accepts the registered globals (a compatible version): only
// then does the runtime use the registered context manager directly.
let compatible = false;

/** @internal The `tracewright` tracer of the provider registered now. */
export function currentTracer(api: OtelApiGlobal | undefined = otelGlobal()): Tracer {
  const raw = api?.trace;
  if (raw !== seenGlobal || provider === undefined) {
    seenGlobal = raw;
    // Through the API, so an incompatible global copy yields the no-op provider.
    provider = trace.getTracerProvider() as DelegatingProvider;
    compatible = raw !== undefined && provider === raw;
  }
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
  if (delegate !== seenDelegate || tracer === undefined) {
    seenDelegate = delegate;
    tracer = provider.getTracer(TRACER_NAME, TRACER_VERSION);
  }
  return tracer;
}

/** @internal What runs a function in a context: the registered manager, or the API. */
export type ContextRunner = Pick<ContextManager, 'with'>;

/**
 * Out-parameters of {@link startSpan}: the parent context, the context
 * carrying the new span (`undefined` for a leaf: see {@link spanContext}), the
 * context the callee runs in, and what runs it. Module state instead of a
 * returned tuple keeps the hot path allocation-free; read them right after
 * the call, before any other instrumented code can run.
 * @internal
 */
export const started: { parent: Context; ctx: Context | undefined; run: Context; runner: ContextRunner } = {
  parent: ROOT_CONTEXT,
  ctx: ROOT_CONTEXT,
  run: ROOT_CONTEXT,
  runner: context,
};

// The API singletons, read once: in CommonJS output every `context.x` would
// go through the API's re-export getter, on the hot path.
const contextApi = context;
const traceApi = trace;

let reportedStartFailure = false;

/**
 * Start a span as a child of the active context (read once, passed to the
 * tracer explicitly). Returns `undefined` when the tracer throws: the call
 * then runs without a span rather than failing.
 *
 * `started.run`, where the callee runs, is the span's context, suppressing
 * while the span is in flight for a `leaf` (one `LeafContext` over the parent,
 * made once per call here). The span's unsuppressed context (`onInject` must
 * inject a `traceparent` naming this span, and propagators skip suppressed
 * contexts) is `started.ctx`, or for a leaf {@link spanContext}.
 *
 * The registered context manager is called directly (`active`, and `with`
 * through `started.runner`) when the API accepts the registered globals:
 * exactly what `context.active()` / `context.with()` do, minus the API's
 * per-call global lookup and version check (about 3% of a traced call). With
 * no manager registered, or an incompatible one, the API itself is used.
 * @internal
 */
export function startSpan(name: string, options: SpanOptions, leaf: boolean): Span | undefined {
  let span: Span | undefined;
  try {
    const api = otelGlobal();
    const spanTracer = currentTracer(api);
    const manager = compatible ? api?.context : undefined;
    const parent = manager !== undefined ? manager.active() : contextApi.active();
    span = spanTracer.startSpan(name, options, parent);
    if (leaf) {
      // The span's own context is made only if a hook asks for it (spanContext).
      started.ctx = undefined;
      started.run = new LeafContext(parent, span);
    } else {
      started.run = started.ctx = traceApi.setSpan(parent, span);
    }
    started.parent = parent;
    started.runner = manager !== undefined ? manager : contextApi;
    return span;
  } catch (error) {
    if (!reportedStartFailure) {
      reportedStartFailure = true;
      diag.error(`[tracewright] starting a span failed; calls run untraced: ${String(error)}`);
    }
    if (span !== undefined) endSpan(span);
    return undefined;
  }
}

/** @internal The context carrying `span` over `parent`, unsuppressed: `started.ctx`, made now for a leaf. */
export function spanContext(parent: Context, span: Span, ctx: Context | undefined): Context {
  return ctx ?? traceApi.setSpan(parent, span);
}

/** @internal `span.end()` that never throws into user code. */
export function endSpan(span: Span): void {
  try {
    span.end();
  } catch {
    // A broken span processor must not break the instrumented program.
  }
}
