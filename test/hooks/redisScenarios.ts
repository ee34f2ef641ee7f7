/**
 * The Redis hook scenarios as data, one table per library: the calls a test
 * makes (traced through a site, or plain for setup) and, beside each traced
 * call, its result and the span it must give. `redisHelpers.ts` runs a table
 * against every installed major of the library (`describe.each`), so what is
 * proven for the current major is proven, unchanged, for the previous ones.
 *
 * Conventions of the data:
 * - `$k`, `$h`... in any string (an argument, a result, a `db.query.text`) is
 *   a key unique to the run, cleaned up after the scenario;
 * - every traced call gives one span, compared exactly: kind `client`, no
 *   parent, `code.*` of its site, `db.system.name` `redis`, `db.operation.name`
 *   = its name, `server.address` 127.0.0.1, `server.port` 6379, `db.namespace`
 *   the client's database, `db.query.text` = `text` (absent when not given),
 *   status `unset` and no events, unless the entry says otherwise; an
 *   attribute given as `null` must be absent; `byMajor` says what one major
 *   gives differently, and why;
 * - errors are compared as `String(err)` (class name and message).
 */

/** A method call: its name, then its arguments. */
export type Call = readonly [method: string, ...args: unknown[]];

/** The clients a step may run on. */
export type ClientName =
  /** Connected to database 0, opened for the scenario and closed after it. */
  | 'main'
  /** Connected to database 1, opened for the scenario and closed after it. */
  | 'db1'
  /** Created and never connected. */
  | 'unconnected';

/** Where a traced call is made: the sites of `redisSites()`. */
export type SiteName = 'command' | 'callback' | 'exec';

/** The span a traced call must give. */
export interface ExpectedSpan {
  /** Span name and `db.operation.name`. */
  name: string;
  /** `db.query.text`; absent when not given. */
  text?: string;
  status?: 'unset' | 'error';
  /** Event names; `[]` when not given. */
  events?: readonly string[];
  /** Attributes besides the ones every span has; `null`: must be absent. */
  attributes?: Record<string, string | number | null>;
  /** Attributes a major gives differently (merged over `attributes`). */
  byMajor?: Record<number, Record<string, string | number | null>>;
}

/** How a call fails: the thrown (or called-back) error. */
export interface ExpectedError {
  /** `String(err)` matches this. */
  message?: RegExp;
  /** `err.constructor.name`. */
  class?: string;
  /** The same call made untraced fails with the same `String(err)`. */
  sameAsUntraced?: boolean;
}

/** A call made without tracing (setup), on `client`. */
export interface PlainStep {
  plain: Call;
  client?: ClientName;
}

/** A call made through a site, as instrumented code makes it. */
export interface TracedStep {
  traced: SiteName;
  call: Call;
  client?: ClientName;
  /** The call is made on a batch of the client: `client[kind]()` then each queued call chained. */
  batch?: { kind: 'pipeline' | 'multi'; queue: Call[] };
  /** The result, as the untraced call would give it (errors inside it as `String(err)`). */
  returns?: unknown;
  /** The call fails. */
  rejects?: ExpectedError;
  span: ExpectedSpan;
}

export type Step = PlainStep | TracedStep;

/** One scenario: a test, run for every major of its library. */
export interface Scenario {
  /** What it proves (the test's title). */
  title: string;
  /** The unique keys it uses (`$name` in its strings). */
  keys: string[];
  /** The majors it applies to, when not all (an API the others lack). */
  majors?: number[];
  steps: Step[];
  /** Plain calls run afterwards, even when a step failed (state outside database 0). */
  cleanup?: PlainStep[];
}

/**
 * An ioredis `Command` built by the major under test: `new Command(name, args, options)`
 * (for `sendCommand`).
 */
export interface IoredisCommandArg {
  ioredisCommand: readonly [name: string, args: unknown[], options?: Record<string, unknown>];
}

/**
 * node-redis 4's `commandOptions(options)`, built by the major under test (an
 * argument before the command's own).
 */
export interface NodeRedisCommandOptionsArg {
  nodeRedisCommandOptions: Record<string, unknown>;
}

