/**
 * What the Redis hooks read from the client objects (`thisArg`) of ioredis and
 * node-redis: where the client connects, which database it uses, and the
 * commands a pipeline or transaction holds. Duck-typed and defensive: a
 * missing or changed field means a missing attribute, never an exception.
 * Credentials (`password`, `username`, URL user info) are never read.
 */
import type { Attributes } from '@opentelemetry/api';
import type { RedisCommand } from './redisCommand.js';

type Obj = Record<string, unknown>;

/** @internal */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

/** @internal A non-negative integer (a database index or a port), or undefined. */
function index(v: unknown): number | undefined {
  const n = typeof v === 'string' && v !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** @internal Sets `server.address`, `server.port`, `db.namespace` from what is known. */
function setConnection(attributes: Attributes, address: unknown, port: unknown, db: unknown): void {
  if (typeof address === 'string' && address !== '') attributes['server.address'] = address;
  const p = index(port);
  if (p !== undefined && typeof address === 'string') attributes['server.port'] = p;
  const d = index(db);
  if (d !== undefined) attributes['db.namespace'] = String(d);
}

/**
 * ioredis `Redis`: `options.host/port` (or `options.path`, a Unix socket) and
 * the database ioredis tracks as current (`condition.select`, which it updates
 * when a SELECT is sent), else `options.db`. A Sentinel client's host/port
 * are not the server's, so they are skipped; a Cluster has no single server,
 * and only database 0.
 */
export function ioredisConnection(client: unknown, attributes: Attributes): void {
  if (!isObj(client)) return;
  try {
    if (client.isCluster === true) return setConnection(attributes, undefined, undefined, 0);
    const options = client.options;
    if (!isObj(options)) return;
    const condition = client.condition;
    const current = isObj(condition) ? index(condition.select) : undefined;
    const db = current ?? options.db;
    const sentinels = options.sentinels;
    if (Array.isArray(sentinels) && sentinels.length > 0) return setConnection(attributes, undefined, undefined, db);
    if (typeof options.path === 'string' && options.path !== '') return setConnection(attributes, options.path, undefined, db);
    setConnection(attributes, options.host, options.port, db);
  } catch {
    // a hostile getter: no connection attributes
  }
}

/**
 * node-redis v4+ client: `options.socket.host/port` (or `socket.path`), else
 * the `url` (host and port only; its user info is never read), and
 * `options.database` or the URL's `/<db>`, defaulting like node-redis itself
 * (localhost:6379, database 0). node-redis keeps the database selected later
 * (`SELECT`) private, so `db.namespace` is the one the client was created with.
 */
export function nodeRedisConnection(client: unknown, attributes: Attributes): void {
  if (!isObj(client)) return;
  try {
    const options = client.options;
    if (!isObj(options)) return;
    const socket = isObj(options.socket) ? options.socket : {};
    const url = typeof options.url === 'string' ? parseUrl(options.url) : undefined;
    const db = options.database ?? url?.db ?? 0;
    if (typeof socket.path === 'string' && socket.path !== '') return setConnection(attributes, socket.path, undefined, db);
    setConnection(attributes, socket.host ?? url?.host ?? 'localhost', socket.port ?? url?.port ?? 6379, db);
  } catch {
    // a hostile getter: no connection attributes
  }
}

/**
 * node-redis 4 takes `commandOptions({ returnBuffers: true })` before a
 * command's arguments (`get(commandOptions(...), key)`): an object marked by
 * a `Symbol('Command Options')` key, which is no argument of the command.
 * `args` without it.
 */
export function nodeRedisCommandArgs(args: readonly unknown[]): readonly unknown[] {
  return isCommandOptions(args[0]) ? args.slice(1) : args;
}

/** @internal */
function isCommandOptions(v: unknown): boolean {
  if (!isObj(v)) return false;
  try {
    for (const s of Object.getOwnPropertySymbols(v)) if (s.description === 'Command Options') return true;
  } catch {
    // a throwing Proxy: an argument like any other
  }
  return false;
}

/** The connection attributes a node-redis 4 batch may borrow from its client. */
const CONNECTION_KEYS = ['server.address', 'server.port', 'db.namespace'] as const;
/** Clients of one `Multi` class that connect differently: no batch of that class can claim either. */
const MIXED = Symbol('mixed');
/** node-redis 4: the prototype of a client's `Multi` class → the connection of the clients seen using it. */
const v4Connections = new WeakMap<object, Attributes | typeof MIXED>();

/**
 * node-redis 4 publishes no `node-redis:batch` channel, and its multi keeps
 * the client in a bound function, so a batch cannot tell where it runs. But
 * each v4 `createClient()` makes its own `Multi` class (shared only with its
 * duplicates): called with the attributes of a traced command of a v4 client
 * (one with the public `multiExecutor`), this remembers that connection for
 * its class; when the clients of one class connect differently, none is.
 */
export function rememberNodeRedis4Connection(client: unknown, attributes: Attributes): void {
  try {
    if (!isObj(client) || typeof client.multiExecutor !== 'function' || typeof client.Multi !== 'function') return;
    const proto: unknown = client.Multi.prototype;
    if (!isObj(proto)) return;
    const seen = v4Connections.get(proto);
    if (seen === MIXED) return;
    const mine: Attributes = {};
    for (const k of CONNECTION_KEYS) if (attributes[k] !== undefined) mine[k] = attributes[k];
    if (seen === undefined) v4Connections.set(proto, mine);
    else if (CONNECTION_KEYS.some((k) => seen[k] !== mine[k])) v4Connections.set(proto, MIXED);
  } catch {
    // a hostile getter: nothing remembered
  }
}

/**
 * The connection {@link rememberNodeRedis4Connection} knows for the class of
 * the multi `m` (`db.namespace`: the database its client was created with, as
 * for commands), set on `attributes`; nothing for a class not seen or mixed,
 * and for node-redis 5+ multis, whose batch channel says it.
 */
export function nodeRedis4BatchConnection(m: unknown, attributes: Attributes): void {
  try {
    const proto: unknown = isObj(m) ? Object.getPrototypeOf(m) : undefined;
    const known = isObj(proto) ? v4Connections.get(proto) : undefined;
    if (known !== undefined && known !== MIXED) Object.assign(attributes, known);
  } catch {
    // a hostile Proxy: no connection attributes
  }
}

/** @internal Host, port and database of a `redis[s]://` URL; user info is ignored. */
function parseUrl(href: string): { host?: string; port?: number; db?: number } | undefined {
  try {
    const u = new URL(href);
    const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    return { host: host || undefined, port: index(u.port), db: index(u.pathname.slice(1)) };
  } catch {
    return undefined;
  }
}

/** A pipeline or transaction about to be executed. */
export interface Batch {
  /** `MULTI` for a transaction, `PIPELINE` otherwise. */
  kind: 'MULTI' | 'PIPELINE';
  /** The queued commands (at most {@link MAX_BATCH_COMMANDS}), when the client exposes them. */
  commands?: RedisCommand[];
  /** How many commands the batch runs, when known. */
  size?: number;
  /** The client it runs on, when the batch object exposes it. */
  client?: unknown;
}

/** @internal Queued commands the hooks read; `size` still counts them all. */
export const MAX_BATCH_COMMANDS = 1024;

/**
 * An ioredis `Pipeline` (from `pipeline()` or `multi()`, both executed by
 * `exec()`): its `_queue` holds ioredis `Command`s (`name`, `args` as sent);
 * a transaction's queue opens with `multi`, whose `exec` ioredis appends later.
 * `undefined` when `p` is no pipeline.
 */
export function ioredisBatch(p: unknown): Batch | undefined {
  try {
    return isObj(p) && Array.isArray(p._queue) ? readIoredisQueue(p, p._queue) : undefined;
  } catch {
    return undefined; // a hostile receiver: traced as a command
  }
}

/** @internal */
function readIoredisQueue(p: Obj, queue: unknown[]): Batch {
  const first = queue[0];
  const multi = isObj(first) && first.name === 'multi';
  const commands: RedisCommand[] = [];
  let size = 0;
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i];
    const name = isObj(c) ? c.name : undefined;
    if (multi && (name === 'multi' || name === 'exec')) continue;
    size++;
    if (commands.length < MAX_BATCH_COMMANDS && typeof name === 'string') {
      commands.push({ name: name.toUpperCase(), args: Array.isArray((c as Obj).args) ? ((c as Obj).args as unknown[]) : [] });
    }
  }
  return { kind: multi ? 'MULTI' : 'PIPELINE', commands, size, client: p.redis };
}

