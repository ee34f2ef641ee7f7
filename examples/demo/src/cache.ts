/**
 * The product cache: Redis (ioredis, instrumented by the built-in catalog) when
 * REDIS_URL is set, otherwise the in-process MemoryCache (instrumented by the
 * demo's own rules in build.mjs).
 */
import { Redis } from 'ioredis';
import { MemoryCache } from './memoryCache';

export interface Cache {
  kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

// Each instance is created where it is used, so the bundler path sees its class
// (`const redis = new Redis(...)`) without type information.
function redisCache(url: string): Cache {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  return {
    kind: 'redis',
    get: (key) => redis.get(key),
    set: async (key, value, ttlSeconds) => {
      await redis.set(key, value, 'EX', ttlSeconds);
    },
  };
}

function memoryCache(): Cache {
  const memory = new MemoryCache();
  return {
    kind: 'memory',
    get: (key) => memory.get(key),
    set: (key, value, ttlSeconds) => memory.set(key, value, ttlSeconds),
  };
}

export const cache: Cache = process.env.REDIS_URL ? redisCache(process.env.REDIS_URL) : memoryCache();
