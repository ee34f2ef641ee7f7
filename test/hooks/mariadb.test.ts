// The `mariadb` and `mariadb.batch` hooks against the local MariaDB, driven
// through the runtime's call helpers: query, execute and batch on a connection
// and a pool, the pool's endpoint (learned from its config through the
// connections it hands out, also for pool connections), batch sizes, server errors (errno) recorded without the
// statement and values the connector appends to its messages. Results are
// unchanged and every span ends. Skipped without the service, failed under CI=true.
import { EventEmitter } from 'node:events';
import * as mariadb from 'mariadb';
import mariadbCallback from 'mariadb/callback';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { callbackPromise, CODE, dbSite, expectAllEnded, onlySpan, recordedMessages, uniqueTable } from './dbHarness.js';

const up = await service('mariadb');
const CONFIG = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
/** The connector keeps its host private: a connection tells port and database only. */
const CONNECTION = { 'db.system.name': 'mariadb', 'server.port': 3306, 'db.namespace': 'test', ...CODE };
/** A pool's endpoint, learned from the connections it hands out (its `acquire` event). */
const POOL = { 'db.system.name': 'mariadb', 'server.address': '127.0.0.1', 'server.port': 3306, 'db.namespace': 'test', ...CODE };

describe.skipIf(!up)('mariadb connector against MariaDB', () => {
  const QUERY = dbSite('mariadb.query', 'mariadb', 'promise');
  const CALLBACK = dbSite('mariadb.query', 'mariadb', 'callback');
  const BATCH = dbSite('mariadb.batch', 'mariadb.batch', 'promise');
  let table = '';
  let conn: mariadb.Connection;
  let pool: mariadb.Pool;

  beforeAll(async () => {
    setupOtel();
    table = uniqueTable('tw_mdb');
    conn = await mariadb.createConnection(CONFIG);
    pool = mariadb.createPool({ ...CONFIG, connectionLimit: 2 });
    await conn.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name varchar(20) NOT NULL)`);
    await conn.query(`INSERT INTO ${table} VALUES (1, 'ada'), (2, 'bob')`);
  });
  afterAll(async () => {
    await conn?.query(`DROP TABLE IF EXISTS ${table}`);
    await conn?.end();
    await pool?.end();
  });
  beforeEach(() => resetSpans());

  it.each(['query', 'execute'] as const)('connection.%s: rows as without the wrapper, span attribute by attribute', async (method) => {
    const sql = `SELECT id, name FROM ${table} WHERE id = ?`;
    const plain = await conn[method](sql, [2]);
    resetSpans();
    const rows = await rt.method2(QUERY, conn, method, sql, [2]);
    expect(rows).toEqual(plain);
    expect([...rows]).toEqual([{ id: 2, name: 'bob' }]);
    const span = onlySpan();
    expect(span).toMatchObject({ name: `SELECT ${table}`, kind: 'client', status: 'unset', events: [] });
    expect(span.attributes).toEqual({ ...CONNECTION, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
    expectAllEnded();
  });

  it('the { sql } form with inlined values: sanitized text', async () => {
    const rows = await rt.method1(QUERY, conn, 'query', { sql: `SELECT name FROM ${table} WHERE id = 1 AND name = 'ada'` });
    expect([...rows]).toEqual([{ name: 'ada' }]);
    expect(onlySpan().attributes['db.query.text']).toBe(`SELECT name FROM ${table} WHERE id = ? AND name = ?`);
  });

  it('batch with several rows: db.operation.batch.size and a BATCH summary', async () => {
    const sql = `INSERT INTO ${table} (id, name) VALUES (?, ?)`;
    const result = await rt.method2(BATCH, conn, 'batch', sql, [[10, 'j'], [11, 'k'], [12, 'l']]);
    expect(result).toMatchObject({ affectedRows: 3 });
    expect(onlySpan()).toMatchObject({
      name: `BATCH INSERT ${table}`,
      attributes: { ...CONNECTION, 'db.query.text': sql, 'db.query.summary': `BATCH INSERT ${table}`, 'db.operation.batch.size': 3 },
    });

    resetSpans();
    await rt.method2(BATCH, conn, 'batch', `DELETE FROM ${table} WHERE id = ?`, [13, 14]); // one placeholder: one row per value
    expect(onlySpan().attributes).toMatchObject({ 'db.operation.batch.size': 2, 'db.query.summary': `BATCH DELETE ${table}` });
  });

  it('batch with one parameter set is a single operation', async () => {
    await rt.method2(BATCH, conn, 'batch', `INSERT INTO ${table} (id, name) VALUES (?, ?)`, [20, 'one']);
    const span = onlySpan();
    expect(span.name).toBe(`INSERT ${table}`);
    expect(span.attributes).not.toHaveProperty('db.operation.batch.size');
  });

  it('pool query, execute and batch', async () => {
    const rows = await rt.method2(QUERY, pool, 'query', `SELECT count(*) AS n FROM ${table} WHERE id < ?`, [3]);
    expect(Number([...rows][0].n)).toBe(2);
    expect(onlySpan().attributes).toEqual({ ...POOL, 'db.query.text': `SELECT count(*) AS n FROM ${table} WHERE id < ?`, 'db.query.summary': `SELECT ${table}` });

    resetSpans();
    const updated = await rt.method2(QUERY, pool, 'execute', `UPDATE ${table} SET name = ? WHERE id = ?`, ['ada', 1]);
    expect(updated).toMatchObject({ affectedRows: 1 });
    expect(onlySpan()).toMatchObject({ name: `UPDATE ${table}`, attributes: POOL });

    resetSpans();
    const batched = await rt.method2(BATCH, pool, 'batch', `INSERT INTO ${table} (id, name) VALUES (?, ?)`, [[30, 'p'], [31, 'q']]);
    expect(batched).toMatchObject({ affectedRows: 2 });
    expect(onlySpan()).toMatchObject({ name: `BATCH INSERT ${table}`, attributes: { ...POOL, 'db.operation.batch.size': 2 } });
    expectAllEnded();
  });

  it('pool connections (promise and callback API) report the pool config: host, port, database', async () => {
    const sql = `SELECT name FROM ${table} WHERE id = ?`;
    // a fresh pool: its first traced call learns the endpoint while in flight
    const fresh = mariadb.createPool({ ...CONFIG, connectionLimit: 1 });
    try {
      await rt.method2(QUERY, fresh, 'query', sql, [1]);
      expect(onlySpan().attributes).toEqual({ ...POOL, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
      const pooled = await fresh.getConnection();
      try {
        resetSpans();
        expect([...(await rt.method2(QUERY, pooled, 'query', sql, [2]))]).toEqual([{ name: 'bob' }]);
        expect(onlySpan().attributes).toEqual({ ...POOL, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
      } finally {
        await pooled.release();
      }
      expect((fresh as unknown as EventEmitter).listenerCount('acquire')).toBe(1); // one listener per pool, however many calls
    } finally {
      await fresh.end();
    }

    resetSpans();
    const callbackPool = mariadbCallback.createPool({ ...CONFIG, connectionLimit: 1 });
    try {
      const { promise, callback } = callbackPromise<unknown[]>();
      rt.method3(CALLBACK, callbackPool, 'query', sql, [1], callback);
      expect([...(await promise)]).toEqual([{ name: 'ada' }]);
      expect(onlySpan().attributes).toEqual({ ...POOL, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
    } finally {
      await new Promise<void>((resolve) => callbackPool.end(() => resolve()));
    }
    expectAllEnded();
  });

  it('a pool config is read for host, port and database only: never user or password', async () => {
    // the connector's acquire event passes its internal connection, options included
    const pool = Object.assign(new EventEmitter(), { getConnection() {}, query: async () => [] });
    await rt.method1(QUERY, pool, 'query', 'SELECT 1');
    pool.emit('acquire', { opts: { host: 'db.internal', port: 3307, database: 'app', user: 'svc-user', password: 's3cret-pw' }, info: {} });
    resetSpans();
    await rt.method1(QUERY, pool, 'query', 'SELECT 1');
    const span = onlySpan();
    expect(span.attributes).toMatchObject({ 'server.address': 'db.internal', 'server.port': 3307, 'db.namespace': 'app' });
    expect(JSON.stringify(span)).not.toMatch(/s3cret|svc-user/);

    resetSpans();
    const socketPool = Object.assign(new EventEmitter(), { getConnection() {}, query: async () => [] });
    await rt.method1(QUERY, socketPool, 'query', 'SELECT 1');
    socketPool.emit('acquire', { opts: { host: 'localhost', port: 3306, socketPath: '/run/mysqld/mysqld.sock', database: 'app' } });
    resetSpans();
    await rt.method1(QUERY, socketPool, 'query', 'SELECT 1');
    expect(onlySpan().attributes).toMatchObject({ 'server.address': '/run/mysqld/mysqld.sock', 'db.namespace': 'app' });
    expect(onlySpan().attributes).not.toHaveProperty('server.port');
  });

  it('server error: errno as status code and error.type; the echoed statement and values are not recorded', async () => {
    const err = await rt.method2(QUERY, conn, 'query', 'SELECT * FROM tw_no_such_table WHERE a = ?', ['s3cret']).catch((e: unknown) => e);
    expect(err).toMatchObject({ errno: 1146, sqlState: '42S02' });
    expect((err as Error).message).toContain('s3cret'); // the caller still gets the connector's full message
    const span = onlySpan();
    expect(span).toMatchObject({
      status: 'error',
      events: ['exception'],
      attributes: { 'db.response.status_code': '1146', 'error.type': '1146' },
    });
    const messages = recordedMessages();
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.join('\n')).toContain("Table 'test.tw_no_such_table' doesn't exist");
    expect(messages.join('\n')).not.toContain('s3cret');
    expectAllEnded();
  });

  it('batch error on a pool', async () => {
    await expect(
      rt.method2(BATCH, pool, 'batch', `INSERT INTO ${table} (id, name) VALUES (?, ?)`, [[40, 'a'], [40, 'b']]),
    ).rejects.toMatchObject({ errno: 1062 });
    expect(onlySpan()).toMatchObject({ status: 'error', attributes: { 'db.response.status_code': '1062', 'db.operation.batch.size': 2 } });
    expect(recordedMessages().join('\n')).not.toMatch(/parameters:/);
  });
});
