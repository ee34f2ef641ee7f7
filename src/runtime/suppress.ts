/**
 * Leaf spans (README "Client spans are leaves"): a CLIENT/PRODUCER call runs
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

/** @internal CLIENT and PRODUCER spans are one outgoing operation; other kinds' callees get child spans. */
export function isLeafKind(kind: number): boolean {
  return kind === SPAN_KIND.client || kind === SPAN_KIND.producer;
}

/**
 * @internal A leaf callee's context: `base` (the span's), suppressing while the
 * span records (`isRecording()` turns false at `end()`, as the specification
 * says) and is not released. Derived contexts share the root (the one object a
 * call allocates); deleting the key (core's `unsuppressTracing`) unwraps.
 */
export class LeafContext implements Context {
  private readonly base: Context;
  private readonly span: Span | undefined;
  private readonly root: LeafContext;
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

  /** Ends the suppression before the span ends (a hook's operation is over; user code runs inside). */
  release(): void {
    this.root.released = true;
  }

  private suppressing(): boolean {
    return !this.released && this.span !== undefined && this.span.isRecording();
  }
}
