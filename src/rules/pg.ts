/**
 * node-postgres (`pg` 8): queries and connects on clients and pools. Span names and every DB
 * attribute come from the `pg` hooks at run time (summary, server, namespace, SQLSTATE).
 * Result mode `callback`: pg takes a callback as its last argument or returns a promise; the
 * span ends with whichever the call uses.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `client.query(...)`, `pool.query(...)`, and the pool client from `pool.connect()`. */
export const pgQuery = defineRule({
  id: 'pg.query',
  join: 'method',
  module: 'pg',
  class: ['Client', 'Pool', 'PoolClient'],
  name: 'query',
  versions: '>=8 <9',
  span: { kind: 'client' },
  hooks: 'pg',
  result: 'callback',
});

/** `client.connect()` and `pool.connect()` (which checks a client out), as the official instrumentation has them. */
export const pgConnect = defineRule({
  id: 'pg.connect',
  join: 'method',
  module: 'pg',
  class: ['Client', 'Pool'],
  name: 'connect',
  versions: '>=8 <9',
  span: { kind: 'client' },
  hooks: 'pg.connect',
  result: 'callback',
});

/** What `pg` calls return, for the bundler path: `await pool.connect()` is a pool client. */
export const pgTypes: LibraryTypes = { module: 'pg', returns: { 'Pool#connect': 'PoolClient' } };
