/**
 * The MariaDB Node.js connector (`mariadb` 3.x): `query`, `execute` and `batch` on connections,
 * pools and pool connections. DB attributes come from the `mariadb` hooks at run time; `batch`
 * also counts its parameter sets (`db.operation.batch.size`).
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `conn.query(...)`, `conn.execute(...)`. */
export const mariadbQuery = defineRule({
  id: 'mariadb.query',
  join: 'method',
  module: 'mariadb',
  class: ['Connection', 'Pool', 'PoolConnection'],
  name: ['query', 'execute'],
  versions: '>=3 <4',
  span: { kind: 'client' },
  hooks: 'mariadb',
  result: 'callback',
});

/** `conn.batch(sql, rows)`: one span for the whole batch. */
export const mariadbBatch = defineRule({
  id: 'mariadb.batch',
  join: 'method',
  module: 'mariadb',
  class: ['Connection', 'Pool', 'PoolConnection'],
  name: 'batch',
  versions: '>=3 <4',
  span: { kind: 'client' },
  hooks: 'mariadb.batch',
  result: 'callback',
});

/** What the connector's factories return, for the bundler path. */
export const mariadbTypes: LibraryTypes = {
  module: 'mariadb',
  returns: { createConnection: 'Connection', createPool: 'Pool', 'Pool#getConnection': 'PoolConnection' },
};
