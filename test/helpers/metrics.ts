/**
 * The OpenTelemetry metrics SDK for tests: a `MeterProvider` with a reader
 * collected by hand, in delta temporality (each collection holds what was
 * recorded since the last one), and a readable view of one histogram's points.
 * Unlike the tracer provider of otel.ts, the meter provider may be registered,
 * disabled and replaced within a file (`metrics.disable()`): the runtime notices.
 */
import { metrics, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
} from '@opentelemetry/sdk-metrics';

/** A reader that exports nothing by itself: tests call {@link collectHistogram}. */
export class ManualReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A new meter provider with a {@link ManualReader}, registered globally (replacing any). */
export function registerMeterProvider(): { provider: MeterProvider; reader: ManualReader } {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.disable();
  if (!metrics.setGlobalMeterProvider(provider)) throw new Error('the meter provider was not registered');
  return { provider, reader };
}

/** One histogram point as tests compare it. */
export interface HistogramPoint {
  attributes: Attributes;
  count: number;
  sum: number;
  min: number | undefined;
  max: number | undefined;
  boundaries: number[];
}

/** What a collection holds of the histogram `name`. */
export interface CollectedHistogram {
  /** `undefined` when nothing was recorded into it since the last collection. */
  metric: HistogramMetricData | undefined;
  /** The instrumentation scope it was recorded under. */
  scope: { name: string; version?: string } | undefined;
  points: HistogramPoint[];
}

/** Collects `reader` and returns the histogram `name` (points in recording order of their series). */
export async function collectHistogram(reader: MetricReader, name: string): Promise<CollectedHistogram> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new AggregateError(errors, 'collecting metrics failed');
  const all = resourceMetrics.scopeMetrics.flatMap(({ scope, metrics: list }) => list.filter((m) => m.descriptor.name === name).map((metric) => ({ scope, metric })));
  if (all.length > 1) throw new Error(`${all.length} instruments named ${name}`);
  const metric = all[0]?.metric;
  if (metric === undefined) return { metric: undefined, scope: undefined, points: [] };
  if (metric.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
  const points = metric.dataPoints.map((p) => ({
    attributes: p.attributes,
    count: p.value.count,
    sum: p.value.sum ?? Number.NaN,
    min: p.value.min,
    max: p.value.max,
    boundaries: p.value.buckets.boundaries,
  }));
  return { metric, scope: all[0]?.scope, points };
}
