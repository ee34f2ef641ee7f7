/**
 * Hono on Node (`@hono/node-server`), for the catalog's `hono.*` rules:
 * - `install`: `serve({ fetch: app.fetch, port })` / `createAdaptorServer(...)`
 *   return the `http.Server` (or `http2` server) they created; request handling
 *   goes on it through the server core ({@link installHttpServer}).
 * - `wrapCallback`: each handler given to a verb (`app.get(path, ...handlers)`,
 *   `app.on(method, path, ...handlers)`, chained `app.get(path, h).post(h2)`)
 *   notes the route it serves on the Node request before it runs
 *   (`honoRoute.ts`), and is otherwise the same function (`server/beforeCall.ts`).
 *   Middleware from `app.use` is not wrapped: a request only middleware
 *   matched (a 404) carries no route.
 */
import { installHttpServer } from '../server/httpServer.js';
import { withBeforeCall } from '../server/beforeCall.js';
import { noteHonoRoute } from './honoRoute.js';
import type { Hooks } from './types.js';

/** An object that listens like a Node server (`http`, `https`, `http2`). @internal */
export function isNodeServer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const server = value as Record<string, unknown>;
  return typeof server.on === 'function' && typeof server.listen === 'function' && typeof server.address === 'function';
}

/** The `hono` hooks. */
export const honoHooks: Hooks = {
  install(target) {
    if (isNodeServer(target)) installHttpServer(target);
  },
  wrapCallback(fn) {
    return withBeforeCall(fn, noteHonoRoute);
  },
};
