/**
 * `@koa/router`'s route template, read from the context when a route's own middleware runs.
 *
 * The router sets `ctx._matchedRoute` to the matched layer's path right before that layer's
 * middleware runs; the layer's path is the full template (the router's `prefix`, and the
 * prefix of every `router.use('/x', other.routes())` it is nested in, already joined by the
 * router). Reading it when a verb's middleware runs, not at the end of the request, names the
 * route that actually handled the request: a router-level `use` middleware (whose layer also
 * sets `_matchedRoute`, to its own path) is never wrapped, and a 404 runs no route middleware.
 */
import { withBeforeCall } from '../server/beforeCall.js';
import { setRoute } from '../server/route.js';

/** The parts of a Koa context this module reads. @internal */
interface KoaContextLike {
  /** Node's own `IncomingMessage`: the key of the per-request route state. */
  req?: object;
  _matchedRoute?: unknown;
}

/** Records `ctx._matchedRoute` (a string template) for `ctx.req`. Never throws. @internal */
export function recordMatchedRoute(ctx: unknown): void {
  try {
    if (typeof ctx !== 'object' || ctx === null) return;
    const { req, _matchedRoute: route } = ctx as KoaContextLike;
    // A RegExp route has no template to show.
    if (typeof route === 'string' && typeof req === 'object' && req !== null) setRoute(req, route);
  } catch {
    // A context with a throwing getter: no route, the middleware runs as written.
  }
}

/** Before a route's middleware runs (`(ctx, next)`): records the route. */
function noteKoaRoute(_thisArg: unknown, args: readonly unknown[]): void {
  recordMatchedRoute(args[0]);
}

/**
 * `fn` (a route's middleware, `(ctx, next) => …`) wrapped to record the route first; the same
 * function when it is none to wrap: not a function, or a router's own dispatch
 * (`other.routes()`, which carries `.router`), whose layers record for themselves.
 *
 * A Proxy (server/beforeCall.ts), as the runtime's default callback wrapper: everything but the call is the
 * middleware's own (`length`, `name`, own properties, an async function's `AsyncFunction`
 * constructor), and the call returns exactly what the middleware returns — the same promise,
 * no extra tick — so `next` chains and streamed bodies (`ctx.body = stream`) behave as without it.
 */
export function wrapKoaRouteMiddleware(fn: unknown): unknown {
  if (typeof fn !== 'function' || (fn as { router?: unknown }).router !== undefined) return fn;
  return withBeforeCall(fn as (...args: unknown[]) => unknown, noteKoaRoute);
}
