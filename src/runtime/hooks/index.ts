/**
 * The hook registry: rules name a hook module by id (`"hooks": "http"`), the
 * emitted site table carries the id, and the runtime looks it up here on each
 * call of a hooked site. The map is static so that bundlers see every hook
 * module as a plain import (no dynamic `require`).
 */
import type { Hooks } from './types.js';
import { httpHooks } from './http.js';
import { fetchHooks, undiciRequestHooks } from './fetch.js';
import { pgConnectHooks, pgHooks } from './pg.js';
import { mariadbBatchHooks, mariadbHooks, mysql2Hooks } from './mysql.js';

const registry = new Map<string, Hooks>([
  ['http', httpHooks],
  ['fetch', fetchHooks],
  ['undici.request', undiciRequestHooks],
  ['pg', pgHooks],
  ['pg.connect', pgConnectHooks],
  ['mysql2', mysql2Hooks],
  ['mariadb', mariadbHooks],
  ['mariadb.batch', mariadbBatchHooks],
]);

/** The hooks registered under `id`, or `undefined` (the site then runs without hooks). */
export function getHooks(id: string): Hooks | undefined {
  return registry.get(id);
}

/**
 * Register (or replace) the hooks for `id`. For tests and advanced users who
 * ship their own hook module. Sites look their hooks up on every call, so a
 * registration takes effect on the next call; built-in ids can be replaced.
 */
export function registerHooks(id: string, hooks: Hooks): void {
  registry.set(id, hooks);
}

export type { CallStart, Hooks } from './types.js';
