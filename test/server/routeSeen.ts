/**
 * The route a framework hook recorded for a request, read after the response from outside the
 * request's context. The route state lives on the server span's RPC metadata, found through the
 * active context (src/runtime/server/route.ts), and nothing is recorded without a tracer
 * provider; so this module registers an SDK when imported (the hook tests need none of their own)
 * and `watchRoutes` keeps each request's metadata from inside its context for `routeSeen`.
 */
import type { IncomingMessage, Server } from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { requestMetadata, type ServerRpcMetadata } from '../../src/runtime/server/rpcMetadata.js';
import { routeOf } from '../../src/runtime/server/route.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new BasicTracerProvider());

const metadata = new WeakMap<object, ServerRpcMetadata>();

/** Remembers, for each request `server` receives, the RPC metadata its handlers see. */
export function watchRoutes(server: Server): void {
  server.prependListener('request', (req: IncomingMessage) => {
    const meta = requestMetadata(req);
    if (meta !== undefined) metadata.set(req, meta);
  });
}

/** The route recorded for `req`: on its span's metadata, or set outside any span's context. */
export function routeSeen(req: object): string | undefined {
  return metadata.get(req)?.route ?? routeOf(req);
}
