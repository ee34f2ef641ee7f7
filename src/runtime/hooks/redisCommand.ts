/**
 * Redis commands as the Redis hooks see them: the command name from a client
 * method (`get`, `hSet`, `HSET`, `zRangeWithScores`, `call('SET', ...)`,
 * `sendCommand(['SET', ...])`) and `db.query.text` with values redacted.
 *
 * Pure and never throwing; the work per call is bounded (at most
 * {@link MAX_ARGS} arguments rendered, each cut at {@link MAX_ARG_LENGTH}
 * characters) whatever the caller passes. User objects are never stringified:
 * only primitives and bytes are rendered, and object properties are read
 * through their descriptors, so no getter or `toString` runs.
 */
import { policyOf, CONTAINERS, ALL, KEYS_THEN_VALUES, FIELDS_THEN_VALUES, SCRIPT } from './redisRedaction.js';

/** A Redis command: upper-case name and the arguments after it, as the client got them. */
export interface RedisCommand {
  /** `GET`, `HSET`, `CLIENT` (a container command's subcommand is its first argument). */
  readonly name: string;
  /** Arguments after the name; arrays, Maps and plain objects are flattened when rendered. */
  readonly args: readonly unknown[];
}

/** Arguments rendered in `db.query.text` per command; the rest show as one `…`. */
export const MAX_ARGS = 32;
/** Characters of one kept argument (a key) in `db.query.text`. */
export const MAX_ARG_LENGTH = 128;

// node-redis spells container commands `configSet` / `CONFIG_SET`, in camel case
// with inner capitals for some (`pubSubChannels`, `xInfoStream`).
const CAMEL_CONTAINERS =
  /^(acl|backup|bless|client|cluster|command|config|function|hImport|hotkeys|latency|memory|module|object|pubSub|script|slowLog|xGroup|xInfo)(?=[A-Z])(.*)$/;
// node-redis variants of one command that differ only in the reply they build.
const CAMEL_VARIANT = /(?:With(?:Scores?|Values|MatchLen|Code)?|NoValues|NoMkStream|JustId)$/;
// Variants whose suffix is also the end of real commands (`bitCount`, `sInterStore`): listed.
const CAMEL_EXCEPTIONS: Record<string, string> = {
  geoRadiusStore: 'GEORADIUS',
  geoRadiusByMemberStore: 'GEORADIUSBYMEMBER',
  hRandFieldCount: 'HRANDFIELD',
  lcsIdx: 'LCS',
  lcsLen: 'LCS',
  lPopCount: 'LPOP',
  lPosCount: 'LPOS',
  rPopCount: 'RPOP',
  sPopCount: 'SPOP',
  sRandMemberCount: 'SRANDMEMBER',
  sortStore: 'SORT',
  vEmbRaw: 'VEMB',
  xPendingRange: 'XPENDING',
  zAddIncr: 'ZADD',
  zPopMaxCount: 'ZPOPMAX',
  zPopMinCount: 'ZPOPMIN',
  zRandMemberCount: 'ZRANDMEMBER',
  restoreAsking: 'RESTORE-ASKING',
  incrExByFloat: 'INCREX',
};
// Upper-case variants that are no command of their own: node-redis 4's `GEORADIUSSTORE`
// (`GEORADIUS ... STORE`), 6's `INCREXBYFLOAT` (`INCREX ... BYFLOAT`).
const UPPER_EXCEPTIONS: Record<string, string> = {
  GEORADIUSSTORE: 'GEORADIUS',
  GEORADIUSBYMEMBERSTORE: 'GEORADIUSBYMEMBER',
  INCREXBYFLOAT: 'INCREX',
};
// Subcommands spelled with a dash or of two words, by their letters: camel case loses the
// dash and the space (`clientNoEvict`, `aclLogReset`), node-redis 4's upper case the dash
// (`CLUSTER_COUNT_FAILURE_REPORTS`); `CONFIG_RESETASTAT` is node-redis' own misspelling.
const SUBCOMMANDS: Record<string, string> = {
  COUNTFAILUREREPORTS: 'COUNT-FAILURE-REPORTS',
  SETCONFIGEPOCH: 'SET-CONFIG-EPOCH',
  NOEVICT: 'NO-EVICT',
  NOTOUCH: 'NO-TOUCH',
  MALLOCSTATS: 'MALLOC-STATS',
  LOGRESET: 'LOG RESET',
  LISTWITHCODE: 'LIST WITHCODE',
  RESETASTAT: 'RESETSTAT',
};

