/**
 * better-sqlite3 (11–13): synchronous SQLite. Span names and every DB attribute come from the
 * `better-sqlite3` hooks at run time (summary, file name as namespace, SQLite result code).
 *
 * The typings (`@types/better-sqlite3`) declare `Database` and `Statement` as interfaces of the
 * `better-sqlite3` module, the names the checker sees under tsc; in the bundler path the module's
 * default export is the `Database` class and {@link betterSqlite3Types} says what its methods
 * return, so `new Database(file).prepare(sql).all()` is followed.
 *
 * A transaction (`const tx = db.transaction(fn); tx(rows)`) gets no span of its own: the
 * statements run inside `fn` do, parented to whatever is active where `tx` is called
 * (better-sqlite3 issues BEGIN/COMMIT/ROLLBACK from its own prepared statements). A span around
 * the whole transaction is a `/** @span *\/` on the function that calls it.
 */
import { defineRule } from './defineRule.js';
import type { LibraryTypes } from './types.js';

/** `db.exec(sql)`: one or more statements, run to completion before it returns. */
export const betterSqlite3Exec = defineRule({
  id: 'better-sqlite3.exec',
  join: 'method',
  module: 'better-sqlite3',
  class: 'Database',
  name: 'exec',
  versions: '>=11 <14',
  span: { kind: 'client' },
  hooks: 'better-sqlite3.exec',
  result: 'sync',
});

/** `stmt.run()`, `stmt.get()`, `stmt.all()`: the statement runs before the call returns. */
export const betterSqlite3Statement = defineRule({
  id: 'better-sqlite3.statement',
  join: 'method',
  module: 'better-sqlite3',
  class: 'Statement',
  name: ['run', 'get', 'all'],
  versions: '>=11 <14',
  span: { kind: 'client' },
  hooks: 'better-sqlite3',
  result: 'sync',
});

/**
 * `stmt.iterate()`: rows are read as the caller iterates, so the span ends when iteration
 * completes, is stopped (`break`, `return()`) or throws. A rule of its own because a rule has
 * one result mode, and `iterable` would wrap the arrays `all()` (and `get()` in `raw()` mode)
 * return.
 */
export const betterSqlite3Iterate = defineRule({
  id: 'better-sqlite3.iterate',
  join: 'method',
  module: 'better-sqlite3',
  class: 'Statement',
  name: 'iterate',
  versions: '>=11 <14',
  span: { kind: 'client' },
  hooks: 'better-sqlite3',
  result: 'iterable',
});

/** What better-sqlite3 returns, for the bundler path: the default export is the `Database` class. */
export const betterSqlite3Types: LibraryTypes = {
  module: 'better-sqlite3',
  returns: {
    default: 'Database',
    'Database#prepare': 'Statement',
    'Database#exec': 'Database',
    'Statement#bind': 'Statement',
    'Statement#pluck': 'Statement',
    'Statement#raw': 'Statement',
    'Statement#expand': 'Statement',
    'Statement#safeIntegers': 'Statement',
  },
};
