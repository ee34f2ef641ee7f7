// Preload (`node --require`) of the bench's auto-instrumentation variant: every instrumentation
// of @opentelemetry/auto-instrumentations-node with its defaults (getNodeAutoInstrumentations(),
// as its `register` entry builds them), over the same SDK, processor and exporter as the
// tracewright variant (./sdk.cjs), so the two differ only in how calls get their spans.
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { getNodeAutoInstrumentations } = require('@opentelemetry/auto-instrumentations-node');
const { provider } = require('./sdk.cjs');

registerInstrumentations({ tracerProvider: provider, instrumentations: getNodeAutoInstrumentations() });