/**
 * The Redis command a client method sends: `get` → `GET`, `hSet`/`HSET` →
 * `HSET`, `getBuffer` → `GET` (ioredis), `zRangeWithScores`/`ZRANGE_WITHSCORES`
 * → `ZRANGE`, `evalRo`/`EVAL_RO` → `EVAL_RO`; a container command gives its
 * subcommand too (`configSet`/`CONFIG_SET` → `CONFIG` + `SET`). A name that
 * is no Redis command (a custom ioredis command) is upper-cased as is.
 */
export function commandOfMethod(method: string): MethodCommand {
  let command = methodCommands.get(method);
  if (command === undefined) {
    // Method names are a client's vocabulary, but `client[k](...)` may pass anything: bounded.
    if (methodCommands.size >= METHOD_CACHE_MAX) methodCommands.clear();
    methodCommands.set(method, (command = Object.freeze(parseMethod(method))));
  }
  return command;
}

/** What {@link commandOfMethod} returns: shared per method name, so read-only. */
export type MethodCommand = Readonly<{ name: string; sub?: string }>;

/** Method names whose command is remembered (the work per call is then a map lookup). */
const METHOD_CACHE_MAX = 1024;
const methodCommands = new Map<string, MethodCommand>();

/** @internal {@link commandOfMethod} without the cache. */
function parseMethod(method: string): { name: string; sub?: string } {
  let m = method.length > 6 && method.endsWith('Buffer') ? method.slice(0, -6) : method;
  if (m.includes('_') || m === m.toUpperCase()) {
    const parts = m.toUpperCase().split('_');
    const first = parts[0] as string;
    if (parts.length > 1 && CONTAINERS.has(first)) return { name: first, sub: subcommand(parts.slice(1).join(' ')) };
    if (parts[1] === 'RO') return { name: `${first}_RO` };
    return { name: Object.hasOwn(UPPER_EXCEPTIONS, first) ? (UPPER_EXCEPTIONS[first] as string) : first };
  }
  const container = CAMEL_CONTAINERS.exec(m);
  if (container) return { name: (container[1] as string).toUpperCase(), sub: subcommand((container[2] as string).toUpperCase()) };
  m = m.replace(CAMEL_VARIANT, '');
  if (Object.hasOwn(CAMEL_EXCEPTIONS, m)) return { name: CAMEL_EXCEPTIONS[m] as string };
  if (m.length > 2 && m.endsWith('Ro')) return { name: `${m.slice(0, -2).toUpperCase()}_RO` };
  return { name: m.toUpperCase() };
}

/** @internal A subcommand as Redis spells it (see {@link SUBCOMMANDS}). */
function subcommand(sub: string): string {
  const letters = sub.replace(/[^A-Z]/g, '');
  return Object.hasOwn(SUBCOMMANDS, letters) ? (SUBCOMMANDS[letters] as string) : sub;
}

/** The command of a raw command array (`['SET', 'k', 'v']`), or `undefined` when it names none. */
export function commandOfArray(raw: readonly unknown[]): RedisCommand | undefined {
  const name = raw.length > 0 ? rawName(raw[0]) : undefined;
  return name === undefined ? undefined : { name, args: raw.slice(1) };
}

/**
 * The command of a client method call: raw forms (ioredis `call`/`callBuffer`/
 * `send_command(name, ...args)` and `sendCommand(command)`, node-redis
 * `sendCommand([name, ...args])`) by their first argument, anything else by
 * the method name.
 */
export function commandOfCall(method: string, args: readonly unknown[]): RedisCommand | undefined {
  try {
    return readCall(method, args);
  } catch {
    return undefined; // a hostile argument (a throwing Proxy)
  }
}

/** @internal */
function readCall(method: string, args: readonly unknown[]): RedisCommand | undefined {
  if (method === 'call' || method === 'callBuffer' || method === 'send_command') {
    const name = rawName(args[0]);
    return name === undefined ? undefined : { name, args: args.slice(1) };
  }
  if (method === 'sendCommand') {
    const first = args[0];
    if (Array.isArray(first)) return commandOfArray(first);
    const cmd = first as { name?: unknown; args?: unknown } | null;
    if (typeof cmd === 'object' && cmd !== null && typeof cmd.name === 'string') {
      const name = rawName(cmd.name);
      return name === undefined ? undefined : { name, args: Array.isArray(cmd.args) ? cmd.args : [] };
    }
    return undefined;
  }
  const { name, sub } = commandOfMethod(method);
  if (name === '') return undefined;
  return { name, args: sub === undefined ? args : [sub, ...args] };
}

