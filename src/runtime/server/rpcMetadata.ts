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
import { context, createContextKey, type Context, type Span } from '@opentelemetry/api';

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

/**
 * @internal On the RPC metadata of our own span: the `IncomingMessage` it
 * belongs to. A symbol key, invisible to the official instrumentations that
 * read and write the same object (they know `type`, `span`, `route`).
 */
export const METADATA_REQUEST: unique symbol = Symbol('tracewright.server.request') as never;
/** @internal An HTTP RPC metadata object as this runtime reads and writes it. */
export type ServerRpcMetadata = HttpRpcMetadata & { [METADATA_REQUEST]?: object };

/**
 * @internal The RPC metadata of `req`'s server span from the active context:
 * ours when it belongs to `req`, the official instrumentation's (which cannot
 * say which request it belongs to: inside a request's context, it is that
 * request's), `undefined` when the context carries none or another request's.
 */
export function requestMetadata(req: object): ServerRpcMetadata | undefined {
  const meta = httpRpcMetadataOf(context.active()) as ServerRpcMetadata | undefined;
  if (meta === undefined) return undefined;
  const owner = meta[METADATA_REQUEST];
  return owner === undefined || owner === req ? meta : undefined;
}
