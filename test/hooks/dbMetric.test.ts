// `db.client.operation.duration` (issue 9) against the real databases, driven
// through the runtime's call helpers as instrumented code calls them, with the
// tracer provider of otel.ts and a MeterProvider whose reader the tests collect:
// one data point per operation (a batch is one), unit `s`, the advised bucket
// boundaries, the exact attribute set (the span's low-cardinality ones, never
// db.query.text or code.*; error.type and db.response.status_code on a failure),
// the value equal to the span's duration; the same series for an unsampled call;
// nothing recorded, and nothing thrown, once the meter provider is gone.
// Services skip locally when down and fail under CI=true.
import { context, metrics, trace, TraceFlags, type Attributes } from '@opentelemetry/api';
import type BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import * as mariadb from 'mariadb';
import mysqlPromise from 'mysql2/promise';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import '../../src/runtime/hooks/entries/redis.js';
import * as rt from '../../src/runtime/index.js';
import { collectHistogram, registerMeterProvider, type HistogramPoint, type ManualReader } from '../helpers/metrics.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';
import { nativeModule, requireNative, service } from '../helpers/services.js';
import { callbackPromise, dbSite, expectAllEnded, uniqueTable } from './dbHarness.js';
import { redisSites, COMMAND, EXEC } from './redisHelpers.js';

const pgUp = await service('postgresql');
const mariadbUp = await service('mariadb');
const redisUp = await service('redis');
const sqliteUp = nativeModule('better-sqlite3');

const NAME = 'db.client.operation.duration';
const BOUNDARIES = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

let reader: ManualReader;

beforeAll(() => {
  setupOtel();
  // Registered after the runtime and the hook entries were imported, as an SDK started after the imports.
  ({ reader } = registerMeterProvider());
});
afterAll(() => metrics.disable());
beforeEach(async () => {
  resetSpans();
  await collectHistogram(reader, NAME); // delta temporality: forget what earlier tests recorded
});

/** The points recorded since the last collection, each checked for what every point must be. */
async function points(): Promise<HistogramPoint[]> {
  const { metric, scope, points: all } = await collectHistogram(reader, NAME);
  expect(metric?.descriptor).toMatchObject({ name: NAME, unit: 's', description: 'Duration of database client operations.' });
  expect(scope).toMatchObject({ name: 'tracewright' });
  for (const point of all) {
    expect(point.boundaries).toEqual(BOUNDARIES);
    // Seconds, not milliseconds: a local query takes well under a second, yet more than nothing.
    expect(point.sum).toBeGreaterThan(0);
    expect(point.sum).toBeLessThan(2);
    expect(point.max).toBeLessThanOrEqual(point.sum);
  }
  return all;
}

/** The one point recorded (one operation), whose value is the one finished span's duration. */
async function onePoint(): Promise<HistogramPoint> {
  const all = await points();
  expect(all).toHaveLength(1);
  const point = all[0] as HistogramPoint;
  expect(point.count).toBe(1);
  const spans = finishedSpans();
  expect(spans).toHaveLength(1);
  const [seconds, nanos] = spans[0]!.duration;
  expect(point.sum).toBe(seconds + nanos / 1e9);
  expectAllEnded();
  return point;
}

/** Runs `fn` under a parent that was not sampled: the SDK's default sampler then records no child span. */
function unsampled<T>(fn: () => T): T {
  const parent = trace.setSpanContext(context.active(), { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE });
  return context.with(parent, fn);
}

/** The one point of an unsampled call: no span finished, a plausible duration in seconds. */
async function unsampledPoint(): Promise<Attributes> {
  const all = await points();
  expect(all).toHaveLength(1);
  expect(all[0]!.count).toBe(1);
  expect(finishedSpans()).toHaveLength(0);
  return all[0]!.attributes;
}