const WRONGTYPE = { 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' } as const;
const FAILED = { status: 'error', events: ['exception'] } as const;
/**
 * node-redis 4 publishes no batch channel: a batch borrows the connection of
 * its client's traced commands, and has none on a client with no command
 * traced yet (every scenario starts with fresh clients).
 */
const V4_NO_CONNECTION = { 4: { 'server.address': null, 'server.port': null, 'db.namespace': null } };

/** ioredis: `Redis` commands, raw forms, the callback form, pipelines and transactions. */
export const IOREDIS_SCENARIOS: readonly Scenario[] = [
  {
    title: 'GET and SET: span per command, redacted text, results unchanged',
    keys: ['k'],
    steps: [
      { traced: 'command', call: ['set', '$k', 'secret-value'], returns: 'OK', span: { name: 'SET', text: 'SET $k ?' } },
      { traced: 'command', call: ['get', '$k'], returns: 'secret-value', span: { name: 'GET', text: 'GET $k' } },
    ],
  },
  {
    title: 'a Redis error: status code and error.type are its prefix, the same error is rethrown',
    keys: ['h'],
    steps: [
      { plain: ['hset', '$h', 'f', 'v'] },
      {
        traced: 'command',
        call: ['get', '$h'],
        rejects: { message: /^ReplyError: WRONGTYPE/, sameAsUntraced: true },
        span: { name: 'GET', text: 'GET $h', ...FAILED, attributes: WRONGTYPE },
      },
    ],
  },
  {
    title: 'raw commands: call(name, ...args) and sendCommand(command)',
    keys: ['k'],
    steps: [
      { traced: 'command', call: ['call', 'set', '$k', 'v'], returns: 'OK', span: { name: 'SET', text: 'SET $k ?' } },
      {
        traced: 'command',
        call: ['sendCommand', { ioredisCommand: ['get', ['$k'], { replyEncoding: 'utf8' }] } satisfies IoredisCommandArg],
        returns: 'v',
        span: { name: 'GET', text: 'GET $k' },
      },
    ],
  },
  {
    title: 'the callback form ends the span when called back, and the callback sees the result',
    keys: ['k', 'h'],
    steps: [
      { plain: ['set', '$k', 'v'] },
      { plain: ['hset', '$h', 'f', 'v'] },
      { traced: 'callback', call: ['get', '$k'], returns: 'v', span: { name: 'GET', text: 'GET $k' } },
      {
        traced: 'callback',
        call: ['get', '$h'],
        rejects: { message: /^ReplyError: WRONGTYPE/ },
        span: { name: 'GET', text: 'GET $h', ...FAILED, attributes: WRONGTYPE },
      },
    ],
  },
  {
    title: 'a pipeline is one span: PIPELINE, batch size, the commands in db.query.text',
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'pipeline', queue: [['set', '$k', '1'], ['incr', '$k'], ['get', '$k']] },
        call: ['exec'],
        returns: [[null, 'OK'], [null, 2], [null, '2']],
        span: { name: 'PIPELINE', text: 'SET $k ?; INCR $k; GET $k', attributes: { 'db.operation.batch.size': 3 } },
      },
    ],
  },
  {
    title: 'a pipeline of one command kind is named after it; equal texts are given once',
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'pipeline', queue: [['incr', '$k'], ['incr', '$k']] },
        call: ['exec'],
        returns: [[null, 1], [null, 2]],
        span: { name: 'PIPELINE INCR', text: 'INCR $k', attributes: { 'db.operation.batch.size': 2 } },
      },
    ],
  },
  {
    title: 'a pipeline whose commands failed is an error, though exec() fulfils',
    keys: ['h'],
    steps: [
      { plain: ['hset', '$h', 'f', 'v'] },
      {
        traced: 'exec',
        batch: { kind: 'pipeline', queue: [['ping'], ['get', '$h']] },
        call: ['exec'],
        returns: [[null, 'PONG'], ['ReplyError: WRONGTYPE Operation against a key holding the wrong kind of value']],
        span: { name: 'PIPELINE', text: 'PING; GET $h', status: 'error', attributes: { 'db.operation.batch.size': 2, ...WRONGTYPE } },
      },
    ],
  },
  {
    title: 'multi() ... exec() is one MULTI span without the MULTI/EXEC wrappers',
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['set', '$k', 'a'], ['append', '$k', 'b'], ['get', '$k']] },
        call: ['exec'],
        returns: [[null, 'OK'], [null, 2], [null, 'ab']],
        span: { name: 'MULTI', text: 'SET $k ?; APPEND $k ?; GET $k', attributes: { 'db.operation.batch.size': 3 } },
      },
    ],
  },
  {
    title: 'an aborted transaction (EXECABORT) rejects and is recorded with its prefix',
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['set', '$k', 'a'], ['call', 'nosuchcommand']] },
        call: ['exec'],
        rejects: { message: /EXECABORT/ },
        span: {
          name: 'MULTI',
          text: 'SET $k ?; NOSUCHCOMMAND',
          ...FAILED,
          attributes: { 'db.operation.batch.size': 2, 'db.response.status_code': 'EXECABORT', 'error.type': 'EXECABORT' },
        },
      },
    ],
  },
  {
    title: 'db.namespace follows the database of the connection, SELECT included',
    keys: ['k'],
    steps: [
      { client: 'db1', traced: 'command', call: ['set', '$k', 'v'], returns: 'OK', span: { name: 'SET', text: 'SET $k ?' } },
      { client: 'db1', traced: 'command', call: ['select', 2], returns: 'OK', span: { name: 'SELECT', text: 'SELECT 2' } },
      {
        client: 'db1',
        traced: 'command',
        call: ['del', '$k'],
        returns: 0, // database 2 does not hold it
        span: { name: 'DEL', text: 'DEL $k', attributes: { 'db.namespace': '2' } },
      },
    ],
    cleanup: [
      { client: 'db1', plain: ['select', 1] },
      { client: 'db1', plain: ['del', '$k'] },
    ],
  },
];

