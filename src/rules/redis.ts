/**
 * node-redis (`redis` 4, 5 and 6): command methods in both spellings (`get`, `GET`, `hSet`),
 * raw `sendCommand([...])`, and `multi().exec()` as one span. The client types are declared in
 * `@redis/client`, which `redis` re-exports: the checker finds them there. Result mode `auto`:
 * node-redis 4+ has no callbacks.
 */
import { defineRule } from './defineRule.js';
import { NODE_REDIS_COMMANDS } from './redisCommands.js';
import type { LibraryTypes } from './types.js';

/** `client.get(k)`, `client.hSet(...)`, `client.sendCommand(['SET', ...])` on a client from `createClient()`. */
export const redisCommand = defineRule({
  id: 'redis.command',
  join: 'method',
  module: 'redis',
  class: ['RedisClientType', 'RedisClient'],
  name: [...NODE_REDIS_COMMANDS, 'sendCommand'],
  versions: '>=4 <7',
  span: { kind: 'client' },
  hooks: 'redis',
  result: 'auto',
});

/** `client.multi()...exec()`: the transaction as one span (`MULTI`). */
export const redisExec = defineRule({
  id: 'redis.exec',
  join: 'method',
  module: 'redis',
  class: ['RedisClientMultiCommandType', 'RedisClientMultiCommand'],
  name: ['exec', 'execAsPipeline'],
  versions: '>=4 <7',
  span: { kind: 'client' },
  hooks: 'redis',
  result: 'auto',
});

/** `createClient()` gives a client; the classes are declared in `@redis/client`. */
export const redisTypes: LibraryTypes = {
  module: 'redis',
  declaredIn: ['@redis/client'],
  returns: { createClient: 'RedisClient', 'RedisClient#multi': 'RedisClientMultiCommand', 'RedisClient#duplicate': 'RedisClient' },
};
