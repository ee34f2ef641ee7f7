/**
 * The route template of one incoming request, shared by the server span
 * (which names itself `{method} {http.route}` when the request ends) and the
 * framework hooks that learn the template (Express route handlers, Fastify's
 * `routeOptions.url`, `@koa/router`'s `_matchedRoute`, Hono's `routePath`).
 *
 * Keyed by the request object the framework hands its handlers that wraps
 * Node's `IncomingMessage` — always pass Node's own `IncomingMessage`
 * (`req`, `request.raw`, `ctx.req`, `c.env.incoming`), so every framework
 * and the server span agree on the key. A WeakMap, not a property on the
 * request: user code never sees our state.
 *
 * The template also reaches the RPC metadata (see rpcMetadata.ts) of the
 * server span the request runs under, as soon as it is known: ours (attached
 * here by the server core when its span starts) and, when
 * `@opentelemetry/instrumentation-http` made the span instead, the one in the
 * active context, which that instrumentation reads when the response ends.
 */
import { context } from '@opentelemetry/api';
import { httpRpcMetadataOf, type HttpRpcMetadata } from './rpcMetadata.js';

interface RouteState {
  /** The full template once known (`/api/users/:id`). */
  route: string | undefined;
  /** Mount prefixes of the routers the request is inside, outermost first (Express `app.use(path, router)`). */
  mounts: string[] | undefined;
  /** The RPC metadata of our server span for this request, when we made one. */
  meta: HttpRpcMetadata | undefined;
}

const states = new WeakMap<object, RouteState>();

function stateOf(req: object): RouteState {
  let state = states.get(req);
  if (state === undefined) {
    state = { route: undefined, mounts: undefined, meta: undefined };
    states.set(req, state);
  }
  return state;
}

/** Records the full route template of `req` (the last call wins: the innermost handler knows best). */
export function setRoute(req: object, template: string): void {
  const state = stateOf(req);
  state.route = template;
  const own = state.meta;
  if (own !== undefined) own.route = template;
  // Another server span (the official http instrumentation's) learns it from the active context.
  const active = httpRpcMetadataOf(context.active());
  if (active !== undefined && active !== own) {
    try {
      active.route = template;
    } catch {
      // a frozen metadata object: that span goes without the route
    }
  }
}

/**
 * @internal The server core attaches its span's RPC metadata to the request, so
 * {@link setRoute} from any context reaches it (and a framework instrumentation
 * that sets `.route` on it from the context reaches {@link routeOf}'s caller).
 */
export function attachRpcMetadata(req: object, meta: HttpRpcMetadata): void {
  stateOf(req).meta = meta;
}

/** The route template recorded for `req`, if any. */
export function routeOf(req: object): string | undefined {
  const state = states.get(req);
  if (state === undefined) return undefined;
  // Our span's metadata holds the last template from either side: setRoute
  // writes it too, and official framework instrumentations write only there.
  return state.meta?.route ?? state.route;
}

/** Enters a router mounted at `prefix` (a template, `/users/:id`) for `req`. */
export function pushMount(req: object, prefix: string): void {
  const state = stateOf(req);
  (state.mounts ??= []).push(prefix);
}

/** Leaves the innermost router entered with {@link pushMount}. */
export function popMount(req: object): void {
  states.get(req)?.mounts?.pop();
}

/**
 * `path` (a route's own template) under the mount prefixes `req` is inside:
 * `/users/:id` + `/posts` → `/users/:id/posts`, with `/` and empty
 * prefixes adding nothing and no doubled or trailing slash from the join.
 */
export function mountedRoute(req: object, path: string): string {
  const mounts = states.get(req)?.mounts;
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
