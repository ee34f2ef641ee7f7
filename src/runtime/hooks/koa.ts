/**
 * Koa 3 with `@koa/router`:
 * - `app.listen()` (`result: "install"`) returns the `http.Server` Koa created: the SERVER
 *   span is installed on it through the core's {@link installHttpServer}. `app.callback()`
 *   needs nothing of ours: the handler it returns reaches a server through user code such as
 *   `http.createServer(app.callback())`, which the core's own rules install on;
 * - route middleware passed to `router.get(path, ...middleware)` and the other verbs
 *   (`callback-arg`) record `ctx._matchedRoute` when they run ({@link wrapKoaRouteMiddleware}).
 */
import { installHttpServer } from '../server/httpServer.js';
import { wrapKoaRouteMiddleware } from './koaRoute.js';
import type { Hooks } from './types.js';

function isServer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { on?: unknown }).on === 'function';
}

/** The `koa` hooks: `install` on the server `app.listen()` returns, `wrapCallback` for router verbs' middleware. */
export const koaHooks: Hooks = {
  install(target, call) {
    if (isServer(target)) installHttpServer(target, call.spec.o);
  },
  wrapCallback(fn) {
    return wrapKoaRouteMiddleware(fn);
  },
};
