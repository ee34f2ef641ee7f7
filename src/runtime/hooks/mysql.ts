/**
 * Hooks for the MySQL-protocol clients:
 * - `mysql2`: `query` and `execute` of connections, pool connections and
 *   pools, callback API and `mysql2/promise` alike: `(sql, values?, cb?)`
 *   with `sql` a string or an options object `{ sql, values, ... }` (values in
 *   the second argument win when given, as in mysql2). `db.system.name` is
 *   `mysql`: the conventions want `mariadb` for a MariaDB server, but mysql2
 *   only learns the server's product at the handshake, in private state, and
 *   a pool has no connection yet when the call starts.
 * - `mariadb` (and `mariadb.batch` for `batch`): the MariaDB connector's
 *   `query`, `execute` and `batch` on connections and pools, `(sql, values?)`
 *   with `sql` a string or `{ sql, ... }` (its `values` win when set, as in
 *   the connector). `db.system.name` is `mariadb`. A batch of other than one
 *   parameter set gets `db.operation.batch.size` and a `BATCH ` summary.
 *
 * Endpoint: mysql2 keeps its connection config public (`this.config`, a
 * pool's `config.connectionConfig`, `this.pool` for a promise pool). The
 * MariaDB connector keeps its options private: a connection tells its
 * database and port (`info`), not its host. A pool tells nothing itself, but
 * its `acquire` event passes the connection it hands out with that
 * connection's options (the pool's config): on the first traced call on a
 * pool the hook listens to it (one listener per pool) and reads host (or
 * socket path), port and database, never anything else, for the pool and for
 * the `info` of each connection it hands out (so pool connections report
 * their host too, once their pool has been used by a traced call). A call
 * that learns them while in flight (a pool's first) gets them at its end.
 *
 * Errors: a server error sets `db.response.status_code` and `error.type` to
 * its error number (`1146`). The MariaDB connector appends the statement and
 * its parameter values to the error message; its failures are recorded with
 * that part cut off.
 */
import type { Attributes, Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './types.js';
import { isObj, recordFailure, setEndpoint, setStatusCode, startQuery, type Endpoint, type Obj } from './dbSpan.js';
import { errorType } from '../errors.js';

/** @internal Whether values were given: a non-empty array, named values, or a single value. */
function hasValues(values: unknown): boolean {
  return Array.isArray(values) ? values.length > 0 : values !== undefined && values !== null;
}

/**
 * @internal A server error's number: mysql2 and the MariaDB connector both
 * put it in `errno` next to the SQLSTATE. Client-side failures have no
 * SQLSTATE (mysql2: Node's negative errno) or a connector code from 45000 on.
 */
function serverErrno(err: unknown): string | undefined {
  if (!isObj(err) || typeof err.sqlState !== 'string') return undefined;
  const errno = err.errno;
  return typeof errno === 'number' && Number.isInteger(errno) && errno > 0 && errno < 45000 ? String(errno) : undefined;
}

/** @internal The mysql2 connection config behind any of its receivers. */
function mysql2Endpoint(self: unknown): Endpoint | undefined {
  if (!isObj(self)) return undefined;
  let config = self.config; // connections (a getter on promise ones) and core pools
  if (!isObj(config) && isObj(self.pool)) config = self.pool.config; // a promise pool
  if (isObj(config) && isObj(config.connectionConfig)) config = config.connectionConfig;
  if (!isObj(config)) return undefined;
  const socketPath = config.socketPath;
  if (typeof socketPath === 'string' && socketPath !== '') return { host: socketPath, database: config.database };
  return config;
}

/** @internal The statement and values, in the forms mysql2 accepts. */
function mysql2Start(call: CallStart): void {
  const [first, second] = call.args;
  let text: unknown;
  let values: unknown;
  if (typeof first === 'string') {
    text = first;
    values = typeof second === 'function' ? undefined : second;
  } else if (isObj(first)) {
    text = first.sql;
    values = second !== undefined && typeof second !== 'function' ? second : first.values;
  }
  setEndpoint(call.attributes, mysql2Endpoint(call.thisArg));
  startQuery(call, { system: 'mysql', dialect: 'mysql', text, parameterised: hasValues(values) });
}

/** `mysql2` `query` / `execute`. */
export const mysql2Hooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = call.name = 'mysql';
    try {
      mysql2Start(call);
    } catch {
      // a hostile argument or receiver (a throwing getter): keep what was set
    }
  },

  onError(span, err) {
    try {
      const code = serverErrno(err);
      if (code !== undefined) setStatusCode(span, code);
    } catch {
      // a hostile error object: the runtime records it as usual
    }
  },
};

