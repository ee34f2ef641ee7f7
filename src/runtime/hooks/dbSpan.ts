/**
 * What the database hooks share, following the stable database conventions
 * (client spans): the query attributes and the span name, the server and
 * namespace attributes, and the failure attributes.
 *
 * - `db.query.text`: as sent when the values travel separately (a
 *   parameterised query); otherwise sanitized (literals → `?`, comments
 *   removed, cut at 8 KiB), since inlined values may be anything.
 * - `db.query.summary`: generated from the text; it is also the span name.
 *   `db.operation.name` and `db.collection.name` are not set: the SQL
 *   conventions say they SHOULD NOT be extracted from the query text.
 * - Span name: `{db.query.summary}`, else `{db.operation.name} {target}`,
 *   else `{target}`, else `{db.system.name}`; the target being the collection,
 *   the stored procedure, the namespace or `server.address:server.port`.
 * - `error.type`: the database's status code (`db.response.status_code`:
 *   PostgreSQL SQLSTATE such as `42P01`, MySQL/MariaDB error number such as
 *   `1146`, SQLite result code such as `SQLITE_CONSTRAINT_UNIQUE`) when the
 *   database answered with one; otherwise the runtime's default, the error's
 *   class name (`Error`, `SqlError`, `DatabaseError`, `RangeError`).
 */
import { SpanStatusCode, type Attributes, type Exception, type Span } from '@opentelemetry/api';
import type { CallStart } from './types.js';
import { describeSql, type SqlDialect } from './sqlStatement.js';

/** @internal */
export type Obj = Record<string, unknown>;

/** @internal */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

/** What a hook knows about one query before it is sent. */
export interface QueryStart {
  /** `db.system.name`: `postgresql`, `mysql`, `mariadb`, `sqlite`. */
  readonly system: string;
  /** The SQL family of the text (literal syntax differs). */
  readonly dialect: SqlDialect;
  /** The SQL text as the caller passed it; anything else sets no query attributes. */
  readonly text: unknown;
  /** Whether values were passed separately (then the text is reported as sent). */
  readonly parameterised: boolean;
  /** For a batch API: the parameter sets, counted by {@link batchSize}. */
  readonly batch?: unknown;
}

/**
 * Sets `db.system.name`, `db.query.text`, `db.query.summary` (and for a
 * batch of other than one set, `db.operation.batch.size` and the `BATCH`
 * summary prefix), then names the span. Set the server and namespace
 * attributes first: the name may fall back to them.
 */
export function startQuery(call: Pick<CallStart, 'attributes' | 'name'>, query: QueryStart): void {
  const attributes = call.attributes;
  attributes['db.system.name'] = query.system;
  const text = query.text;
  if (typeof text === 'string') {
    const described = describeSql(text, { dialect: query.dialect, sanitize: !query.parameterised });
    const shown = query.parameterised ? text : described.sanitized;
    if (shown) attributes['db.query.text'] = shown;
    let summary = described.summary;
    if (query.batch !== undefined) {
      const size = batchSize(query.batch, described.placeholders);
      // One parameter set is a single operation, not a batch (conventions).
      if (size !== 1) {
        attributes['db.operation.batch.size'] = size;
        summary = summary === undefined ? 'BATCH' : `BATCH ${summary}`;
      }
    }
    if (summary !== undefined) attributes['db.query.summary'] = summary;
  }
  call.name = dbSpanName(attributes);
}

/**
 * How many operations a batch call runs: one per row of an array of arrays
 * (or of objects, for named placeholders); a flat array is one row per value
 * when the statement has one placeholder, else a single row; no rows is an
 * empty batch (0); anything else is one.
 */
export function batchSize(values: unknown, placeholders: number): number {
  if (!Array.isArray(values)) return 1;
  if (values.length === 0) return 0;
  const first: unknown = values[0];
  const proto = isObj(first) ? Object.getPrototypeOf(first) : undefined;
  if (Array.isArray(first) || proto === Object.prototype || proto === null) return values.length;
  return placeholders === 1 ? values.length : 1;
}

/** The span name the conventions ask for, from the attributes set so far. */
export function dbSpanName(attributes: Attributes): string {
  const summary = attributes['db.query.summary'];
  if (typeof summary === 'string' && summary !== '') return summary;
  const target = pick(attributes['db.collection.name']) ?? pick(attributes['db.stored_procedure.name']) ?? pick(attributes['db.namespace']) ?? serverTarget(attributes);
  const operation = pick(attributes['db.operation.name']);
  if (operation !== undefined) return target === undefined ? operation : `${operation} ${target}`;
  return target ?? pick(attributes['db.system.name']) ?? 'db';
}

/** @internal A non-empty string attribute. */
function pick(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** @internal `address:port`, or the address alone. */
function serverTarget(attributes: Attributes): string | undefined {
  const address = pick(attributes['server.address']);
  if (address === undefined) return undefined;
  const port = attributes['server.port'];
  return typeof port === 'number' ? `${address}:${port}` : address;
}

/** The endpoint a client is configured for (never credentials). */
export interface Endpoint {
  /** Host name, IP address or Unix socket path. */
  readonly host?: unknown;
  /** Port number (a numeric string is accepted). */
  readonly port?: unknown;
  /** Database name, for `db.namespace`. */
  readonly database?: unknown;
}

/** Sets `server.address`, `server.port` and `db.namespace` from what is known; skips the rest. */
export function setEndpoint(attributes: Attributes, endpoint: Endpoint | undefined): void {
  if (endpoint === undefined) return;
  const { host, port, database } = endpoint;
  if (typeof host === 'string' && host !== '') attributes['server.address'] = host;
  const p = typeof port === 'string' && port !== '' ? Number(port) : port;
  if (typeof p === 'number' && Number.isInteger(p) && p > 0 && p < 65536) attributes['server.port'] = p;
  if (typeof database === 'string' && database !== '') attributes['db.namespace'] = database;
}

/** Sets `db.response.status_code` and `error.type` to the code the database answered with. */
export function setStatusCode(span: Span, code: string): void {
  span.setAttribute('db.response.status_code', code);
  span.setAttribute('error.type', code);
}

/**
 * Records a failure with `message` in place of the error's own (which a
 * driver may have padded with the statement and its parameter values): the
 * exception event (class name, message, and the stack frames without the
 * original message), status ERROR, and `error.type`. A hook calling this
 * returns `false` from `onError`, so that the runtime does not record the
 * original message as well.
 */
export function recordFailure(span: Span, error: Obj, message: string, type: string): void {
  const ctor = error.constructor as { name?: unknown } | undefined;
  const name = typeof error.name === 'string' ? error.name : typeof ctor?.name === 'string' ? ctor.name : 'Error';
  const stack = typeof error.stack === 'string' ? error.stack : '';
  const frames = stack.indexOf('\n    at ');
  const exception: Exception = { name, message };
  if (frames >= 0) exception.stack = `${name}: ${message}${stack.slice(frames)}`;
  if (typeof error.code === 'string' || typeof error.code === 'number') exception.code = error.code;
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.setAttribute('error.type', type);
}