/**
 * node-redis: commands in camel case, upper case and raw `sendCommand` form,
 * errors, and `multi()` executed as a transaction or a pipeline as one span
 * (node-redis keeps the queued commands private: batch spans have no text).
 */
export const NODE_REDIS_SCENARIOS: readonly Scenario[] = [
  {
    title: 'SET and GET: span per command, redacted text, results unchanged',
    keys: ['k'],
    steps: [
      { traced: 'command', call: ['set', '$k', 'secret-value'], returns: 'OK', span: { name: 'SET', text: 'SET $k ?' } },
      { traced: 'command', call: ['get', '$k'], returns: 'secret-value', span: { name: 'GET', text: 'GET $k' } },
    ],
  },
  {
    title: 'camel case, upper case and raw forms name the same command',
    keys: ['h'],
    steps: [
      { traced: 'command', call: ['hSet', '$h', { f1: 'a', f2: 'b' }], returns: 2, span: { name: 'HSET', text: 'HSET $h f1 ? f2 ?' } },
      { traced: 'command', call: ['HSET', '$h', 'f3', 'c'], returns: 1, span: { name: 'HSET', text: 'HSET $h f3 ?' } },
      { traced: 'command', call: ['sendCommand', ['HSET', '$h', 'f4', 'd']], returns: 1, span: { name: 'HSET', text: 'HSET $h f4 ?' } },
      {
        traced: 'command',
        call: ['hGetAll', '$h'],
        returns: { f1: 'a', f2: 'b', f3: 'c', f4: 'd' },
        span: { name: 'HGETALL', text: 'HGETALL $h' },
      },
    ],
  },
  {
    title: 'a Redis error: status code and error.type are its prefix, the error is rethrown',
    keys: ['h'],
    steps: [
      { plain: ['hSet', '$h', 'f', 'v'] },
      {
        traced: 'command',
        call: ['get', '$h'],
        rejects: { message: /^Error: WRONGTYPE/, sameAsUntraced: true },
        span: { name: 'GET', text: 'GET $h', ...FAILED, attributes: WRONGTYPE },
      },
    ],
  },
  {
    title: 'an error that is no Redis reply gets its class name',
    keys: [],
    steps: [
      {
        client: 'unconnected',
        traced: 'command',
        call: ['get', 'k'],
        rejects: { class: 'ClientClosedError' },
        span: { name: 'GET', text: 'GET k', ...FAILED, attributes: { 'error.type': 'ClientClosedError' } },
      },
    ],
  },
  {
    title: "multi().exec() is one MULTI span; the connection comes from node-redis' batch channel",
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['set', '$k', '1'], ['incr', '$k'], ['get', '$k']] },
        call: ['exec'],
        returns: ['OK', 2, '2'],
        span: { name: 'MULTI', attributes: { 'db.operation.batch.size': 3 }, byMajor: V4_NO_CONNECTION },
      },
    ],
  },
  {
    title: 'execAsPipeline() and exec(true) are PIPELINE spans',
    keys: ['k'],
    steps: [
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['set', '$k', 'a'], ['get', '$k']] },
        call: ['execAsPipeline'],
        returns: ['OK', 'a'],
        span: { name: 'PIPELINE', attributes: { 'db.operation.batch.size': 2 }, byMajor: V4_NO_CONNECTION },
      },
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['get', '$k'], ['get', '$k']] },
        call: ['exec', true],
        returns: ['a', 'a'],
        span: { name: 'PIPELINE', attributes: { 'db.operation.batch.size': 2 }, byMajor: V4_NO_CONNECTION },
      },
    ],
  },
  {
    title: 'a failed transaction: the first failed reply gives the prefix, the replies the size',
    keys: ['h'],
    steps: [
      { plain: ['hSet', '$h', 'f', 'v'] },
      {
        traced: 'exec',
        batch: { kind: 'multi', queue: [['ping'], ['get', '$h']] },
        call: ['exec'],
        rejects: { class: 'MultiErrorReply' },
        span: { name: 'MULTI', ...FAILED, attributes: { 'db.operation.batch.size': 2, ...WRONGTYPE }, byMajor: V4_NO_CONNECTION },
      },
    ],
  },
  {
    title: 'db.namespace: the database the client was created with (batches: the one selected now)',
    keys: ['k'],
    steps: [
      { client: 'db1', traced: 'command', call: ['set', '$k', 'v'], returns: 'OK', span: { name: 'SET', text: 'SET $k ?' } },
      { client: 'db1', plain: ['select', 3] },
      {
        client: 'db1',
        traced: 'exec',
        batch: { kind: 'multi', queue: [['get', '$k'], ['get', '$k']] },
        call: ['exec'],
        returns: [null, null],
        span: {
          name: 'MULTI',
          // node-redis' batch channel knows the database selected now
          attributes: { 'db.operation.batch.size': 2, 'db.namespace': '3' },
          // v4 has no batch channel: the client's connection, from its SET above (the database
          // it was created with, the documented fallback of commands)
          byMajor: { 4: { 'db.namespace': '1' } },
        },
      },
      {
        client: 'db1',
        traced: 'command',
        call: ['get', '$k'],
        returns: null,
        // a client keeps it private: the documented fallback
        span: { name: 'GET', text: 'GET $k', attributes: { 'db.namespace': '1' } },
      },
    ],
    cleanup: [
      { client: 'db1', plain: ['select', 1] },
      { client: 'db1', plain: ['del', '$k'] },
    ],
  },
  {
    title: 'a batch gets the connection of its client, whether or not a command of the client was traced before',
    keys: ['k'],
    steps: [
      {
        client: 'db1',
        traced: 'exec',
        batch: { kind: 'multi', queue: [['get', '$k']] },
        call: ['exec'],
        returns: [null],
        span: { name: 'MULTI', attributes: { 'db.namespace': '1' }, byMajor: V4_NO_CONNECTION },
      },
      { client: 'db1', traced: 'command', call: ['get', '$k'], returns: null, span: { name: 'GET', text: 'GET $k' } },
      {
        client: 'db1',
        traced: 'exec',
        batch: { kind: 'multi', queue: [['get', '$k']] },
        call: ['exec'],
        returns: [null],
        span: { name: 'MULTI', attributes: { 'db.namespace': '1' } },
      },
    ],
  },
  {
    title: "node-redis 4's commandOptions(...) before the arguments is not one of them",
    keys: ['k'],
    majors: [4],
    steps: [
      { plain: ['set', '$k', 'v'] },
      {
        traced: 'command',
        call: ['get', { nodeRedisCommandOptions: { returnBuffers: true } } satisfies NodeRedisCommandOptionsArg, '$k'],
        returns: Buffer.from('v'),
        span: { name: 'GET', text: 'GET $k' },
      },
    ],
  },
];
