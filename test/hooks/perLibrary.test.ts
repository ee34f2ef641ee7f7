// One integration scenario per database/cache library against the real services: a call made
// as instrumented code makes it, inside a parent span, its result unchanged, its CLIENT span a
// child of that parent with the stable attributes, and a span the user opens in the callback or
// continuation parented by the caller's span (never suppressed). The full suites are the
// per-library files; this one is what CI's Node 22 leg also runs on the OpenTelemetry JS 3.x
// line (TRACEWRIGHT_OTEL_SDK, see .ci/run and test/helpers/otelLine.ts), where better-sqlite3 is
// 13.x (TRACEWRIGHT_BETTER_SQLITE3). A missing service skips its scenario, fails under CI=true.
import { trace } from '@opentelemetry/api';
import type BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import * as mariadb from 'mariadb';
import mysql from 'mysql2';
import pg from 'pg';
import { createClient } from 'redis';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import '../../src/runtime/hooks/entries/redis.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, type SimpleSpan } from '../helpers/otel.js';
import { nativeModule, requireNative, service } from '../helpers/services.js';
import { callbackPromise, CODE, dbSite, expectAllEnded, inParent } from './dbHarness.js';
import { codeOf, COMMAND, redisSites } from './redisHelpers.js';

const [pgUp, mariadbUp, redisUp] = await Promise.all([service('postgresql'), service('mariadb'), service('redis')]);
const sqliteUp = nativeModule('better-sqlite3');
const SQL = { host: '127.0.0.1', user: 'root', database: 'test' };
const REDIS = { 'db.system.name': 'redis', 'db.namespace': '0', 'server.address': '127.0.0.1', 'server.port': 6379 };

beforeAll(() => {
  setupOtel();
});
beforeEach(() => resetSpans());

/** Opens a user span (ended at once) where the caller's code resumes. */
function userSpan(): void {
  trace.getTracer('user').startSpan('user').end();
}

/** The spans in start order, when `parent` → the call's span, and `user` also under `parent`. */
function expectTree(name: string, attributes: Record<string, unknown>, code: Record<string, unknown> = CODE): SimpleSpan {
  const spans = simplifySpans(finishedSpans());
  expect(spans.map((s) => [s.name, s.parent])).toEqual([
    ['parent', null],
    [name, 'parent'],
    ['user', 'parent'],
  ]);
  const call = spans[1] as SimpleSpan;
  expect(call).toMatchObject({ kind: 'client', status: 'unset', attributes: { ...attributes, ...code } });
  expectAllEnded();
  return call;
}

describe.skipIf(!pgUp)('pg', () => {
  it('client.query(text, values, callback)', async () => {
    const client = new pg.Client({ ...SQL, user: 'postgres', port: 5432 });
    await client.connect();
    try {
      const { promise, callback } = callbackPromise<pg.QueryResult>();
      inParent(() => rt.method3(dbSite('pg.query', 'pg', 'callback'), client, 'query', 'SELECT $1::int AS n', [42], (err: unknown, res: pg.QueryResult) => {
        userSpan();
        callback(err, res);
      }));
      expect((await promise).rows).toEqual([{ n: 42 }]);
      expectTree('SELECT', {
        'db.system.name': 'postgresql',
        'db.namespace': 'test',
        'server.address': '127.0.0.1',
        'server.port': 5432,
        'db.query.text': 'SELECT $1::int AS n',
      });
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(!mariadbUp)('mysql2', () => {
  it('connection.query(sql, values, callback)', async () => {
    const conn = mysql.createConnection({ ...SQL, port: 3306 });
    try {
      const { promise, callback } = callbackPromise<mysql.RowDataPacket[]>();
      inParent(() => rt.method3(dbSite('mysql2.query', 'mysql2', 'callback'), conn, 'query', 'SELECT ? AS n', [42], (err: unknown, rows: mysql.RowDataPacket[]) => {
        userSpan();
        callback(err, rows);
      }));
      expect(await promise).toEqual([{ n: 42 }]);
      expectTree('SELECT', { 'db.system.name': 'mysql', 'db.namespace': 'test', 'server.address': '127.0.0.1', 'server.port': 3306, 'db.query.text': 'SELECT ? AS n' });
    } finally {
      await new Promise<void>((resolve) => conn.end(() => resolve()));
    }
  });
});

describe.skipIf(!mariadbUp)('mariadb', () => {
  it('await connection.query(sql, values)', async () => {
    const conn = await mariadb.createConnection({ ...SQL, port: 3306 });
    try {
      const rows = await inParent(async () => {
        const result = await rt.method2(dbSite('mariadb.query', 'mariadb', 'promise'), conn, 'query', 'SELECT CAST(? AS INT) AS n', [42]);
        userSpan();
        return result;
      });
      expect([...rows]).toEqual([{ n: 42 }]);
      expectTree('SELECT', { 'db.system.name': 'mariadb', 'db.namespace': 'test', 'server.port': 3306, 'db.query.text': 'SELECT CAST(? AS INT) AS n' });
    } finally {
      await conn.end();
    }
  });
});

describe.skipIf(!sqliteUp)('better-sqlite3', () => {
  it('db.prepare(sql).get(value)', () => {
    const Database = requireNative<typeof BetterSqlite3>('better-sqlite3');
    const db = new Database(':memory:');
    try {
      db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'ada')");
      const statement = db.prepare('SELECT name FROM users WHERE id = ?');
      const row = inParent(() => {
        const result = rt.method1(dbSite('better-sqlite3.statement', 'better-sqlite3', 'sync'), statement, 'get', 1);
        userSpan();
        return result;
      });
      expect(row).toEqual({ name: 'ada' });
      expectTree('SELECT users', { 'db.system.name': 'sqlite', 'db.query.text': 'SELECT name FROM users WHERE id = ?' });
    } finally {
      db.close();
    }
  });
});

describe.skipIf(!redisUp)('ioredis', () => {
  it('await redis.set(key, value)', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    const key = `tw:test:perLibrary:${process.pid}:${Date.now().toString(36)}:ioredis`;
    try {
      const value = await inParent(async () => {
        const result = await rt.method2(redisSites('ioredis')[COMMAND]!, redis, 'set', key, 'secret-value');
        userSpan();
        return result;
      });
      expect(value).toBe('OK');
      expectTree('SET', { ...REDIS, 'db.query.text': `SET ${key} ?` }, codeOf(COMMAND));
    } finally {
      await redis.del(key);
      await redis.quit();
    }
  });
});

describe.skipIf(!redisUp)('node-redis', () => {
  it('await client.set(key, value)', async () => {
    const client = createClient({ socket: { host: '127.0.0.1', port: 6379 } });
    await client.connect();
    const key = `tw:test:perLibrary:${process.pid}:${Date.now().toString(36)}:redis`;
    try {
      const value = await inParent(async () => {
        const result = await rt.method2(redisSites('redis')[COMMAND]!, client, 'set', key, 'secret-value');
        userSpan();
        return result;
      });
      expect(value).toBe('OK');
      expectTree('SET', { ...REDIS, 'db.query.text': `SET ${key} ?` }, codeOf(COMMAND));
    } finally {
      await client.del(key);
      await client.quit();
    }
  });
});