/** Methods of a node-redis multi that execute it, and how. */
const NODE_REDIS_EXEC: Record<string, 'MULTI' | 'PIPELINE' | 'EITHER'> = {
  exec: 'EITHER', // exec(true) runs as a pipeline
  EXEC: 'EITHER',
  execTyped: 'EITHER',
  execAsPipeline: 'PIPELINE',
  execAsPipelineTyped: 'PIPELINE',
};

/**
 * A node-redis `multi()` executed by `exec()` / `execAsPipeline()`. node-redis
 * keeps the queue and the client in private fields (`#` since v5, module
 * WeakMaps in v4), so neither the commands nor the connection can be read
 * here; `redisChannels.ts` gets the connection from node-redis' own tracing
 * channel (v5+), {@link nodeRedis4BatchConnection} from the client's traced
 * commands (v4), and the size comes from the replies. `undefined` when `m` is no multi or `key` does not execute it.
 */
export function nodeRedisBatch(m: unknown, key: PropertyKey | undefined, args: readonly unknown[]): Batch | undefined {
  try {
    if (!isObj(m) || typeof m.execAsPipeline !== 'function' || typeof m.addCommand !== 'function') return undefined;
  } catch {
    return undefined; // a hostile receiver: traced as a command
  }
  // Without a key (a definition-site rule) the rule itself says this is an exec.
  let how: (typeof NODE_REDIS_EXEC)[string] | undefined = 'EITHER';
  if (key !== undefined) how = typeof key === 'string' && Object.hasOwn(NODE_REDIS_EXEC, key) ? NODE_REDIS_EXEC[key] : undefined;
  if (how === undefined) return undefined;
  return { kind: how === 'PIPELINE' || (how === 'EITHER' && args[0] === true) ? 'PIPELINE' : 'MULTI' };
}
