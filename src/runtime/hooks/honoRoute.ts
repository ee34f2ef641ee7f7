/**
 * The route template of a Hono request, read inside a route handler: Hono
 * stores each route with its full path (`basePath` and `app.route(prefix, sub)`
 * prefixes merged in when the route is added), and the request's match result
 * says which of them the running handler is (`c.req.routeIndex`). Hono's
 * `routePath(c)` (`hono/route`) reads exactly that; `c.req.routePath` is the
 * same value on the request (deprecated in favour of the helper, present
 * throughout Hono 4), which this reads so the runtime never imports Hono.
 *
 * The key is Node's own request: with `@hono/node-server`, `c.env.incoming`.
 * Under other runtimes (Bun, Deno, workers, `app.request()` in tests) there is
 * no Node request and nothing to note.
 */
import { setRoute } from '../server/route.js';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null;
}

/** The Node `IncomingMessage` behind a Hono context, or undefined. @internal */
export function nodeRequestOf(c: unknown): Obj | undefined {
  if (!isObject(c)) return undefined;
  const env = c.env;
  if (!isObject(env)) return undefined;
  const incoming = env.incoming;
  return isObject(incoming) ? incoming : undefined;
}

/** The full template of the route whose handler is running (`/api/v1/users/:id`), or undefined. @internal */
export function honoRoutePath(c: unknown): string | undefined {
  if (!isObject(c) || !isObject(c.req)) return undefined;
  const path = c.req.routePath;
  return typeof path === 'string' && path !== '' ? path : undefined;
}

/**
 * Before a route handler runs (its first argument is the context `c`): records
 * the route on the Node request. Every handler and route middleware of a
 * matched route notes it; the last one to run (the innermost) wins.
 * @internal
 */
export function noteHonoRoute(_thisArg: unknown, args: readonly unknown[]): void {
  const c = args[0];
  const req = nodeRequestOf(c);
  if (req === undefined) return;
  const route = honoRoutePath(c);
  if (route !== undefined) setRoute(req, route);
}
