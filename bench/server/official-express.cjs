// Preload of the bench's "official" Express variant: the plain build under the official
// instrumentations an Express service would register (@opentelemetry/instrumentation-http and
// -express, defaults), over the same SDK, processor and exporter as the other variants (./sdk.cjs).
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { provider } = require('./sdk.cjs');

registerInstrumentations({ tracerProvider: provider, instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()] });
