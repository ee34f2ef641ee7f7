/**
 * Express 4 and 5 (`express`): server roots and route templates. `app.listen()` hands its
 * `http.Server` to the server core (one SERVER span per request); route registrations and
 * mounts get their functions wrapped so the request's full route template (`/users/:id`,
 * composed through nested routers and sub-apps) names the server span. No span of their own
 * unless the plugin option `handlerSpans` asks for INTERNAL spans per handler and middleware.
 *
 * Under tsc the receiver types are those of `@types/express` (`Express`, `Application`,
 * `Router`, `IRouter`, `IRoute`), most declared in `express-serve-static-core`; in the bundler
 * path {@link expressTypes} says what `express()`, `Router()` and `app.route()` return.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** The registration methods: the common HTTP verbs and `all`. */
const VERBS = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all'];
/** Receivers of `app.<verb>(path, ...)` and `app.use(...)`: applications and routers. */
const ROUTERS = ['Application', 'Express', 'Router', 'IRouter'];
const VERSIONS = '>=4 <6';

/** `app.listen(...)`: the `http.Server` it returns gets request handling (a server root). */
export const expressListen = defineRule({
  id: 'express.listen',
  join: 'method',
  module: 'express',
  class: ['Application', 'Express'],
  name: 'listen',
  versions: VERSIONS,
  hooks: 'express',
  result: 'install',
});

/**
 * `app.get(path, ...handlers)`, `router.post(...)`, `app.all(...)`: every handler records the
 * route template. `app.get('env')` (the settings getter) has no `args[1]`: not a site.
 */
export const expressRoute = defineRule({
  id: 'express.route',
  join: 'callback-arg',
  module: 'express',
  class: ROUTERS,
  name: VERBS,
  callback: 'args[1..]',
  versions: VERSIONS,
  hooks: 'express',
});

/** `app.route(path).get(...handlers).post(...)`: the handlers of a Route (its path is `req.route.path`). */
export const expressRouteChain = defineRule({
  id: 'express.route.chain',
  join: 'callback-arg',
  module: 'express',
  class: ['Route', 'IRoute'],
  name: VERBS,
  callback: 'args[0..]',
  versions: VERSIONS,
  hooks: 'express',
});

/**
 * `app.use([path], ...fns)`, `router.use(...)`: routers and sub-apps mounted at a path compose
 * their mount template into the routes inside; plain middleware is left alone (wrapped only for
 * handler spans).
 */
export const expressUse = defineRule({
  id: 'express.use',
  join: 'callback-arg',
  module: 'express',
  class: ROUTERS,
  name: 'use',
  callback: 'args[0..]',
  versions: VERSIONS,
  hooks: 'express',
});

/** Chaining keeps the receiver: `router.get(...).post(...)`, `app.route(p).get(...).put(...)`. */
const chained = (cls: string, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.map((name) => [`${cls}#${name}`, cls]));

/**
 * What Express calls return, for the bundler path: `express()` is an application,
 * `express.Router()` / `Router()` a router, `app.route(p)` a Route. (`app.get` is left out:
 * with one argument it returns a setting, not the application.)
 */
export const expressTypes: LibraryTypes = {
  module: 'express',
  declaredIn: ['express-serve-static-core'],
  returns: {
    default: 'Application',
    Router: 'Router',
    'Application#route': 'Route',
    'Router#route': 'Route',
    ...chained('Application', [...VERBS.filter((v) => v !== 'get'), 'use']),
    ...chained('Router', [...VERBS, 'use']),
    ...chained('Route', VERBS),
  },
};