describe.skipIf(!pgUp)('pg', () => {
  const QUERY = dbSite('pg.query', 'pg', 'callback');
  const CONNECT = dbSite('pg.connect', 'pg.connect', 'callback');
  const PG = { 'db.system.name': 'postgresql', 'server.address': '127.0.0.1', 'server.port': 5432, 'db.namespace': 'test' };
  let client: pg.Client;
  let table = '';

  beforeAll(async () => {
    table = uniqueTable('tw_pgm');
    client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await rt.method0(CONNECT, client, 'connect'); // a connection is not an operation: no point
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.end();
  });

  it('a query: one point, the span attributes without query text and call site', async () => {
    const res: pg.QueryResult = await rt.method2(QUERY, client, 'query', `SELECT id FROM ${table} WHERE id = $1`, [1]);
    expect(res.rows).toEqual([]);
    expect((await onePoint()).attributes).toEqual({ ...PG, 'db.query.summary': `SELECT ${table}` });
  });

  it('callback form: recorded when pg calls back', async () => {
    const { promise, callback } = callbackPromise<pg.QueryResult>();
    rt.method3(QUERY, client, 'query', `INSERT INTO ${table} VALUES ($1)`, [7], callback);
    await promise;
    expect((await onePoint()).attributes).toEqual({ ...PG, 'db.query.summary': `INSERT ${table}` });
  });

  it('a failing query: error.type and db.response.status_code are the SQLSTATE', async () => {
    const missing = uniqueTable('tw_pgm_missing');
    await expect(rt.method1(QUERY, client, 'query', `SELECT * FROM ${missing}`)).rejects.toMatchObject({ code: '42P01' });
    expect((await onePoint()).attributes).toEqual({
      ...PG,
      'db.query.summary': `SELECT ${missing}`,
      'db.response.status_code': '42P01',
      'error.type': '42P01',
    });
  });

  it('an unsampled query is recorded with the same attributes, its failure included', async () => {
    await unsampled(() => rt.method2(QUERY, client, 'query', `SELECT id FROM ${table} WHERE id = $1`, [1]));
    expect(await unsampledPoint()).toEqual({ ...PG, 'db.query.summary': `SELECT ${table}` });
    const missing = uniqueTable('tw_pgm_missing');
    await expect(unsampled(() => rt.method1(QUERY, client, 'query', `SELECT * FROM ${missing}`))).rejects.toMatchObject({ code: '42P01' });
    expect(await unsampledPoint()).toEqual({ ...PG, 'db.query.summary': `SELECT ${missing}`, 'db.response.status_code': '42P01', 'error.type': '42P01' });
  });

  it('without a meter provider nothing is recorded and nothing throws; a new provider is picked up', async () => {
    metrics.disable();
    try {
      const res: pg.QueryResult = await rt.method1(QUERY, client, 'query', `SELECT 1 AS one`);
      expect(res.rows).toEqual([{ one: 1 }]);
      expect(finishedSpans()).toHaveLength(1); // the span as usual
      expect((await collectHistogram(reader, NAME)).points).toEqual([]);
      const next = registerMeterProvider();
      await rt.method1(QUERY, client, 'query', `SELECT 2 AS two`);
      expect((await collectHistogram(reader, NAME)).points).toEqual([]); // the old provider's reader
      expect((await collectHistogram(next.reader, NAME)).points.map((p) => p.count)).toEqual([1]);
    } finally {
      ({ reader } = registerMeterProvider());
    }
  });
});

describe.skipIf(!mariadbUp)('mysql2 and the MariaDB connector', () => {
  const MYSQL2 = dbSite('mysql2.promise.query', 'mysql2', 'promise');
  const MARIADB = dbSite('mariadb.query', 'mariadb', 'promise');
  const BATCH = dbSite('mariadb.batch', 'mariadb.batch', 'promise');
  const CONFIG = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
  let my: mysqlPromise.Connection;
  let maria: mariadb.Connection;
  let table = '';

  beforeAll(async () => {
    table = uniqueTable('tw_mym');
    my = await mysqlPromise.createConnection(CONFIG);
    maria = await mariadb.createConnection(CONFIG);
    await my.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await my?.query(`DROP TABLE IF EXISTS ${table}`);
    await my?.end();
    await maria?.end();
  });

  it('mysql2: a query, then a failing one (error number)', async () => {
    const MYSQL = { 'db.system.name': 'mysql', 'server.address': '127.0.0.1', 'server.port': 3306, 'db.namespace': 'test' };
    await rt.method2(MYSQL2, my, 'execute', `SELECT id FROM ${table} WHERE id = ?`, [1]);
    expect((await onePoint()).attributes).toEqual({ ...MYSQL, 'db.query.summary': `SELECT ${table}` });
    resetSpans();
    const missing = uniqueTable('tw_mym_missing');
    await expect(rt.method1(MYSQL2, my, 'query', `SELECT * FROM ${missing}`)).rejects.toMatchObject({ errno: 1146 });
    expect((await onePoint()).attributes).toEqual({ ...MYSQL, 'db.query.summary': `SELECT ${missing}`, 'db.response.status_code': '1146', 'error.type': '1146' });
  });

  it('mariadb: a batch of three rows is one operation', async () => {
    await rt.method2(BATCH, maria, 'batch', `INSERT INTO ${table} VALUES (?)`, [[1], [2], [3]]);
    expect((await onePoint()).attributes).toEqual({
      'db.system.name': 'mariadb',
      'server.port': 3306,
      'db.namespace': 'test',
      'db.query.summary': `BATCH INSERT ${table}`,
    });
  });

  it('mariadb: an unsampled failing query keeps the error number (the message cut off by the hook)', async () => {
    await expect(unsampled(() => rt.method2(MARIADB, maria, 'query', `INSERT INTO ${table} VALUES (?)`, [1]))).rejects.toMatchObject({ errno: 1062 });
    expect(await unsampledPoint()).toEqual({
      'db.system.name': 'mariadb',
      'server.port': 3306,
      'db.namespace': 'test',
      'db.query.summary': `INSERT ${table}`,
      'db.response.status_code': '1062',
      'error.type': '1062',
    });
  });
});

