/**
 * Fastify 4 and 5 (`fastify()`, `Fastify()`, `require('fastify')()`): the factory's result is
 * a root instance. Installing on it means two things, once per instance:
 * - the SERVER span for each request, through the core's {@link installHttpServer} on
 *   `instance.server` (the `http.Server` Fastify created, or the one a `serverFactory` returned);
 * - the route template, through one `onRequest` hook on the root ({@link tracewrightRoute}),
 *   inherited by every plugin context, which reads Fastify's own full template (prefixes
 *   included) at run time.
 *
 * What this adds is observable only as one hook: `printRoutes({ includeHooks: true })` lists
 * `tracewrightRoute` first under `onRequest`, and `printPlugins()` shows one more
 * `bound _after` at the root (Fastify queues every `addHook` as an avvio step; Fastify 4 and
 * 5 have no `hasHook`). `printRoutes()`, decorators, encapsulation and the user's own hooks
 * are unchanged (ours runs first among `onRequest` hooks, so a route is recorded even when a
 * user hook replies early, such as a 401).
 */
import { installHttpServer } from '../server/httpServer.js';
import { tracewrightRoute } from './fastifyRoute.js';
import type { Hooks } from './types.js';

/** The parts of a Fastify instance installing reads. @internal */
interface FastifyInstanceLike {
  server?: unknown;
  addHook(name: 'onRequest', hook: typeof tracewrightRoute): unknown;
}

const installed = new WeakSet<object>();

function isFastifyInstance(value: unknown): value is FastifyInstanceLike {
  return typeof value === 'object' && value !== null && typeof (value as { addHook?: unknown }).addHook === 'function';
}

/** Installs request handling on a Fastify root instance (idempotent; never throws). @internal */
export function installFastify(instance: unknown, options?: unknown): void {
  if (!isFastifyInstance(instance) || installed.has(instance)) return;
  installed.add(instance);
  const server = instance.server;
  if (typeof server === 'object' && server !== null) installHttpServer(server, options);
  try {
    instance.addHook('onRequest', tracewrightRoute);
  } catch {
    // An instance already started (addHook throws FST_ERR_INSTANCE_ALREADY_LISTENING): spans, no routes.
  }
}

/** The `fastify` hooks: `install` on the factory's result. */
export const fastifyHooks: Hooks = {
  install(target, call) {
    installFastify(target, call.spec.o);
  },
};
