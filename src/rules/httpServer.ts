/**
 * Server roots of Node's `http`/`https` (`node:` spellings match too): the
 * server a call creates gets request handling installed once, by the
 * `http.server` hook (`result: "install"`: no span around the call itself).
 * Every request of that server then has a SERVER span, whichever listener
 * handles it — the one passed here, or any added later with
 * `server.on('request', l)`, Express and Koa apps passed as the listener
 * included. `http.Server(...)` without `new` is the same constructor, called.
 */
import { defineRule } from './defineRule.js';

/** `http.createServer([options], [listener])` and `http.Server(...)` called without `new`. */
export const httpCreateServer = defineRule({
  id: 'http.create-server',
  join: 'call',
  module: 'http',
  export: ['createServer', 'Server'],
  hooks: 'http.server',
  result: 'install',
});

/** `new http.Server([options], [listener])`. */
export const httpNewServer = defineRule({
  id: 'http.new-server',
  join: 'new',
  module: 'http',
  export: 'Server',
  hooks: 'http.server',
  result: 'install',
});

/** `https.createServer([options], [listener])` and `https.Server(...)` called without `new`. */
export const httpsCreateServer = defineRule({
  id: 'https.create-server',
  join: 'call',
  module: 'https',
  export: ['createServer', 'Server'],
  hooks: 'http.server',
  result: 'install',
});

/** `new https.Server([options], [listener])`. */
export const httpsNewServer = defineRule({
  id: 'https.new-server',
  join: 'new',
  module: 'https',
  export: 'Server',
  hooks: 'http.server',
  result: 'install',
});
