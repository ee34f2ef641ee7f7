/**
 * Duration metrics of an operation whose span the runtime starts and ends:
 * `db.client.operation.duration` now, the HTTP, messaging and RPC client
 * durations later. A hook module's entry attaches one to its hooks
 * (`metric` in {@link Hooks}); the runtime starts a measurement right after
 * the span started and ends it where the span ends (record.ts).
 *
 * - Duration: the span's own (start to end, as the SDK computed it) when the
 *   span exposes it (an SDK span), so metric and span agree exactly as the
 *   conventions ask; otherwise (an unsampled span) the runtime's clock read
 *   right after the span started and right before it ended.
 * - Attributes: chosen from the span's attributes at its end by the metric's
 *   selection (low-cardinality keys only, never `db.query.text`); for a span
 *   that keeps none (unsampled), from the call's attributes and what the hooks
 *   set on an {@link AttributeTap} during the call.
 * - Independent of sampling: an unsampled call is recorded like a sampled one.
 *   Recording needs the traced path, though: with no tracer provider
 *   registered the runtime makes the plain call (the no-SDK fast path), and
 *   no metric is recorded (see docs/libraries.md, "Metric: db.client.operation.duration").
 * - With no meter provider registered, {@link SpanDurationMetric.start} only
 *   checks that (see instruments.ts) and nothing is allocated or recorded.
 */
import type { Attributes, Histogram, Span } from '@opentelemetry/api';
import type { CallMeasurement, CallMetric, CallStart, Hooks } from '../hooks/types.js';
import { endSpan } from '../tracer.js';
import { AttributeTap } from './attributeTap.js';
import type { HistogramInstrument } from './instruments.js';

/** Picks the metric's attributes from the span's (a new object: the SDK may keep it). */
export type AttributeSelection = (spanAttributes: Attributes) => Attributes;

/** A histogram of the duration of each call's span, with attributes selected from the span's. */
export class SpanDurationMetric implements CallMetric {
  constructor(
    readonly instrument: HistogramInstrument,
    readonly select: AttributeSelection,
  ) {}

  start(span: Span, call: CallStart): CallMeasurement | undefined {
    const histogram = this.instrument.current();
    return histogram === undefined ? undefined : new SpanDuration(histogram, this.select, span, call.attributes);
  }
}

/** @internal An SDK span's attributes, or `undefined` for a span that keeps none. */
function exposedAttributes(span: Span): Attributes | undefined {
  const attributes = (span as { attributes?: unknown }).attributes;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Attributes) : undefined;
}

/** @internal An ended SDK span's duration in seconds (`[seconds, nanoseconds]`), else `undefined` (a span that keeps none). */
export function spanSeconds(span: unknown): number | undefined {
  const duration = (span as { duration?: unknown } | null)?.duration;
  if (!Array.isArray(duration)) return undefined;
  const [s, ns] = duration as unknown[];
  return typeof s === 'number' && typeof ns === 'number' && s >= 0 && ns >= 0 ? s + ns / 1e9 : undefined;
}

/** @internal One call's measurement. */
class SpanDuration implements CallMeasurement {
  readonly span: Span;
  private readonly startedAt = performance.now();

  constructor(
    private readonly histogram: Histogram,
    private readonly select: AttributeSelection,
    private readonly real: Span,
    private readonly attributes: Attributes,
  ) {
    this.span = exposedAttributes(real) !== undefined ? real : new AttributeTap(real, attributes);
  }

  end(): void {
    const stoppedAt = performance.now();
    endSpan(this.real);
    try {
      const seconds = spanSeconds(this.real) ?? (stoppedAt - this.startedAt) / 1000;
      this.histogram.record(seconds, this.select(exposedAttributes(this.real) ?? this.attributes));
    } catch {
      // A throwing attribute getter or reader never reaches user code.
    }
  }
}

/** `hooks` with `metric` attached (a copy: the hook module's own object is left as it is). */
export function withMetric(hooks: Hooks, metric: CallMetric): Hooks {
  return { ...hooks, metric };
}

/**
 * A metric's attribute selection: the values `span` has for `keys` (a new object; a key the
 * span lacks is absent). Each duration metric lists the keys its convention allows.
 */
export function attributeSelector(keys: readonly string[]): (span: Attributes) => Attributes {
  return (span) => {
    const out: Attributes = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const value = span[key];
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
}
