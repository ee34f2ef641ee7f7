/**
 * Hooks for `pg` (node-postgres), `db.system.name` = `postgresql`:
 * - `pg`: `Client#query` and `Pool#query` (a pool client is a `Client`) in
 *   every form pg accepts: `(text, values?, callback?)`, a config object
 *   `{ text, values, name, rowMode, ... }` with values optionally in the
 *   second argument, or a submittable (`new Query(...)`, a `pg-cursor`
 *   `Cursor`) whose `text` and `values` are read; a submittable's span ends
 *   when its operation does (`pgSubmittable.ts`). The span is named after the
 *   query summary (`SELECT users`).
 * - `pg.connect`: `Client#connect` (span `pg.connect`) and `Pool#connect`
 *   (span `pg-pool.connect`), the names the official instrumentation uses.
 *
 * Server and database come from the receiver: a `Client`'s resolved
 * `connectionParameters` (config, environment and defaults already merged by
 * pg), or a `Pool`'s `options` (its connection string, when given, wins as it
 * does in pg; only host, port and database are read from it; what pg would
 * take from the environment or its defaults is not known before a client
 * exists, so it is not reported). The password is never read. `db.namespace` is the database the connection was configured
 * with (no schema: knowing the search path would cost a query).
 */
import type { Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './types.js';
import { isObj, setEndpoint, setStatusCode, startQuery, type Endpoint, type Obj } from './dbSpan.js';
import { submittableResult } from './pgSubmittable.js';

const SYSTEM = 'postgresql';

/** Pool → its endpoint: a pool's options do not change, and parsing a URL per query would. */
const poolEndpoints = new WeakMap<object, Endpoint>();

/** @internal The endpoint a pool's options describe (the connection string's parts first, as pg merges them). */
function poolEndpoint(options: Obj): Endpoint {
  const connectionString = options.connectionString;
  if (typeof connectionString !== 'string' || connectionString === '') return options;
  try {
    const url = new URL(connectionString);
    const query = url.searchParams;
    if (url.protocol === 'socket:') {
      // socket:/run/postgresql?db=app: the path is the socket directory
      return { host: decodeURIComponent(url.pathname), port: options.port, database: query.get('db') || options.database };
    }
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const path = url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : '';
    return {
      host: query.get('host') || (hostname ? decodeURIComponent(hostname) : options.host),
      port: url.port || options.port,
      database: path || query.get('db') || options.database,
    };
  } catch {
    return options; // not a URL: the explicit options only
  }
}

/** @internal A `Client` (resolved parameters) or a `Pool` (options); nothing for other receivers. */
function endpointOf(self: unknown): Endpoint | undefined {
  if (!isObj(self)) return undefined;
  const params = self.connectionParameters;
  if (isObj(params)) return params;
  const options = self.options;
  if (!isObj(options)) return undefined;
  let endpoint = poolEndpoints.get(self);
  if (endpoint === undefined) poolEndpoints.set(self, (endpoint = poolEndpoint(options)));
  return endpoint;
}

/**
 * @internal A PostgreSQL error reported by the server: pg's `DatabaseError`
 * carries the SQLSTATE in `code` and a `severity`. Node system errors
 * (`ECONNREFUSED`) have a `code` too, but no severity.
 */
function sqlState(err: unknown): string | undefined {
  if (!isObj(err) || typeof err.severity !== 'string') return undefined;
  const code = err.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** @internal The statement and values, in the forms pg accepts. */
function queryStart(call: CallStart): void {
  const [first, second] = call.args;
  let text: unknown;
  let values: unknown;
  if (typeof first === 'string') {
    text = first;
    values = second;
  } else if (isObj(first)) {
    // A config object or a submittable; pg lets a values array in the second argument win.
    text = first.text;
    values = Array.isArray(second) ? second : first.values;
  }
  setEndpoint(call.attributes, endpointOf(call.thisArg));
  startQuery(call, {
    system: SYSTEM,
    dialect: 'postgresql',
    text,
    parameterised: Array.isArray(values) && values.length > 0,
  });
}

/** @internal `db.response.status_code` and `error.type` for a server error. */
function onError(span: Span, err: unknown): void {
  try {
    const code = sqlState(err); // 42P01 (no such table), 3D000 (no such database), ...
    if (code !== undefined) setStatusCode(span, code);
  } catch {
    // a hostile error object: the runtime records it as usual
  }
}

/** `Client#query` / `Pool#query`: query attributes, endpoint, span named after the summary. */
export const pgHooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = SYSTEM;
    call.name = SYSTEM;
    try {
      queryStart(call);
    } catch {
      // a hostile argument or receiver (a throwing getter): keep what was set
    }
  },
  // a submittable (Query, pg-cursor) returned: its span ends with the operation (pgSubmittable.ts)
  onResult: (span, result, end, call) => submittableResult(span, result, end, call, pgHooks),
  onError,
};

/** `Client#connect` / `Pool#connect`: the endpoint being connected to. */
export const pgConnectHooks: Hooks = {
  onStart(call) {
    const self = call.thisArg;
    call.attributes['db.system.name'] = SYSTEM;
    call.name = 'pg.connect';
    try {
      setEndpoint(call.attributes, endpointOf(self));
      if (isObj(self) && !isObj(self.connectionParameters)) call.name = 'pg-pool.connect';
    } catch {
      // a hostile receiver: keep what was set
    }
  },
  onError,
};
