/**
 * ioredis (5.x and 6.x): every command method, raw `call(...)`, and a `pipeline()` / `multi()`
 * batch executed with `exec()` as one span. Names and attributes (command, redacted arguments,
 * database index, server) come from the `ioredis` hooks. Result mode `callback`: ioredis takes
 * an optional callback and always returns a promise; with a callback the span ends when it is
 * called (observing the promise as well would report its rejection a second time).
 */
import { defineRule } from './defineRule.js';
import { IOREDIS_COMMANDS } from './redisCommands.js';
import type { LibraryTypes } from './types.js';

/** `redis.get(k)`, `redis.hset(...)`, `redis.call('SET', ...)`, on a client or a cluster. */
export const ioredisCommand = defineRule({
  id: 'ioredis.command',
  join: 'method',
  module: 'ioredis',
  class: ['Redis', 'Cluster'],
  name: [...IOREDIS_COMMANDS, 'call'],
  versions: '>=5 <7',
  span: { kind: 'client' },
  hooks: 'ioredis',
  result: 'callback',
});

/** `pipeline.exec()`: the queued commands as one span (`PIPELINE` / `MULTI`). */
export const ioredisExec = defineRule({
  id: 'ioredis.exec',
  join: 'method',
  module: 'ioredis',
  class: ['Pipeline', 'ChainableCommander'],
  name: 'exec',
  versions: '>=5 <7',
  span: { kind: 'client' },
  hooks: 'ioredis',
  result: 'callback',
});

/** The default export is the client class; `pipeline()` and `multi()` return a pipeline. */
export const ioredisTypes: LibraryTypes = {
  module: 'ioredis',
  returns: { default: 'Redis', 'Redis#pipeline': 'Pipeline', 'Redis#multi': 'Pipeline', 'Redis#duplicate': 'Redis', 'Cluster#pipeline': 'Pipeline', 'Cluster#multi': 'Pipeline' },
};
