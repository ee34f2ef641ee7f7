/**
 * `@tracewright/runtime/hooks/redis`: registers the Redis client hooks (`ioredis`, `redis` for
 * node-redis); commands and batches record `db.client.operation.duration` when a meter provider
 * is registered. Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { dbOperationDuration } from '../../metrics/db.js';
import { withMetric } from '../../metrics/operation.js';
import { ioredisHooks, nodeRedisHooks } from '../redis.js';

registerHooks('ioredis', withMetric(ioredisHooks, dbOperationDuration));
registerHooks('redis', withMetric(nodeRedisHooks, dbOperationDuration));
