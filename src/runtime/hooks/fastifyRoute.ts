/**
 * Fastify's route template, read from the request once Fastify has routed it.
 *
 * Fastify composes a route's full template itself — plugin prefixes, nested plugins'
 * prefixes and the route's own path (`/api` + `/users` + `/:id`) — and hands it to every
 * hook as `request.routeOptions.url` (Fastify 4.10 and later), so nothing about prefixes
 * has to be learnt at compile time: one `onRequest` hook on the root instance, which every
 * encapsulated child context inherits, sees the final template of every route.
 */
import { setRoute } from '../server/route.js';

/** The parts of a Fastify request this module reads (Fastify 4 and 5). @internal */
export interface FastifyRequestLike {
  /** Node's own `IncomingMessage`: the key of the per-request route state. */
  raw: object;
  /** `true` for the not-found handler (Fastify 4+): a 404 has no route. */
  is404?: boolean;
  /** Fastify 4.10+: the matched route's options; `url` is the full template. */
  routeOptions?: { url?: string };
  /** Fastify before 4.10 (deprecated since, and warns when read): the same template. */
  routerPath?: string;
}

/** The full template of the route `request` matched, or `undefined` (a 404, or unknown). @internal */
export function fastifyRouteOf(request: FastifyRequestLike): string | undefined {
  if (request.is404 === true) return undefined;
  const options = request.routeOptions;
  // `routerPath` only where `routeOptions` does not exist: Fastify 4.10+ warns (FSTDEP017) when it is read.
  const url = options !== undefined ? options.url : request.routerPath;
  return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * The `onRequest` hook installed on each root instance: records the route template of the
 * request for the server span. Callback style (not async: no promise per request), never
 * throws, always lets the request go on. Its name is what `printRoutes({ includeHooks: true })`
 * shows for it.
 */
export function tracewrightRoute(this: unknown, request: FastifyRequestLike, _reply: unknown, done: () => void): void {
  try {
    const url = fastifyRouteOf(request);
    if (url !== undefined) setRoute(request.raw, url);
  } catch {
    // A request object without the expected shape: no route, the request is unaffected.
  }
  done();
}
