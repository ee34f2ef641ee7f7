// Preload of the bench's "official" Fastify variant: the plain build under the instrumentations a
// Fastify service would register (@opentelemetry/instrumentation-http, and Fastify's own
// @fastify/otel, registered on every `fastify()` through its diagnostics channel), over the same
// SDK, processor and exporter as the other variants (./sdk.cjs).
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { FastifyOtelInstrumentation } = require('@fastify/otel');
const { provider } = require('./sdk.cjs');

registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [new HttpInstrumentation(), new FastifyOtelInstrumentation({ registerOnInitialization: true })],
});
