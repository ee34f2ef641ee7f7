/**
 * mysql2 (3.x), callback API and `mysql2/promise`: `query` and `execute` on connections, pools
 * and pool connections. Every DB attribute comes from the `mysql2` hook at run time. Result
 * mode `callback`: the callback API ends the span when the callback is called, the promise API
 * when the promise settles.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `conn.query(...)`, `conn.execute(...)`, on every connection and pool class of both APIs. */
export const mysql2Query = defineRule({
  id: 'mysql2.query',
  join: 'method',
  module: 'mysql2',
  class: ['Connection', 'Pool', 'PoolConnection', 'PoolNamespace'],
  name: ['query', 'execute'],
  versions: '>=3 <4',
  span: { kind: 'client' },
  hooks: 'mysql2',
  result: 'callback',
});

/** What mysql2's factories and `promise()` return, for the bundler path. */
export const mysql2Types: LibraryTypes = {
  module: 'mysql2',
  returns: {
    createConnection: 'Connection',
    createPool: 'Pool',
    'Pool#promise': 'mysql2/promise:Pool',
    'Connection#promise': 'mysql2/promise:Connection',
    'PoolConnection#promise': 'mysql2/promise:PoolConnection',
  },
};

/** `mysql2/promise`: its factories and the pool's `getConnection()`. */
export const mysql2PromiseTypes: LibraryTypes = {
  module: 'mysql2/promise',
  returns: { createConnection: 'Connection', createPool: 'Pool', 'Pool#getConnection': 'PoolConnection' },
};
