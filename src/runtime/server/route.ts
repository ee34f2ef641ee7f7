/**
 * The route template of one incoming request, shared by the server span
 * (which names itself `{method} {http.route}` when the request ends) and the
 * framework hooks that learn the template (Express route handlers, Fastify's
 * `routeOptions.url`, `@koa/router`'s `_matchedRoute`, Hono's `routePath`).
 *
 * Keyed by the request object the framework hands its handlers that wraps
 * Node's `IncomingMessage` — always pass Node's own `IncomingMessage`
 * (`req`, `request.raw`, `ctx.req`, `c.env.incoming`), so every framework
 * and the server span agree on the key. User code never sees our state.
 *
 * Where the state lives: on the RPC metadata (see rpcMetadata.ts) of the
 * request's server span, found in the active context — the route as its
 * `route`, which is where the official `@opentelemetry/instrumentation-http`
 * reads it when it made the span, and where the official framework
 * instrumentations write it for ours. Only when the caller runs outside the
 * request's context does it fall back to a WeakMap keyed by the request: a
 * WeakMap entry per request costs the garbage collector more than the whole
 * rest of the span (measured: ~4x the GC time of a traced request), so it is
 * not the common path.
 *
 * With no tracer provider registered nothing is recorded (nobody would read
 * it): `setRoute`, `pushMount` and `popMount` return at once, `routeOf` gives
 * `undefined` and `mountedRoute` the path as given.
 */
import { noSdk } from '../otelGlobal.js';
import { METADATA_MOUNTS, requestMetadata } from './rpcMetadata.js';

interface RouteState {
  /** The full template once known (`/api/users/:id`). */
  route: string | undefined;
  /** Mount prefixes of the routers the request is inside, outermost first (Express `app.use(path, router)`). */
  mounts: string[] | undefined;
}

/** Requests whose route was set outside their span's context. */
const outOfContext = new WeakMap<object, RouteState>();

function fallbackState(req: object): RouteState {
  let state = outOfContext.get(req);
  if (state === undefined) {
    state = { route: undefined, mounts: undefined };
    outOfContext.set(req, state);
  }
  return state;
}

/** Records the full route template of `req` (the last call wins: the innermost handler knows best). */
export function setRoute(req: object, template: string): void {
  if (noSdk()) return;
  const meta = requestMetadata(req);
  if (meta !== undefined) {
    try {
      meta.route = template;
      return;
    } catch {
      // a frozen metadata object: keep it ourselves
    }
  }
  fallbackState(req).route = template;
}

/** The route template recorded for `req`, if any. */
export function routeOf(req: object): string | undefined {
  if (noSdk()) return undefined;
  return requestMetadata(req)?.route ?? outOfContext.get(req)?.route;
}

/**
 * @internal The route set for `req` outside its span's context (the span reads
 * its own metadata's `route` first).
 */
export function routeSetOutOfContext(req: object): string | undefined {
  return outOfContext.get(req)?.route;
}

/** @internal The mount list of `req` (created when `create`), on its span's metadata when in context. */
function mountsOf(req: object, create: boolean): string[] | undefined {
  const meta = requestMetadata(req);
  if (meta !== undefined) {
    try {
      return create ? (meta[METADATA_MOUNTS] ??= []) : meta[METADATA_MOUNTS];
    } catch {
      // a frozen metadata object
    }
  }
  if (!create) return outOfContext.get(req)?.mounts;
  const state = fallbackState(req);
  return (state.mounts ??= []);
}

/** Enters a router mounted at `prefix` (a template, `/users/:id`) for `req`. */
export function pushMount(req: object, prefix: string): void {
  if (noSdk()) return;
  mountsOf(req, true)?.push(prefix);
}

/** Leaves the innermost router entered with {@link pushMount}. */
export function popMount(req: object): void {
  if (noSdk()) return;
  mountsOf(req, false)?.pop();
}

/**
 * `path` (a route's own template) under the mount prefixes `req` is inside:
 * `/users/:id` + `/posts` → `/users/:id/posts`, with `/` and empty
 * prefixes adding nothing and no doubled or trailing slash from the join.
 */
export function mountedRoute(req: object, path: string): string {
  if (noSdk()) return path;
  const mounts = mountsOf(req, false);
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
