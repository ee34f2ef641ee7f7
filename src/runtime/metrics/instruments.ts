/**
 * Histograms of the registered meter provider, created lazily and cached per
 * provider: the semantic-convention duration metrics (`db.client.operation.duration`
 * now; the HTTP, messaging, RPC and GenAI durations later) each declare one
 * {@link HistogramInstrument} and ask it for the histogram at every call.
 *
 * The question "is a meter provider registered?" is asked on the traced path
 * of every call whose hooks record a metric, so it is cheap: one read of the
 * OpenTelemetry globals object (see otelGlobal.ts) and one identity check
 * against the provider seen last. The metrics API registers the provider
 * itself (no proxy, unlike traces), so a provider registered after this module
 * loaded (the SDK usually starts after the imports), a `metrics.disable()` and
 * a new registration are all noticed on the next call. With no provider,
 * nothing is created and nothing is recorded.
 */
import { diag, metrics, type Histogram, type Meter } from '@opentelemetry/api';
import { otelGlobal } from '../otelGlobal.js';
import { TRACER_NAME, TRACER_VERSION } from '../version.js';

/** What a histogram is created with (name, unit, description, bucket advice). */
export interface HistogramDefinition {
  /** The semantic-convention metric name, `db.client.operation.duration`. */
  readonly name: string;
  /** UCUM unit: `s` for the duration metrics. */
  readonly unit: string;
  /** The convention's description. */
  readonly description: string;
  /** The convention's `ExplicitBucketBoundaries` advice. */
  readonly boundaries: readonly number[];
}

// One meter per provider, shared by every instrument (scope `tracewright`, like the tracer).
let meterProvider: unknown;
let meter: Meter | undefined;

/** @internal The runtime's meter of `raw`, or `undefined` when the API does not accept it. */
function meterOf(raw: unknown): Meter | undefined {
  if (raw === meterProvider) return meter;
  meterProvider = raw;
  meter = undefined;
  // Through the API, so a provider registered by an incompatible API copy yields its no-op one.
  const provider = metrics.getMeterProvider();
  if (provider === raw) meter = provider.getMeter(TRACER_NAME, TRACER_VERSION);
  return meter;
}

let reportedFailure = false;

/**
 * One histogram of the semantic conventions, as the registered meter provider
 * has it. Declare one per metric (a module constant); {@link current} is the
 * per-call check.
 */
export class HistogramInstrument {
  /** The provider {@link histogram} belongs to (`undefined`: none seen yet). */
  private provider: unknown = undefined;
  private histogram: Histogram | undefined = undefined;

  constructor(readonly definition: HistogramDefinition) {}

  /**
   * The histogram to record into, or `undefined` when no meter provider is
   * registered (or the registered one is not usable). Never throws.
   */
  current(): Histogram | undefined {
    const api = otelGlobal();
    const raw = api === undefined ? undefined : api.metrics;
    if (raw === undefined) return undefined;
    if (raw !== this.provider) this.create(raw);
    return this.histogram;
  }

  /** @internal Creates the histogram for the provider `raw` (once per provider). */
  private create(raw: unknown): void {
    this.provider = raw;
    this.histogram = undefined;
    const { name, unit, description, boundaries } = this.definition;
    try {
      this.histogram = meterOf(raw)?.createHistogram(name, { unit, description, advice: { explicitBucketBoundaries: [...boundaries] } });
    } catch (error) {
      if (!reportedFailure) {
        reportedFailure = true;
        diag.error(`[tracewright] creating the ${name} histogram failed; it is not recorded: ${String(error)}`);
      }
    }
  }
}