/** @internal A raw command name (string or bytes), upper-cased; `undefined` when empty or neither. */
function rawName(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v : isBytes(v) ? decode(v) : undefined;
  return s === undefined || s === '' ? undefined : s.toUpperCase();
}

/** @internal Rendering state of one command's text. */
interface Render {
  readonly policy: number;
  /** Index of the next argument; −1 once the cap was reached. */
  i: number;
  /** Last key index kept for SCRIPT (`2 + numkeys − 1`). */
  lastKey: number;
  text: string;
}

/**
 * `db.query.text` for `command`: the name, then each argument either as sent
 * (keys, fields, counts) or as `?` (values), by the command's redaction policy
 * (see `redisRedaction.ts`). Unknown commands show every argument as `?`.
 */
export function queryText(command: RedisCommand): string {
  const r: Render = { policy: policyOf(command.name), i: 0, lastKey: 1, text: command.name };
  try {
    for (let k = 0; k < command.args.length && r.i >= 0; k++) walk(r, command.args[k], 0);
  } catch {
    // A throwing Proxy trap: keep what was rendered so far.
  }
  return r.text;
}

/** @internal Flatten like the clients do: arrays, Maps and plain objects (as key, value pairs). */
function walk(r: Render, v: unknown, depth: number): void {
  if (v === undefined || v === null || typeof v === 'function') return; // callbacks, absent options
  if (typeof v !== 'object' || isBytes(v) || depth > 2) return emit(r, v);
  if (Array.isArray(v)) {
    for (let k = 0; k < v.length && r.i >= 0; k++) walk(r, v[k], depth + 1);
  } else if (v instanceof Map) {
    const it = Map.prototype.entries.call(v);
    for (let e = it.next(); !e.done && r.i >= 0; e = it.next()) {
      walk(r, e.value[0], depth + 1);
      walk(r, e.value[1], depth + 1);
    }
  } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    for (const key in v) {
      if (r.i < 0) return;
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (d === undefined) continue;
      emit(r, key);
      // An accessor's value is a value we will not read (no getter runs): show it as `?`.
      walk(r, 'value' in d ? d.value : OPAQUE, depth + 1);
    }
  } else {
    emit(r, v); // Date, class instances...: one opaque value
  }
}

const OPAQUE = Symbol('opaque');

/** @internal One argument: kept as text or `?`, or the cap's `…`. */
function emit(r: Render, v: unknown): void {
  if (r.i < 0) return;
  if (r.i >= MAX_ARGS) {
    r.text += ' …';
    r.i = -1;
    return;
  }
  const i = r.i++;
  if (r.policy === SCRIPT && i === 1) r.lastKey = 1 + numKeys(v);
  const shown = kept(r, i) ? render(v) : undefined;
  r.text += shown === undefined ? ' ?' : ` ${shown}`;
}

/** @internal Whether argument `i` is shown under the command's policy. */
function kept(r: Render, i: number): boolean {
  const p = r.policy;
  if (p === ALL) return true;
  if (p === FIELDS_THEN_VALUES) return i === 0 || i % 2 === 1; // HSET key field ? field ?
  if (p === KEYS_THEN_VALUES) return i % 2 === 0; // MSET key ? key ?
  if (p === SCRIPT) return i <= r.lastKey; // EVAL script numkeys key... ? ?
  return i < p; // the first p arguments (0: none)
}

/** @internal EVAL's numkeys, bounded; anything unreadable counts as none. */
function numKeys(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_ARGS) : 0;
}

/** @internal A primitive or bytes as text (cut at MAX_ARG_LENGTH); other values stay hidden. */
function render(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > MAX_ARG_LENGTH ? `${v.slice(0, MAX_ARG_LENGTH)}…` : v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (isBytes(v)) return v.length > MAX_ARG_LENGTH ? `${decode(v)}…` : decode(v);
  return undefined;
}

/** @internal Buffer and other byte arrays (keys may be binary). */
function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

let decoder: TextDecoder | undefined;

/** @internal Bytes as UTF-8 (invalid sequences replaced), at most MAX_ARG_LENGTH of them. */
function decode(v: Uint8Array): string {
  decoder ??= new TextDecoder();
  return decoder.decode(v.length > MAX_ARG_LENGTH ? v.subarray(0, MAX_ARG_LENGTH) : v);
}
