/**
 * Express (4 and 5) hooks, id `express`:
 *
 * - `install` (`express.listen`): the `http.Server` that `app.listen()`
 *   returns gets the server core's request handling (SERVER spans).
 * - `wrapCallback` (`express.route`, `express.route.chain`, `express.use`):
 *   route handlers record the full route template of the request
 *   (`setRoute(req, '/users/:id/posts')`, read by the server span); routers
 *   and sub-apps mounted with a path compose their mount templates
 *   (expressMounts.ts); with the plugin option `handlerSpans` each handler and
 *   middleware also gets an INTERNAL span (expressSpans.ts).
 *
 * Routes registered outside user code (inside `node_modules`, e.g. by Nest)
 * have no wrapper; for those, {@link expressRouteFallback} reads
 * `req.route.path` when the request ends at the application's own level.
 */
import { installHttpServer } from '../server/httpServer.js';
import type { CallbackCall, Hooks, InstallCall } from './types.js';
import { isApplication, isRouter, middlewareInSpan, mountedRouter, routeHandler } from './expressWrappers.js';

export { expressRouteFallback } from './expressMounts.js';

type Fn = (...args: any[]) => any;

/** The rule whose sites mount middleware, routers and sub-apps (`app.use`, `router.use`). */
const USE_RULE = 'express.use';

/**
 * The path `app.use(...args)` mounts at, as Express reads it: the first
 * argument unless it is (or, through nested arrays, starts with) a function;
 * `'/'` otherwise.
 */
function usePath(args: readonly unknown[]): unknown {
  let first = args[0];
  if (typeof first === 'function') return '/';
  while (Array.isArray(first) && first.length !== 0) first = first[0];
  return typeof first === 'function' ? '/' : args[0];
}

/** A mount at the root adds nothing to templates nor to `req.baseUrl`. */
function atRoot(path: unknown): boolean {
  return path === '/' || path === '';
}

function handlerSpans(call: CallbackCall): boolean {
  return call.spec.o?.handlerSpans === true;
}

/** The function Express gets in place of `fn`. */
function wrapExpressCallback(fn: Fn, call: CallbackCall): unknown {
  if (call.spec.r === USE_RULE) {
    const path = usePath(call.args);
    if (isApplication(fn) || isRouter(fn)) return atRoot(path) ? fn : mountedRouter(fn, path);
    return handlerSpans(call) ? middlewareInSpan(fn) : fn;
  }
  // A route registration: `app.get(path, ...handlers)`, or `route.get(...handlers)` on `app.route(path)`.
  const path = call.index >= 1 ? call.args[0] : undefined;
  return routeHandler(fn, path, handlerSpans(call));
}

/** The `express` hooks. */
export const expressHooks: Hooks = {
  install(target: unknown, call: InstallCall): void {
    // The site's server options (`ignorePaths`) travel with the install, as for `http.createServer`.
    if (typeof target === 'object' && target !== null) installHttpServer(target, call.spec.o);
  },
  wrapCallback: wrapExpressCallback,
};