describe.skipIf(!sqliteUp)('better-sqlite3', () => {
  const EXEC_SITE = dbSite('better-sqlite3.exec', 'better-sqlite3.exec', 'sync');
  const STATEMENT = dbSite('better-sqlite3.statement', 'better-sqlite3', 'sync');
  const ITERATE = dbSite('better-sqlite3.iterate', 'better-sqlite3', 'iterable');
  let db: BetterSqlite3.Database;

  beforeAll(() => {
    const Database = requireNative<typeof BetterSqlite3>('better-sqlite3');
    db = new Database(':memory:');
    db.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
    db.exec("INSERT INTO users VALUES (1, 'ada'), (2, 'bob')");
  });
  afterAll(() => db?.close());

  it('a statement: one point; an in-memory database has no namespace', async () => {
    const row = rt.method1(STATEMENT, db.prepare('SELECT name FROM users WHERE id = ?'), 'get', 1);
    expect(row).toEqual({ name: 'ada' });
    expect((await onePoint()).attributes).toEqual({ 'db.system.name': 'sqlite', 'db.query.summary': 'SELECT users' });
  });

  it('iterate: recorded when the iteration ends, with the span', async () => {
    const rows = [...(rt.method0(ITERATE, db.prepare('SELECT id FROM users'), 'iterate') as Iterable<unknown>)];
    expect(rows).toHaveLength(2);
    expect((await onePoint()).attributes).toEqual({ 'db.system.name': 'sqlite', 'db.query.summary': 'SELECT users' });
  });

  it('a failing exec: error.type and db.response.status_code are the SQLite result code', async () => {
    expect(() => rt.method1(EXEC_SITE, db, 'exec', "INSERT INTO users VALUES (1, 'again')")).toThrow(/UNIQUE/);
    expect((await onePoint()).attributes).toEqual({
      'db.system.name': 'sqlite',
      'db.query.summary': 'INSERT users',
      'db.response.status_code': 'SQLITE_CONSTRAINT_PRIMARYKEY',
      'error.type': 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
  });
});

describe.skipIf(!redisUp)('ioredis and node-redis', () => {
  const IOREDIS = redisSites('ioredis');
  const NODE_REDIS = redisSites('redis');
  const REDIS = { 'db.system.name': 'redis', 'server.address': '127.0.0.1', 'server.port': 6379, 'db.namespace': '0' };
  let io: Redis;
  let nr: ReturnType<typeof createClient>;
  const key = uniqueTable('tw_metric_key');

  beforeAll(async () => {
    io = new Redis({ host: '127.0.0.1', port: 6379 });
    nr = createClient({ url: 'redis://127.0.0.1:6379' });
    await nr.connect();
  });
  afterAll(async () => {
    await io?.del(key);
    await io?.quit();
    await nr?.quit();
  });

  it('ioredis: a command, then a failing one (the Redis error prefix)', async () => {
    await rt.method2(IOREDIS[COMMAND]!, io, 'set', key, 'v');
    expect((await onePoint()).attributes).toEqual({ ...REDIS, 'db.operation.name': 'SET' });
    resetSpans();
    await expect(rt.method2(IOREDIS[COMMAND]!, io, 'hget', key, 'f')).rejects.toThrow(/WRONGTYPE/);
    expect((await onePoint()).attributes).toEqual({ ...REDIS, 'db.operation.name': 'HGET', 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' });
  });

  it('ioredis: a pipeline is one operation', async () => {
    const pipeline = io.pipeline().get(key).get(key);
    await rt.method0(IOREDIS[EXEC]!, pipeline, 'exec');
    expect((await onePoint()).attributes).toEqual({ ...REDIS, 'db.operation.name': 'PIPELINE GET' });
  });

  it('node-redis: an unsampled failing command keeps the error prefix', async () => {
    await expect(unsampled(() => rt.method2(NODE_REDIS[COMMAND]!, nr, 'hGet', key, 'f'))).rejects.toThrow(/WRONGTYPE/);
    expect(await unsampledPoint()).toEqual({ ...REDIS, 'db.operation.name': 'HGET', 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' });
  });
});
