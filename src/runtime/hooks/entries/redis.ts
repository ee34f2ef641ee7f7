/**
 * `@tracewright/runtime/hooks/redis`: registers the Redis client hooks (`ioredis`, `redis` for
 * node-redis). Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { ioredisHooks, nodeRedisHooks } from '../redis.js';

registerHooks('ioredis', ioredisHooks);
registerHooks('redis', nodeRedisHooks);
