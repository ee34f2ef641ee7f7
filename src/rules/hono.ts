/**
 * Hono 4 on Node (`@hono/node-server` 2). The server root is the server `serve()` returns
 * (result mode `install`: no span of its own; the `hono` hook hands the server to the server
 * core). Routes: every function given to a verb of a `Hono` app — `app.get(path, ...handlers)`,
 * `app.on(method, path, ...handlers)`, the path-less `app.get(path, h).post(h2)` — notes the
 * route it serves before it runs. Hono stores routes with `basePath()` and `app.route(prefix,
 * sub)` prefixes merged in, so the noted template is the full one. Middleware (`app.use`) is
 * not wrapped: a request only middleware matched (a 404) carries no route.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `serve({ fetch: app.fetch, port })` and `createAdaptorServer(...)`: the server they return. */
export const honoServe = defineRule({
  id: 'hono.serve',
  join: 'call',
  module: '@hono/node-server',
  export: ['serve', 'createAdaptorServer'],
  versions: '>=2 <3',
  hooks: 'hono',
  result: 'install',
});

/** The verbs of a Hono app; `args[0..]`: every function among the arguments (the path, if any, is a string). */
export const honoRoute = defineRule({
  id: 'hono.route',
  join: 'callback-arg',
  module: 'hono',
  class: 'Hono',
  name: ['get', 'post', 'put', 'delete', 'patch', 'options', 'all', 'on'],
  callback: 'args[0..]',
  versions: '>=4 <5',
  hooks: 'hono',
});

/** Every method of a Hono app that returns the app (or, for `basePath`, a Hono app sharing its routes): chains stay Hono. */
const CHAINING = ['basePath', 'route', 'use', 'on', 'get', 'post', 'put', 'delete', 'patch', 'options', 'all', 'onError', 'notFound', 'mount'];

/** What `hono` calls return, for the bundler path: `new Hono().basePath('/api')` is a Hono app. */
export const honoTypes: LibraryTypes = {
  module: 'hono',
  returns: Object.fromEntries(CHAINING.map((method) => [`Hono#${method}`, 'Hono'])),
};
