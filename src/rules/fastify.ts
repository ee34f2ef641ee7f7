/**
 * Fastify 4 and 5: the factory's result is a server root. Nothing else is matched at compile
 * time: Fastify composes every route's full template itself (plugin prefixes, nested plugins)
 * and the `fastify` hook reads it per request (`request.routeOptions.url`), so routes
 * registered anywhere — in plugins of other files, in packages that are not compiled — are
 * named alike.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/**
 * `fastify()`, `Fastify()` (default import or the CommonJS module value) and the named
 * `fastify()` export: the hook installs the SERVER span on `instance.server` and one
 * `onRequest` hook that records the route.
 */
export const fastifyFactory = defineRule({
  id: 'fastify.factory',
  join: 'call',
  module: 'fastify',
  export: ['default', 'fastify'],
  versions: '>=4 <6',
  hooks: 'fastify',
  result: 'install',
});

/** What `fastify` returns, for the bundler path: the factory (default and named) makes an instance. */
export const fastifyTypes: LibraryTypes = { module: 'fastify', returns: { default: 'FastifyInstance', fastify: 'FastifyInstance' } };
