/**
 * The OpenTelemetry SDK setup each demo process preloads (`node -r out/otel.cjs
 * out/api.cjs`). tracewright needs nothing more than a registered tracer
 * provider; any SDK setup works.
 *
 * Spans go to the demo script that started the process (over its IPC channel,
 * as plain data for the waterfall), or printed as lines when the process runs
 * on its own; and over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

const service = process.env.OTEL_SERVICE_NAME ?? 'tracewright-demo';
const hrMs = ([s, ns]: [number, number]): number => s * 1e3 + ns / 1e6;
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

/** A span as plain data (the waterfall's SpanData). */
function plain(span: ReadableSpan) {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    startMs: hrMs(span.startTime),
    endMs: hrMs(span.endTime),
    attributes: span.attributes,
    status: { code: STATUS[span.status.code] ?? 'unset', message: span.status.message },
    service,
  };
}

const toParent: SpanExporter = {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
    if (process.send) process.send({ type: 'spans', spans: spans.map(plain) });
    else for (const span of spans) console.log(`span ${JSON.stringify(plain(span))}`);
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: async () => {},
};

const spanProcessors: SpanProcessor[] = [new SimpleSpanProcessor(toParent)];
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));

const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors });
provider.register();

// The demo script asks each process to flush (OTLP batches) before it stops it;
// if the script itself goes away, so does the process.
process.on('message', (message) => {
  if (message === 'shutdown') void provider.shutdown().finally(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
