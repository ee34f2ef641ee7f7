/**
 * Leaf spans: a CLIENT or PRODUCER span runs its call with tracing suppressed
 * beneath it, so that nothing under the driver (a runtime instrumentation of
 * the same library, an HTTP or net instrumentation, a definition-site rule)
 * adds a second span for the same operation.
 *
 * The runtime may depend on `@opentelemetry/api` only, so it cannot import
 * `suppressTracing` from `@opentelemetry/core`. It does not need to: core's key
 * is `createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING')`, and
 * the API's `createContextKey` is `Symbol.for(description)` (every 1.x
 * version), so the key created here is the very same symbol. The SDK's tracer,
 * the W3C propagator and the instrumentations all read it with core's
 * `isTracingSuppressed` (`getValue(key) === true`; test/runtime/leaf.test.ts
 * proves it against the installed core).
 *
 * Suppression lasts as long as the span, not as long as the context. The
 * callee's context is captured by whatever async work the library starts in
 * it, and some of that outlives the call: a socket opened by `client.connect()`
 * or by a pool's first `query()` keeps it for the life of the connection, so
 * pg's callbacks, `notification` and `row` events, an ioredis subscriber's
 * `message` events... would run suppressed forever, and spans the user starts
 * there would be dropped. With core's static `suppressTracing(ctx)` that is what
 * happens. So the leaf context answers `true` for the key only while the span
 * is recording (the SDK's `isRecording()` turns false at `end()`, as the
 * specification says it should) and until a hook releases it; afterwards the
 * same context is the plain span context, exactly what these callbacks saw
 * before leaf spans existed.
 */
import { createContextKey, type Context, type Span } from '@opentelemetry/api';
import { SPAN_KIND } from './siteSpec.js';

/**
 * @internal The key `@opentelemetry/core`'s `suppressTracing` sets to `true`
 * (`ctx.setValue(SUPPRESS_TRACING_KEY, true)` is its whole implementation).
 */
export const SUPPRESS_TRACING_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * @internal Whether spans of `kind` are leaves. CLIENT and PRODUCER spans stand
 * for one outgoing operation: whatever runs beneath them is the library doing
 * that operation. INTERNAL, SERVER and CONSUMER spans wrap work whose callees
 * (user code, further calls) must still get spans of their own.
 */
export function isLeafKind(kind: number): boolean {
  return kind === SPAN_KIND.client || kind === SPAN_KIND.producer;
}

/**
 * @internal The context a leaf's callee runs in: `base` (the span's context)
 * with tracing suppressed while the leaf is in flight. Contexts derived from it
 * (an instrumentation beneath setting its own span) share its root, so they
 * stop suppressing at the same moment; deleting the key (core's
 * `unsuppressTracing`) gives a plain context again. The root is the one object
 * a leaf call allocates for this (`new LeafContext(ctx, span)`).
 */
export class LeafContext implements Context {
  private readonly base: Context;
  /** The leaf's span (on the root). */
  private readonly span: Span | undefined;
  /** The context created for the call; derived contexts point to it. */
  private readonly root: LeafContext;
  /** Set on the root by {@link release}. */
  private released = false;

  constructor(base: Context, span: Span | undefined, root?: LeafContext) {
    this.base = base;
    this.span = span;
    this.root = root ?? this;
  }

  getValue(key: symbol): unknown {
    if (key === SUPPRESS_TRACING_KEY && this.root.suppressing()) return true;
    return this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LeafContext(this.base.setValue(key, value), undefined, this.root);
  }

  deleteValue(key: symbol): Context {
    const base = this.base.deleteValue(key);
    return key === SUPPRESS_TRACING_KEY ? base : new LeafContext(base, undefined, this.root);
  }

  /**
   * Ends suppression beneath this leaf before its span ends: for a hook whose
   * operation is over while the span still runs (an HTTP response, read by the
   * caller's listeners). Idempotent.
   */
  release(): void {
    this.root.released = true;
  }

  private suppressing(): boolean {
    return !this.released && this.span !== undefined && this.span.isRecording();
  }
}
