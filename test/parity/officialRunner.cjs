// Runs a parity scenario's plain (uninstrumented) compiled program under the official
// OpenTelemetry instrumentation of its library, in a process of its own: the official
// instrumentations patch a module when it is first required, so the SDK and the
// instrumentation are registered here before the program (and so the library) is loaded.
// Started by test/parity/run.ts with OTEL_SEMCONV_STABILITY_OPT_IN=database and one JSON
// argument { program, t, official: { package, className, config }, module }; prints one line
// `PARITY_RESULT <json>`: the finished spans (in start order) and the package versions.
'use strict';
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');

const input = JSON.parse(process.argv[2]);
const { op, recordSpan } = require('./spanRecord.cjs');

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

async function main() {
  const program = require(input.program);
  await program.run(input.t, op);
  await new Promise((resolve) => setTimeout(resolve, 20)); // spans ending on the next turn
  const spans = exporter.getFinishedSpans().map((span) => recordSpan(span, order.get(span) ?? Number.MAX_SAFE_INTEGER)).sort((a, b) => a.order - b.order);
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
