/**
 * The RPC metadata of `@opentelemetry/core` (`setRPCMetadata` / `getRPCMetadata`),
 * spelled with the API only: the context key is `createContextKey(description)`,
 * that is `Symbol.for(description)`, so every copy of core and this runtime
 * agree on it without importing core.
 *
 * It is how a server span and the framework code beneath it meet: the span's
 * creator puts `{ type: 'http', span }` in the context its handlers run in;
 * whoever learns the route template (the official Express/Koa instrumentations,
 * `@fastify/otel`, our own `setRoute`) sets `.route` on that same object; the
 * span's creator reads it when the response ends (`@opentelemetry/instrumentation-http`
 * reads it in its response `'close'` listener).
 */
import { createContextKey, type Context, type Span } from '@opentelemetry/api';

/** @internal The key core's `setRPCMetadata` uses. */
export const RPC_METADATA_KEY: symbol = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

/** @internal Core's `RPCType.HTTP`. */
export const RPC_TYPE_HTTP = 'http';

/** @internal Core's `HTTPMetadata`: the one shape any RPC metadata of type `http` has. */
export interface HttpRpcMetadata {
  type: typeof RPC_TYPE_HTTP;
  span: Span;
  route?: string;
}

/** @internal The HTTP RPC metadata carried by `ctx`, if any. Never throws. */
export function httpRpcMetadataOf(ctx: Context): HttpRpcMetadata | undefined {
  try {
    const meta = ctx.getValue(RPC_METADATA_KEY) as { type?: unknown } | undefined;
    return typeof meta === 'object' && meta !== null && meta.type === RPC_TYPE_HTTP ? (meta as HttpRpcMetadata) : undefined;
  } catch {
    return undefined;
  }
}
