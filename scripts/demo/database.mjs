// The demo's database: DATABASE_URL when set, otherwise the embedded PGlite
// (embeddedPostgres.mjs). Seeding uses the plain `pg` client of this script,
// which is not instrumented, so the waterfall shows only the app's queries.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startChild } from './children.mjs';

const require = createRequire(import.meta.url);

/** `{ url, child?, embedded }`: the database to give the app. */
export async function startDatabase(write) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const { child, url } = await startChild('pglite', fileURLToPath(new URL('./embeddedPostgres.mjs', import.meta.url)), { write, timeoutMs: 300_000 });
  return { url, child, embedded: true };
}

/** The demo's tables: products, and no `demo_orders` (the failing route queries it on purpose). */
export async function seed(url) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS demo_orders');
    await client.query('DROP TABLE IF EXISTS demo_products');
    await client.query('CREATE TABLE demo_products (id integer PRIMARY KEY, name text NOT NULL, price_cents integer NOT NULL, sku text NOT NULL)');
    await client.query(`INSERT INTO demo_products VALUES (1, 'Trail shoes', 8900, 'TS-01'), (2, 'Rain jacket', 12900, 'RJ-02'), (3, 'Headlamp', 3400, 'HL-03')`);
  } finally {
    await client.end();
  }
}

/** Empties the demo's keys in REDIS_URL's Redis, so the first request is a cache miss on every run. */
export async function resetCache(url) {
  const { Redis } = require('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  await redis.connect();
  try {
    const keys = await redis.keys('product:*');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
