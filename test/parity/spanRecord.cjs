// What both parity runs share, so the two sides of docs/parity.md are recorded the same way:
// the operation marker (`op`) and a finished span's plain record. CommonJS because the official
// side runs in a child process that must load nothing of the test toolchain (officialRunner.cjs).
'use strict';
const { SpanKind, SpanStatusCode, trace } = require('@opentelemetry/api');

const KINDS = { [SpanKind.INTERNAL]: 'internal', [SpanKind.SERVER]: 'server', [SpanKind.CLIENT]: 'client', [SpanKind.PRODUCER]: 'producer', [SpanKind.CONSUMER]: 'consumer' };

/** Marker spans are named `parity <id>` (test/parity/scenario.ts's OPERATION_SPAN). */
const OPERATION_SPAN = 'parity ';

/** Runs one operation inside its marker span; it must fail or succeed as the scenario declares. */
function op(id, fails, fn) {
  return trace.getTracer('tracewright-parity').startActiveSpan(`${OPERATION_SPAN}${id}`, async (span) => {
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

/** A finished SDK span as a plain record: attributes in key order, `order` as the run numbered starts. */
function recordSpan(span, order) {
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
    order,
  };
}

module.exports = { op, recordSpan };
