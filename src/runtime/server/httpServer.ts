/**
 * Request handling installed on a Node `http`/`https` server object, once per
 * server: a SERVER span per request (see the server-side issue). Framework
 * install hooks (Express, Koa, Fastify, Hono, Nest) call this with the
 * `http.Server` they reach.
 */

/** Installs request handling on `server` (an `http.Server` or `https.Server`); a second call is a no-op. Never throws. */
export function installHttpServer(server: object): void {
  void server; // placeholder until the server core lands
}
