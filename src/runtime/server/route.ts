/**
 * The route template of one incoming request, shared by the server span
 * (which names itself `{method} {http.route}` when the request ends) and the
 * framework hooks that learn the template (Express route handlers, Fastify's
 * `routeOptions.url`, `@koa/router`'s `_matchedRoute`, Hono's `routePath`).
 *
 * Keyed by the request object the framework hands its handlers that wraps
 * Node's `IncomingMessage` — always pass Node's own `IncomingMessage`
 * (`req`, `request.raw`, `ctx.req`, `c.env.incoming`), so every framework
 * and the server span agree on the key.
 *
 * Where the state lives: on the request itself, under a symbol key, as a
 * non-enumerable property — invisible to `Object.keys`, `for…in`, spreads,
 * `JSON.stringify` and `util.inspect`; only `Object.getOwnPropertySymbols`
 * shows it. Not a WeakMap keyed by the request: an entry per request costs
 * V8's garbage collector more than the whole rest of a traced request
 * (measured: GC time x4). A request that cannot take the property (frozen)
 * falls back to a WeakMap. State is kept with or without an SDK registered.
 *
 * The template also reaches the RPC metadata (see rpcMetadata.ts) of the
 * server span the request runs under when it is set in the request's context:
 * that is where `@opentelemetry/instrumentation-http` reads it when it made
 * the span instead of us.
 */
import { requestMetadata } from './rpcMetadata.js';

interface RouteState {
  /** The full template once known (`/api/users/:id`). */
  route: string | undefined;
  /** Mount prefixes of the routers the request is inside, outermost first (Express `app.use(path, router)`). */
  mounts: string[] | undefined;
}

const ROUTE_STATE: unique symbol = Symbol('tracewright.route') as never;
type WithState = { [ROUTE_STATE]?: RouteState };

/** Requests that could not take the property. */
const frozen = new WeakMap<object, RouteState>();

function existingState(req: object): RouteState | undefined {
  return (req as WithState)[ROUTE_STATE] ?? frozen.get(req);
}

function stateOf(req: object): RouteState {
  let state = existingState(req);
  if (state === undefined) {
    state = { route: undefined, mounts: undefined };
    try {
      Object.defineProperty(req, ROUTE_STATE, { value: state, writable: true, configurable: true, enumerable: false });
    } catch {
      frozen.set(req, state);
    }
  }
  return state;
}

/** Records the full route template of `req` (the last call wins: the innermost handler knows best). */
export function setRoute(req: object, template: string): void {
  stateOf(req).route = template;
  // The server span's metadata, when called in the request's context (the official span reads it there).
  const meta = requestMetadata(req);
  if (meta !== undefined) {
    try {
      meta.route = template;
    } catch {
      // a frozen metadata object: that span goes without the route
    }
  }
}

/** The route template recorded for `req`, if any. */
export function routeOf(req: object): string | undefined {
  return existingState(req)?.route;
}

/** Enters a router mounted at `prefix` (a template, `/users/:id`) for `req`. */
export function pushMount(req: object, prefix: string): void {
  const state = stateOf(req);
  (state.mounts ??= []).push(prefix);
}

/** Leaves the innermost router entered with {@link pushMount}. */
export function popMount(req: object): void {
  existingState(req)?.mounts?.pop();
}

/**
 * `path` (a route's own template) under the mount prefixes `req` is inside:
 * `/users/:id` + `/posts` → `/users/:id/posts`, with `/` and empty
 * prefixes adding nothing and no doubled or trailing slash from the join.
 */
export function mountedRoute(req: object, path: string): string {
  const mounts = existingState(req)?.mounts;
  if (mounts === undefined || mounts.length === 0) return path;
  let out = '';
  for (const prefix of mounts) out = joinRoute(out, prefix);
  return joinRoute(out, path);
}

/** Joins two route templates with exactly one `/` between them. */
export function joinRoute(prefix: string, path: string): string {
  const head = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (path === '' || path === '/') return head === '' ? '/' : head;
  return head + (path.startsWith('/') ? path : `/${path}`);
}
