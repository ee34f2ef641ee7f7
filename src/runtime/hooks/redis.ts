/**
 * Hooks for Redis clients, one per library, each serving every method a rule
 * matches on that library's client (`name: "*"`) and the execution of its
 * pipelines and transactions:
 *
 * - `ioredis`: `Redis`/`Cluster` methods (`get`, `hset`, `getBuffer`, raw
 *   `call(name, ...args)` and `sendCommand(command)`), and `Pipeline#exec`
 *   for both `pipeline()` and `multi()`;
 * - `redis` (node-redis v4+): client methods in every spelling (`hSet`, `HSET`,
 *   `sendCommand([name, ...args])`; v4's leading `commandOptions(...)` is no
 *   argument), and `multi()`'s `exec()` / `execAsPipeline()`.
 *
 * A command's span is named after it (`GET`); a batch is one span named
 * `MULTI` or `PIPELINE` (`MULTI SET` when every command is a SET, as the Redis
 * conventions ask), with `db.operation.batch.size` (not set for a batch of
 * one, as the conventions say) and `db.query.text` listing the commands,
 * `; `-separated like the database conventions' batch text (one text when all
 * are the same). Errors: `db.response.status_code` and `error.type` are the
 * Redis error prefix (`WRONGTYPE`); other failures get the error's class name
 * from the runtime. A pipeline whose commands failed inside a fulfilled
 * `exec()` is an error too (the conventions count every Redis error prefix).
 */
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './types.js';
import { errorType } from '../errors.js';
import { commandOfCall, queryText, type RedisCommand } from './redisCommand.js';
import { STORED_PROCEDURES } from './redisRedaction.js';
import {
  ioredisBatch,
  ioredisConnection,
  isObj,
  nodeRedis4BatchConnection,
  nodeRedisBatch,
  nodeRedisCommandArgs,
  nodeRedisConnection,
  rememberNodeRedis4Connection,
  type Batch,
} from './redisClients.js';
import { unwatchNodeRedisBatch, watchNodeRedisBatch } from './redisChannels.js';

/** Batch texts stop growing past this many characters (then `; …`). */
const MAX_BATCH_TEXT = 4096;

/** Calls that execute a batch (looked up again in onResult/onError). */
const batchCalls = new WeakSet<CallStart>();

/** @internal The method the call names: the run-time key, else the rule's span name. */
function methodOf(call: CallStart): string {
  return typeof call.key === 'string' ? call.key : call.name;
}

/** @internal Name and attributes of one command. */
function startCommand(call: CallStart, command: RedisCommand | undefined): void {
  if (command === undefined) return; // not a readable command: the rule's name stays
  const a = call.attributes;
  call.name = command.name;
  a['db.operation.name'] = command.name;
  a['db.query.text'] = queryText(command);
  const procedure = command.args[0];
  if (STORED_PROCEDURES.has(command.name) && typeof procedure === 'string' && procedure !== '') {
    a['db.stored_procedure.name'] = procedure;
  }
}

/** @internal Name and attributes of a batch, from its commands when they are known. */
function startBatch(call: CallStart, batch: Batch): void {
  batchCalls.add(call);
  const a = call.attributes;
  let operation: string = batch.kind;
  const { commands, size } = batch;
  if (size !== undefined && size !== 1) a['db.operation.batch.size'] = size;
  if (commands !== undefined && size !== undefined && size > 0) {
    const complete = commands.length === size; // else some were not read: never claim "all"
    const first = commands[0];
    if (complete && first !== undefined && commands.every((c) => c.name === first.name)) {
      operation = `${batch.kind} ${first.name}`;
    }
    a['db.query.text'] = batchText(commands, complete);
  }
  call.name = operation;
  a['db.operation.name'] = operation;
}

/**
 * @internal The commands' texts, `; `-separated and bounded (then `; …`); one
 * text when the batch is `complete`ly known and all its texts are equal.
 */
function batchText(commands: readonly RedisCommand[], complete: boolean): string {
  let text = '';
  let same = true;
  let first: string | undefined;
  for (let i = 0; i < commands.length; i++) {
    if (text.length > MAX_BATCH_TEXT) return `${text}; …`;
    const t = queryText(commands[i] as RedisCommand);
    if (first === undefined) first = t;
    else same &&= t === first;
    text = i === 0 ? t : `${text}; ${t}`;
  }
  if (!complete) return `${text}; …`;
  return same && first !== undefined ? first : text;
}

// Error classes of Redis replies: ioredis `ReplyError` (v6: `SimpleError`),
// node-redis `ErrorReply` and its `SimpleError`/`BlobError`/`MultiErrorReply`.
const REPLY_CLASS = /ReplyError|ErrorReply|^SimpleError$|^BlobError$/;
// A reply error's message starts with its prefix: `WRONGTYPE Operation against...`.
const PREFIX = /^([A-Z][A-Z0-9_-]*)(?:\s|$)/;