/** A MariaDB pool, or a connection's `info`, → the endpoint of the connections the pool hands out. */
const mariadbLearned = new WeakMap<object, Endpoint>();
/** Pools whose `acquire` event the hook listens to. */
const mariadbPools = new WeakSet<object>();

/** @internal Host (or socket path), port and database of a connection's options, nothing else. */
function optionsEndpoint(conn: unknown): Endpoint | undefined {
  const opts = isObj(conn) ? conn.opts : undefined;
  if (!isObj(opts)) return undefined;
  const socketPath = opts.socketPath;
  if (typeof socketPath === 'string' && socketPath !== '') return { host: socketPath, database: opts.database };
  return { host: opts.host, port: opts.port, database: opts.database };
}

/** @internal Learns a pool's endpoint from the connections it hands out (its `acquire` event). */
function watchPool(pool: Obj): void {
  if (mariadbPools.has(pool) || typeof pool.on !== 'function') return;
  mariadbPools.add(pool);
  (pool.on as (event: string, listener: (conn: unknown) => void) => unknown).call(pool, 'acquire', (conn) => {
    try {
      const endpoint = optionsEndpoint(conn);
      if (endpoint === undefined) return;
      mariadbLearned.set(pool, endpoint);
      if (isObj(conn) && isObj(conn.info)) mariadbLearned.set(conn.info, endpoint);
    } catch {
      // a listener inside the connector's emit must never throw
    }
  });
}

/** @internal A connection (`info`: database, port; host when learned) or a pool (what its connections told). */
function mariadbEndpoint(self: unknown): Endpoint | undefined {
  if (!isObj(self)) return undefined;
  const info = self.info;
  if (isObj(info)) return mariadbLearned.get(info) ?? { port: info.port, database: info.database };
  if (typeof self.getConnection !== 'function') return undefined;
  watchPool(self);
  return mariadbLearned.get(self);
}

/** @internal The endpoint a pool's first call learned while in flight, onto its span. */
function lateEndpoint(span: Span, call: CallStart): void {
  try {
    if (call.attributes['server.address'] !== undefined || !isObj(call.thisArg)) return;
    const attributes: Attributes = {};
    setEndpoint(attributes, mariadbLearned.get(call.thisArg));
    span.setAttributes(attributes);
  } catch {
    // a hostile receiver: the span keeps what it has
  }
}

/** @internal The statement and values as the connector reads them. */
function mariadbStart(call: CallStart, batch: boolean): void {
  const [first, second] = call.args;
  let text: unknown = first;
  let values: unknown = second;
  if (isObj(first)) {
    text = first.sql;
    if (first.values) values = first.values;
  }
  setEndpoint(call.attributes, mariadbEndpoint(call.thisArg));
  startQuery(call, {
    system: 'mariadb',
    dialect: 'mysql',
    text,
    parameterised: hasValues(values),
    batch: batch ? values : undefined,
  });
}

/** The connector's message ends with `\nsql: <statement> - parameters:[<values>]`. */
const SQL_ECHO = '\nsql: ';

/** @internal Status code, and the message without the echoed statement and values. */
function mariadbError(span: Span, err: unknown, call: CallStart): boolean | void {
  lateEndpoint(span, call);
  try {
    const code = serverErrno(err);
    if (code !== undefined) setStatusCode(span, code);
    const message = isObj(err) ? err.message : undefined;
    const cut = typeof message === 'string' ? message.indexOf(SQL_ECHO) : -1;
    if (cut < 0) return; // nothing echoed: the runtime records the error as is
    recordFailure(span, err as Obj, (message as string).slice(0, cut), code ?? errorType(err));
    return false;
  } catch {
    return; // a hostile error object: the runtime records it as usual
  }
}

/** @internal `onStart` of both MariaDB hooks. */
function mariadbOnStart(call: CallStart, batch: boolean): void {
  call.attributes['db.system.name'] = call.name = 'mariadb';
  try {
    mariadbStart(call, batch);
  } catch {
    // a hostile argument or receiver: keep what was set
  }
}

/** MariaDB connector `query` / `execute`. */
export const mariadbHooks: Hooks = {
  onStart: (call) => mariadbOnStart(call, false),
  onResult: (span, _result, _end, call) => lateEndpoint(span, call),
  onError: mariadbError,
};

/** MariaDB connector `batch(sql, values)`: one statement, many parameter sets. */
export const mariadbBatchHooks: Hooks = {
  onStart: (call) => mariadbOnStart(call, true),
  onResult: (span, _result, _end, call) => lateEndpoint(span, call),
  onError: mariadbError,
};
