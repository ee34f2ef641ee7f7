// Registers the OpenTelemetry SDK and prints every finished span as one line.
// Any SDK setup works: tracewright only needs @opentelemetry/api's global provider.
import { NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';

const printer: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    for (const s of spans) console.log(`span ${s.name} ${JSON.stringify(s.attributes)}`);
    done({ code: 0 });
  },
  shutdown: async () => {},
};
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(printer)] }).register();
