// Preload (`node --require`) of every variant of `bench/server.mjs`, the plain one included: the
// OpenTelemetry SDK 2.x as a service would register it (NodeTracerProvider, BatchSpanProcessor,
// AsyncLocalStorage context manager, W3C trace-context propagator), with an exporter that counts
// spans by kind and drops them. So the three variants differ only in what creates spans.
// With BENCH_SERVER_CHECK=1 (`node bench/server.mjs --check`) the exporter keeps the spans instead
// (InMemorySpanExporter) so the bench can print them.
// The bench talks to it over stdin: the line `report` flushes the processor and answers one JSON
// line `{"report":{...}}` on stdout (span counts by kind, the process's CPU time; in check mode
// the spans themselves).
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const { NodeTracerProvider, BatchSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace-node');

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const check = process.env.BENCH_SERVER_CHECK === '1';
const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
const dropping = {
  export(spans, done) {
    for (const span of spans) counts[KINDS[span.kind]]++;
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};
const memory = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(check ? memory : dropping)] });
provider.register({ contextManager: new AsyncLocalStorageContextManager(), propagator: new W3CTraceContextPropagator() });

/** What the check mode prints of a span: enough to see who made it, its route and its parent. */
function describe(span) {
  const a = span.attributes;
  return {
    name: span.name,
    kind: KINDS[span.kind],
    scope: span.instrumentationScope?.name,
    traceId: span.spanContext().traceId,
    parentSpanId: span.parentSpanContext?.spanId,
    route: a['http.route'],
    status: a['http.response.status_code'] ?? a['http.status_code'],
  };
}

/** The process's CPU time so far, µs: the bench reads it around each load run. */
function cpuUs() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function report() {
  await provider.forceFlush();
  if (!check) return { counts, cpuUs: cpuUs() };
  const spans = memory.getFinishedSpans();
  for (const span of spans) counts[KINDS[span.kind]]++;
  memory.reset();
  return { counts, spans: spans.map(describe) };
}

let pending = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    if (line === 'report') report().then((r) => process.stdout.write(JSON.stringify({ report: r }) + '\n'));
  }
});

module.exports = { provider };
