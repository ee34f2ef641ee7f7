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

/** What `koa` returns, for the bundler path: `new Koa()` (the default export) is an `Application`; `use` chains. */
export const koaTypes: LibraryTypes = { module: 'koa', returns: { default: 'Application', 'Application#use': 'Application' } };
