// Runs a parity scenario's plain (uninstrumented) compiled program under the official
// OpenTelemetry instrumentation of its library, in a process of its own: the official
// instrumentations patch a module when it is first required, so the SDK and the
// instrumentation are registered here before the program (and so the library) is loaded.
// Started by test/parity/run.ts with OTEL_SEMCONV_STABILITY_OPT_IN=database and one JSON
// argument { program, t, official: { package, className, config }, module }; prints one line
// `PARITY_RESULT <json>`: the finished spans (in start order) and the package versions.
'use strict';
const { SpanKind, SpanStatusCode, trace } = require('@opentelemetry/api');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');

const input = JSON.parse(process.argv[2]);
const KINDS = { [SpanKind.INTERNAL]: 'internal', [SpanKind.SERVER]: 'server', [SpanKind.CLIENT]: 'client', [SpanKind.PRODUCER]: 'producer', [SpanKind.CONSUMER]: 'consumer' };

const order = new WeakMap();
let seq = 0;
const recorder = {
  onStart: (span) => order.set(span, seq++),
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [recorder, new SimpleSpanProcessor(exporter)] });
provider.register();
const Instrumentation = require(input.official.package)[input.official.className];
registerInstrumentations({ instrumentations: [new Instrumentation(input.official.config ?? {})] });

const tracer = trace.getTracer('tracewright-parity');
/** Runs one operation inside its marker span; it must fail or succeed as the scenario declares. */
function op(id, fails, fn) {
  return tracer.startActiveSpan(`parity ${id}`, async (span) => {
    let failed = false;
    try {
      await fn();
    } catch (error) {
      if (!fails) throw error;
      failed = true;
    } finally {
      span.end();
    }
    if (fails && !failed) throw new Error(`operation ${id} was expected to fail and did not`);
  });
}

function simple(span) {
  const attributes = {};
  for (const key of Object.keys(span.attributes).sort()) attributes[key] = span.attributes[key];
  return {
    id: span.spanContext().spanId,
    parentId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    attributes,
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
    events: span.events.map((e) => e.name),
    order: order.get(span) ?? Number.MAX_SAFE_INTEGER,
  };
}

async function main() {
  const program = require(input.program);
  await program.run(input.t, op);
  await new Promise((resolve) => setTimeout(resolve, 20)); // spans ending on the next turn
  const spans = exporter.getFinishedSpans().map(simple).sort((a, b) => a.order - b.order);
  const versions = {
    instrumentation: require(`${input.official.package}/package.json`).version,
    library: require(`${input.module}/package.json`).version,
  };
  process.stdout.write(`PARITY_RESULT ${JSON.stringify({ spans, versions })}\n`);
  await provider.shutdown();
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
