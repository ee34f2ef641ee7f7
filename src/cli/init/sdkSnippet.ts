/**
 * The SDK setup `init` prints last: instrumented code only creates spans
 * through `@opentelemetry/api`, so without a registered provider nothing is
 * exported. One file, preloaded with `--import`, OTLP/HTTP to a collector.
 */
export const SDK_SNIPPET = `Last step: register an OpenTelemetry SDK when the app starts. Save as otel.mjs:

  // npm i @tracewright/runtime @opentelemetry/api @opentelemetry/sdk-trace-node @opentelemetry/exporter-trace-otlp-http
  import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
  import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

  // Sends to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318); name the service with OTEL_SERVICE_NAME.
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  process.once('beforeExit', () => provider.shutdown());

and start the built app with it:  node --import ./otel.mjs dist/main.js
`;
