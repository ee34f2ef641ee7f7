// Preload (`node --require`) of the bench's traced variants: the OpenTelemetry SDK 2.x as an app
// would register it (NodeTracerProvider, BatchSpanProcessor) with an exporter that drops spans
// after counting them. `globalThis.__benchSpans()` flushes and returns the names of the spans
// exported so far (the app calls it after its timings, so the flush is never timed).
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');

const seen = [];
const dropping = {
  export(spans, done) {
    for (const span of spans) seen.push(`${span.name} (${['internal', 'server', 'client', 'producer', 'consumer'][span.kind]})`);
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
};
const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping)] });
provider.register();

globalThis.__benchSpans = async () => {
  await provider.forceFlush();
  return seen;
};
module.exports = { provider };