/** @internal The Redis error prefix of a reply error (`ERR`, `WRONGTYPE`, ...), or undefined. */
function redisErrorPrefix(err: unknown, nested = true): string | undefined {
  if (!isObj(err)) return undefined;
  try {
    // node-redis MULTI: `MultiErrorReply` carries the replies; the first failed one explains it.
    if (nested && Array.isArray(err.replies) && Array.isArray(err.errorIndexes)) {
      return redisErrorPrefix(err.replies[err.errorIndexes[0] as number], false);
    }
    if (!isReplyError(err)) return undefined;
    const message = err.message;
    const m = typeof message === 'string' ? PREFIX.exec(message.slice(0, 64)) : null;
    return m ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

/** @internal The error's class chain (or its `name`) says it is a Redis reply. */
function isReplyError(err: object): boolean {
  let p: unknown = Object.getPrototypeOf(err);
  for (let depth = 0; depth < 4 && isObj(p); depth++, p = Object.getPrototypeOf(p)) {
    const ctor = Object.getOwnPropertyDescriptor(p, 'constructor')?.value as { name?: unknown } | undefined;
    if (typeof ctor?.name === 'string' && REPLY_CLASS.test(ctor.name)) return true;
  }
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' && REPLY_CLASS.test(name);
}

/** @internal `db.response.status_code` and `error.type` for a failed call or command. */
function setErrorCode(span: Span, err: unknown): void {
  const code = redisErrorPrefix(err);
  if (code === undefined) return; // the runtime sets error.type to the class name
  span.setAttribute('db.response.status_code', code);
  span.setAttribute('error.type', code);
}

/** @internal ioredis `exec()` fulfils with `[error, reply]` pairs: failed commands make the span an error. */
function checkIoredisReplies(span: Span, replies: unknown): void {
  if (!Array.isArray(replies)) return;
  let failed = 0;
  let firstError: unknown;
  for (let i = 0; i < replies.length; i++) {
    const pair = replies[i];
    const err = Array.isArray(pair) ? pair[0] : undefined;
    if (err == null) continue;
    failed++;
    firstError ??= err;
  }
  if (failed === 0) return;
  const code = redisErrorPrefix(firstError);
  if (code !== undefined) span.setAttribute('db.response.status_code', code);
  span.setAttribute('error.type', code ?? errorType(firstError));
  span.setStatus({ code: SpanStatusCode.ERROR, message: `${failed} of ${replies.length} commands failed` });
}

/** @internal node-redis reveals a batch's size in its replies (or the MultiErrorReply's). */
function setReplyCount(span: Span, replies: unknown): void {
  const attributes = (span as { attributes?: Attributes }).attributes;
  if (!Array.isArray(replies) || attributes?.['db.operation.batch.size'] !== undefined) return;
  if (replies.length !== 1) span.setAttribute('db.operation.batch.size', replies.length);
}

/** `ioredis`: commands of `Redis`/`Cluster`, and `Pipeline#exec` (pipeline and multi). */
export const ioredisHooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = 'redis';
    const method = methodOf(call);
    const batch = method === 'exec' || method === 'execBuffer' || call.key === undefined ? ioredisBatch(call.thisArg) : undefined;
    if (batch !== undefined) {
      startBatch(call, batch);
      ioredisConnection(batch.client, call.attributes);
    } else {
      startCommand(call, commandOfCall(method, call.args));
      ioredisConnection(call.thisArg, call.attributes);
    }
  },

  onResult(span, result, _end, call) {
    if (batchCalls.has(call)) checkIoredisReplies(span, result);
  },

  onError(span, err) {
    setErrorCode(span, err);
  },
};

/** `redis` (node-redis v4+): client commands, and `multi()`'s `exec()` / `execAsPipeline()`. */
export const nodeRedisHooks: Hooks = {
  onStart(call) {
    call.attributes['db.system.name'] = 'redis';
    const batch = nodeRedisBatch(call.thisArg, call.key, call.args);
    if (batch !== undefined) {
      startBatch(call, batch);
      nodeRedis4BatchConnection(call.thisArg, call.attributes);
    } else {
      startCommand(call, commandOfCall(methodOf(call), nodeRedisCommandArgs(call.args)));
      nodeRedisConnection(call.thisArg, call.attributes);
      rememberNodeRedis4Connection(call.thisArg, call.attributes);
    }
  },

  onInject(call, ctx) {
    if (batchCalls.has(call)) watchNodeRedisBatch(trace.getSpan(ctx));
  },

  onResult(span, result, _end, call) {
    if (!batchCalls.has(call)) return;
    unwatchNodeRedisBatch(span);
    setReplyCount(span, result);
  },

  onError(span, err, call) {
    setErrorCode(span, err);
    if (!batchCalls.has(call)) return;
    unwatchNodeRedisBatch(span);
    if (isObj(err)) setReplyCount(span, err.replies);
  },
};
