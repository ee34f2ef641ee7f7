/**
 * Hooks for better-sqlite3 (synchronous SQLite in-process), `db.system.name` = `sqlite`:
 * - `better-sqlite3`: a prepared statement's `run`, `get`, `all` and `iterate`. The SQL is
 *   the statement's `source`; the database is its `database`.
 * - `better-sqlite3.exec`: `Database#exec(sql)`, which may hold several statements and never
 *   takes values.
 *
 * `db.namespace` is the file name the database was opened with (`Database#name`, as the
 * application gave it; SQLite resolves a relative one from the working directory). In-memory
 * and temporary databases (`:memory:`, `''`: `Database#memory`) get none: each is private to
 * its connection, so `:memory:` would name unrelated databases alike. Databases `ATTACH`ed
 * later are not reflected. No `server.*`: SQLite runs in the process.
 *
 * `db.query.text`: a statement with placeholders (`?`, `?1`, `:name`, `@name`, `$name`) is
 * parameterised and reported as written; one without, and every `exec` text, is sanitized
 * (literals → `?`). A statement's attributes are computed once and kept beside it (its SQL
 * and database cannot change), so running a prepared statement again costs a map lookup.
 *
 * Errors: better-sqlite3's `SqliteError` carries SQLite's (extended) result code name in
 * `code` (`SQLITE_ERROR`, `SQLITE_CONSTRAINT_PRIMARYKEY`), which becomes
 * `db.response.status_code` and `error.type`. Misuse reported by better-sqlite3 itself (a
 * `TypeError` or `RangeError`: wrong number of values, `get()` on a statement returning no
 * data) has no code and keeps the class name as `error.type`.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import type { Hooks } from './types.js';
import { isObj, setStatusCode, startQuery } from './dbSpan.js';
import { describeSql } from './sqlStatement.js';

const SYSTEM = 'sqlite';
const DIALECT = { dialect: 'sqlite' } as const;

/** What every run of one statement reports. */
interface Described {
  readonly attributes: Attributes;
  readonly name: string;
}

/** Statement → its span name and attributes. */
const statements = new WeakMap<object, Described>();

/** @internal `db.namespace` of a better-sqlite3 `Database`: its file name, none when in memory. */
export function sqliteNamespace(db: unknown): string | undefined {
  if (!isObj(db) || db.memory === true) return undefined;
  const name = db.name;
  return typeof name === 'string' && name !== '' && name !== ':memory:' ? name : undefined;
}

/** @internal Name and attributes of `text` run on database `db`. */
function describe(text: unknown, db: unknown, parameterised: boolean): Described {
  const attributes: Attributes = {};
  const namespace = sqliteNamespace(db);
  if (namespace !== undefined) attributes['db.namespace'] = namespace;
  const query = { attributes, name: SYSTEM };
  startQuery(query, { system: SYSTEM, dialect: 'sqlite', text, parameterised });
  return { attributes, name: query.name };
}

/** @internal A statement's description, computed on its first run. */
function describeStatement(stmt: unknown): Described | undefined {
  if (!isObj(stmt)) return undefined;
  let described = statements.get(stmt);
  if (described === undefined) {
    const source = stmt.source;
    if (typeof source !== 'string') return undefined;
    const placeholders = describeSql(source, DIALECT).placeholders;
    described = describe(source, stmt.database, placeholders > 0);
    statements.set(stmt, described);
  }
  return described;
}

/** @internal SQLite's result code name from a `SqliteError`. */
function resultCode(err: unknown): string | undefined {
  if (!isObj(err)) return undefined;
  const code = err.code;
  return typeof code === 'string' && /^SQLITE_[A-Z0-9_]+$/.test(code) ? code : undefined;
}

/** @internal `db.response.status_code` and `error.type` for a `SqliteError`. */
function onError(span: Span, err: unknown): void {
  try {
    const code = resultCode(err);
    if (code !== undefined) setStatusCode(span, code);
  } catch {
    // a hostile error object: the runtime records it as usual
  }
}

/** `Statement#run` / `get` / `all` / `iterate`. */
export const betterSqlite3Hooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = call.name = SYSTEM;
    try {
      const described = describeStatement(call.thisArg);
      if (described === undefined) return;
      Object.assign(call.attributes, described.attributes);
      call.name = described.name;
    } catch {
      // a hostile receiver (a throwing getter): keep what was set
    }
  },
  onError,
};

/** `Database#exec(sql)`: one or more statements, never values. */
export const betterSqlite3ExecHooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = call.name = SYSTEM;
    try {
      const described = describe(call.args[0], call.thisArg, false);
      Object.assign(call.attributes, described.attributes);
      call.name = described.name;
    } catch {
      // a hostile receiver or argument: keep what was set
    }
  },
  onError,
};
