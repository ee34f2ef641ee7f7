/**
 * Koa 3 and `@koa/router`: `app.listen()` is a server root; the middleware passed to a
 * router verb records the route template `@koa/router` matched (`ctx._matchedRoute`, prefixes
 * of the router and of the routers it is nested in included) when it runs.
 *
 * `app.callback()` has no rule: the handler it returns reaches a server through user code —
 * `http.createServer(app.callback())`, `server.on('request', app.callback())` — whose own
 * rules install the SERVER span; a server created outside the compiled code (a test harness,
 * an adapter package) would need the returned handler itself wrapped, which no join point
 * offers.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `app.listen(...)`: the hook installs the SERVER span on the `http.Server` it returns. */
export const koaListen = defineRule({
  id: 'koa.listen',
  join: 'method',
  module: 'koa',
  class: 'Application',
  name: 'listen',
  versions: '>=2 <4',
  hooks: 'koa',
  result: 'install',
});

/**
 * `router.get(path, ...middleware)` and the other verbs of `@koa/router` (also the named-route
 * form `router.get(name, path, ...middleware)`: the path string at index 1 is no function and
 * stays as it is): each middleware records `ctx._matchedRoute` when it runs. `router.use` is
 * not matched: a router-level middleware is no route (and a nested router's dispatch records
 * nothing of its own). A one-argument call has no callback: no site.
 */
export const koaRoute = defineRule({
  id: 'koa.route',
  join: 'callback-arg',
  module: '@koa/router',
  // `Router` is what the bundler path and the typings' alias name; under tsc, `new Router(options)`
  // picks the overload returning `RouterWithMethods<M>`, an intersection whose instance part is
  // declared as the class `RouterImplementation` (15.x's typings), so that name is matched too.
  class: ['Router', 'RouterImplementation'],
  name: ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all'],
  callback: 'args[1..]',
  versions: '>=12 <16',
  hooks: 'koa',
});

/** What `koa` returns, for the bundler path: `new Koa()` (the default export) is an `Application`; `use` chains. */
export const koaTypes: LibraryTypes = { module: 'koa', returns: { default: 'Application', 'Application#use': 'Application' } };

const ROUTER_CHAINS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'prefix', 'param', 'redirect', 'register'];

/** What `@koa/router` returns, for the bundler path: `new Router()` (default or named export) is a `Router`; its verbs chain. */
export const koaRouterTypes: LibraryTypes = {
  module: '@koa/router',
  returns: Object.fromEntries([['default', 'Router'], ...ROUTER_CHAINS.map((m) => [`Router#${m}`, 'Router'])]),
};
