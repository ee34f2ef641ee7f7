/**
 * The plain span data the waterfall renderers take: what an exporter can send
 * over IPC or write as a JSON line, without SDK classes. Internal to the demo
 * and not exported from the package.
 * @internal
 */

/** A span kind, spelled as the OpenTelemetry API names it, lower case. @internal */
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** One finished span. Times are epoch milliseconds (fractions allowed). @internal */
export interface SpanData {
  traceId: string;
  spanId: string;
  /** Absent for a root span; may name a span that never arrived. */
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  startMs: number;
  endMs: number;
  attributes: Record<string, unknown>;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  /** `service.name` of the process that produced it. */
  service?: string;
}

