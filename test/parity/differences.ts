/**
 * Every known difference between the official instrumentations' spans and
 * ours, with its reason: the parity test fails on a difference not listed
 * here, and on an entry no run shows any more. docs/parity.md lists them.
 *
 * `attribute` is an attribute name (a trailing `*` matches a prefix),
 * `span name` / `span kind` / `span status`, or `span <name>` for a span only
 * one side has. `differs`: `missing` (the official sets it, ours not),
 * `extra` (ours only) or `value`. Without `operations` an entry covers every
 * operation of its libraries. `gap: true` marks what we would rather match
 * but cannot yet.
 */
import type { Differs } from './compare.js';
import type { Library } from './scenario.js';

/** One listed difference. */
export interface Difference {
  readonly library: Library | readonly Library[] | '*';
  readonly attribute: string;
  readonly differs: Differs;
  readonly operations?: readonly string[];
  readonly gap?: true;
  readonly reason: string;
}

const SQL: readonly Library[] = ['pg', 'mysql2'];
const REDIS: readonly Library[] = ['ioredis', 'redis'];

export const DIFFERENCES: readonly Difference[] = [
  // What tracewright adds everywhere.
  {
    library: '*', attribute: 'code.*', differs: 'extra',
    reason: 'The call site (`code.file.path`, `code.line.number`, `code.column.number`): tracewright wraps the call in the program\'s own code, so it knows where the call is; a runtime instrumentation patches the library and cannot.',
  },
  {
    library: '*', attribute: 'db.response.status_code', differs: 'extra', operations: ['error', 'wrongtype'],
    reason: 'The stable conventions ask for the status code the server answered a failed operation with (PostgreSQL SQLSTATE, MySQL error number, Redis error prefix); the official instrumentations only set the span status.',
  },
  {
    library: '*', attribute: 'error.type', differs: 'extra', operations: ['error', 'wrongtype'],
    reason: 'Required by the stable conventions on a failed operation; ours is the database\'s status code (the error class for client-side failures). The official instrumentations record the exception and the span status only.',
  },

  // SQL: pg and mysql2.
  {
    library: 'pg', attribute: 'span name', differs: 'value',
    reason: 'The stable conventions name a database span `{db.query.summary}` (`SELECT users`). instrumentation-pg names it `pg.query:{operation} {db.namespace}`, or after a prepared statement\'s name, even with `OTEL_SEMCONV_STABILITY_OPT_IN=database`.',
  },
  {
    library: 'mysql2', attribute: 'span name', differs: 'value',
    reason: 'The stable conventions name a database span `{db.query.summary}` (`SELECT users`). instrumentation-mysql2 names it after the statement\'s first word (`SELECT`).',
  },
  {
    library: SQL, attribute: 'db.query.summary', differs: 'extra',
    reason: 'Recommended by the stable conventions (and the source of the span name); neither official instrumentation sets it.',
  },
  {
    library: SQL, attribute: 'db.query.text', differs: 'value', operations: ['inlined'],
    reason: 'Values written into the SQL text may be anything (credentials, personal data): the stable conventions want `db.query.text` in its parameterised form and literals of a non-parameterised query replaced by `?`. The official instrumentations report the text as written. Parameterised queries are reported as sent by both.',
  },
  {
    library: 'pg', attribute: 'db.postgresql.plan', differs: 'missing', operations: ['prepared'],
    reason: 'Not a semantic-convention attribute: instrumentation-pg\'s name for the prepared statement\'s name (`name` of the query config), an identifier chosen by the program. The stable conventions define no such attribute; the statement itself is in `db.query.text`.',
  },
  {
    library: 'pg', attribute: 'db.postgresql.idle.timeout.millis', differs: 'missing', operations: ['pool-connect'],
    reason: 'Not a semantic-convention attribute: the pool\'s `idleTimeoutMillis` setting, which instrumentation-pg copies onto `pg-pool.connect` spans. Pool configuration is not a property of the operation.',
  },
  {
    library: 'pg', attribute: 'span pg-pool.connect', differs: 'missing', operations: ['pool-query'],
    reason: '`Pool#query` acquires a connection inside pg-pool; that `connect` is pg-pool\'s own call, not a call site in the program, so tracewright gives `Pool#query` one span, which includes the wait for a connection. A `Pool#connect` the program makes gets its own `pg-pool.connect` span (operation `pool-connect`).',
  },
  {
    library: 'pg', attribute: 'span pg.connect', differs: 'missing', operations: ['pool-query'],
    reason: 'The pool opening a new client inside `Pool#query` is pg-pool\'s internal call, not a call site in the program (see `span pg-pool.connect`). A `Client#connect` the program makes gets its own `pg.connect` span (operation `client-connect`).',
  },

  // Redis: ioredis and node-redis.
  {
    library: 'ioredis', attribute: 'span name', differs: 'value',
    reason: 'Ours is the command as Redis spells it (`GET`), and a pipeline or transaction is one span (`PIPELINE`, `MULTI`; `MULTI SET` when every command is a SET), as the stable Redis conventions describe batches. instrumentation-ioredis names a span after ioredis\'s lowercase command (`get`) and gives every queued command its own span, plus `multi` and `exec` for a transaction.',
  },
  {
    library: 'redis', attribute: 'span name', differs: 'value',
    reason: 'Ours is the command as Redis spells it (`GET`), and a pipeline or transaction is one span (`PIPELINE`, `MULTI`), as the stable Redis conventions describe batches. instrumentation-redis names a span `redis-{COMMAND}` and gives every queued command its own span.',
  },
  {
    library: 'ioredis', attribute: 'db.operation.name', differs: 'value',
    reason: 'The stable conventions use the command name as Redis knows it (`GET`, upper case) and for a batch `PIPELINE` / `MULTI`; instrumentation-ioredis takes ioredis\'s lowercase spelling and prefixes queued commands (`MULTI incr`, `PIPELINE set`), one span per command.',
  },
  {
    library: 'ioredis', attribute: 'db.query.text', differs: 'value',
    reason: 'Both hide the arguments that may carry values, spelled differently: ours keeps the command in upper case and the key and writes `?` per hidden argument (`SET k ? ? ?`), and the text of a batch is its commands, `; `-separated, on its one span; instrumentation-ioredis keeps ioredis\'s lowercase command and counts the hidden arguments (`set k [3 other arguments]`), one span per command. Its raw `call()` text hides the key as well (`STRLEN [1 other arguments]`).',
  },
  {
    library: 'redis', attribute: 'db.query.text', differs: 'value', operations: ['set', 'hget', 'send-command'],
    reason: 'Both hide the arguments that may carry values, spelled differently: ours writes `?` per hidden argument (`SET k ? ? ?`), instrumentation-redis counts them (`SET k [3 other arguments]`) and also hides the key of commands it does not list (`HGET [2 other arguments]`). Where neither hides anything (`GET k`) the texts are the same.',
  },
  {
    library: REDIS, attribute: 'db.namespace', differs: 'extra',
    reason: 'The database index (`0`), which the stable Redis conventions put in `db.namespace`; neither official instrumentation sets it.',
  },
  {
    library: REDIS, attribute: 'db.operation.batch.size', differs: 'extra', operations: ['pipeline', 'multi'],
    reason: 'A batch is one span carrying its number of commands, as the stable conventions ask for batches of two or more; the officials have no batch span to put it on.',
  },
  {
    library: 'redis', attribute: 'db.query.text', differs: 'missing', operations: ['pipeline', 'multi'], gap: true,
    reason: 'node-redis keeps a `multi()`\'s queued commands in private (`#`) fields, and its `node-redis:batch` tracing channel publishes only the batch\'s size and connection, so our batch span has no query text (README, known gaps). instrumentation-redis patches node-redis\'s multi-command module when it is loaded to read them; a wrapper around the `exec()` call cannot.',
  },
];
