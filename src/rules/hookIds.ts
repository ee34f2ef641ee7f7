/**
 * Ids of the runtime hook modules a rule may name in `hooks`. The runtime's
 * hook registry and the rule validator both read this list, so a rule can
 * never name a hook the runtime does not have (and the JSON Schema's `hooks`
 * enum is checked against it by a test).
 */
export const HOOK_IDS = ['http', 'fetch', 'undici.request', 'pg', 'pg.connect', 'mysql2', 'mariadb', 'mariadb.batch', 'ioredis', 'redis', 'better-sqlite3', 'better-sqlite3.exec', 'http.server',
  'hono', 'nest'] as const;

/** A known runtime hook module id. */
export type HookId = (typeof HOOK_IDS)[number];

/** Whether `id` names a known runtime hook module. */
export function isHookId(id: string): id is HookId {
  return (HOOK_IDS as readonly string[]).includes(id);
}

/**
 * The runtime module that registers each hook id: one module per library family
 * (`@tracewright/runtime/hooks/<family>`). The writers import the families a file's
 * sites name, beside the runtime itself, so a bundle carries only the hooks it uses
 * (a browser bundle calling `fetch` never gets the Node `http` hooks).
 */
export const HOOK_FAMILIES: Readonly<Record<HookId, string>> = {
  http: 'http',
  fetch: 'fetch',
  'undici.request': 'fetch',
  pg: 'pg',
  'pg.connect': 'pg',
  mysql2: 'mysql',
  mariadb: 'mysql',
  'mariadb.batch': 'mysql',
  ioredis: 'redis',
  redis: 'redis',
  'better-sqlite3': 'sqlite',
  'better-sqlite3.exec': 'sqlite',
  'http.server': 'httpServer',
  hono: 'hono',
  nest: 'nest',
};

/**
 * The hooks of server roots and route wrappers (the server-side catalog): the
 * rules naming them are dropped with the `server: "off"` option and carry the
 * server options (`ignorePaths`, `handlerSpans`) as their hook options. Plain
 * strings: the framework ids join `HOOK_IDS` as their hooks land.
 */
export const SERVER_HOOK_IDS: readonly string[] = ['http.server', 'express', 'fastify', 'koa', 'hono', 'nest'];
