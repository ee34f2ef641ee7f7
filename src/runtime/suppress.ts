/**
 * Leaf spans (docs/behaviour.md, "Client spans are leaves"): a CLIENT/PRODUCER call runs
 * with tracing suppressed, so nothing beneath the driver adds a duplicate span.
 * The key is core's: `createContextKey` is `Symbol.for(description)`, so the
 * runtime (API only) makes the same symbol core's `suppressTracing` sets.
 * Suppression ends with the span: library work started in the call keeps its
 * context (a socket opened by a connect, for the connection's life), and its
 * later callbacks and events must not drop the spans users start there.
 */
import { createContextKey, type Context, type Span } from '@opentelemetry/api';
import { SPAN_KIND } from './siteSpec.js';

/** @internal The key core's `suppressTracing` sets to `true`. */
export const SUPPRESS_TRACING_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
/** @internal The key the API's `trace.setSpan` sets: the active span (the same `Symbol.for` in every API copy). */
export const SPAN_KEY: symbol = createContextKey('OpenTelemetry Context Key SPAN');

/** @internal CLIENT and PRODUCER spans are one outgoing operation; other kinds' callees get child spans. */
export function isLeafKind(kind: number): boolean {
  return kind === SPAN_KIND.client || kind === SPAN_KIND.producer;
}

/**
 * @internal A leaf callee's context: `base` carrying `span` as the active span
 * (what `trace.setSpan(base, span)` gives, without copying `base`'s map; the
 * one object a call allocates), suppressing while the span records
 * (`isRecording()` turns false at `end()`, as the specification says) and is
 * not released. Derived contexts share the root and keep the carried span
 * unless they set or delete the span key; deleting the suppression key (core's
 * `unsuppressTracing`) unwraps to a plain context carrying the same span.
 */
export class LeafContext implements Context {
  private readonly base: Context;
  /** The active span over `base`'s, until a derived context sets or deletes the span key. */
  private readonly carried: Span | undefined;
  /** The root's span, whose recording decides the suppression. */
  private readonly span: Span | undefined;
  private readonly root: LeafContext;
  private released = false;

  constructor(base: Context, span: Span | undefined, root?: LeafContext, carried: Span | undefined = span) {
    this.base = base;
    this.carried = carried;
    this.span = span;
    this.root = root ?? this;
  }

  getValue(key: symbol): unknown {
    if (key === SUPPRESS_TRACING_KEY && this.root.suppressing()) return true;
    if (key === SPAN_KEY && this.carried !== undefined) return this.carried;
    return this.base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LeafContext(this.base.setValue(key, value), undefined, this.root, key === SPAN_KEY ? undefined : this.carried);
  }

  deleteValue(key: symbol): Context {
    const base = this.base.deleteValue(key);
    if (key === SUPPRESS_TRACING_KEY) return this.carried === undefined ? base : base.setValue(SPAN_KEY, this.carried);
    return new LeafContext(base, undefined, this.root, key === SPAN_KEY ? undefined : this.carried);
  }

  /** Ends the suppression before the span ends (a hook's operation is over; user code runs inside). */
  release(): void {
    this.root.released = true;
  }

  private suppressing(): boolean {
    return !this.released && this.span !== undefined && this.span.isRecording();
  }
}
