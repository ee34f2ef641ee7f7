/**
 * Leaf spans: a CLIENT or PRODUCER span runs its call with tracing suppressed
 * beneath it, so that nothing under the driver (a runtime instrumentation of
 * the same library, an HTTP or net instrumentation, a definition-site rule)
 * adds a second span for the same operation.
 *
 * The runtime may depend on `@opentelemetry/api` only, so it cannot import
 * `suppressTracing` from `@opentelemetry/core`. It does not need to: core's key
 * is `createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING')`, and
 * the API's `createContextKey` is `Symbol.for(description)` (every 1.x
 * version), so the key created here is the very same symbol. The SDK's tracer,
 * the W3C propagator and the instrumentations all read it with core's
 * `isTracingSuppressed` (test/runtime/leaf.test.ts proves it against the
 * installed core).
 */
import { createContextKey } from '@opentelemetry/api';
import { SPAN_KIND } from './siteSpec.js';

/**
 * @internal The key `@opentelemetry/core`'s `suppressTracing` sets to `true`
 * (`ctx.setValue(SUPPRESS_TRACING_KEY, true)` is its whole implementation).
 */
export const SUPPRESS_TRACING_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/**
 * @internal Whether spans of `kind` are leaves. CLIENT and PRODUCER spans stand
 * for one outgoing operation: whatever runs beneath them is the library doing
 * that operation. INTERNAL, SERVER and CONSUMER spans wrap work whose callees
 * (user code, further calls) must still get spans of their own.
 */
export function isLeafKind(kind: number): boolean {
  return kind === SPAN_KIND.client || kind === SPAN_KIND.producer;
}
