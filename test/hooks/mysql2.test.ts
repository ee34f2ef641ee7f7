// The `mysql2` hook against the local MariaDB (MySQL protocol), driven through
// the runtime's call helpers: callback API (connection, pool) and
// `mysql2/promise` (connection, `pool.promise()`), `query` and `execute`, the
// `{ sql, values }` form, inlined values, server errors (errno). Results are
// unchanged and every span ends. Skipped without the service, failed under CI=true.
import mysql from 'mysql2';
import mysqlPromise from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { callbackPromise, CODE, dbSite, expectAllEnded, onlySpan, uniqueTable } from './dbHarness.js';

const up = await service('mariadb');
const CONFIG = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
/** mysql2 cannot tell a MariaDB server from MySQL when the call starts: `mysql`. */
const SERVER = { 'db.system.name': 'mysql', 'server.address': '127.0.0.1', 'server.port': 3306, 'db.namespace': 'test', ...CODE };

type Rows = mysql.RowDataPacket[];
type Result = mysql.ResultSetHeader;

describe.skipIf(!up)('mysql2 against MariaDB', () => {
  const CALLBACK = dbSite('mysql2.query', 'mysql2', 'callback');
  const PROMISE = dbSite('mysql2.promise.query', 'mysql2', 'promise');
  let table = '';
  let conn: mysql.Connection;
  let pool: mysql.Pool;
  let pconn: mysqlPromise.Connection;

  beforeAll(async () => {
    setupOtel();
    table = uniqueTable('tw_my2');
    conn = mysql.createConnection(CONFIG);
    pool = mysql.createPool({ ...CONFIG, connectionLimit: 2 });
    pconn = await mysqlPromise.createConnection(CONFIG);
    await pconn.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name varchar(20) NOT NULL)`);
    await pconn.query(`INSERT INTO ${table} VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')`);
  });
  afterAll(async () => {
    await pconn?.query(`DROP TABLE IF EXISTS ${table}`);
    await pconn?.end();
    await new Promise<void>((r) => (conn ? conn.end(() => r()) : r()));
    await new Promise<void>((r) => (pool ? pool.end(() => r()) : r()));
  });
  beforeEach(() => resetSpans());

  /** conn.query / conn.execute / pool.query / pool.execute with a callback, through the runtime. */
  function viaCallback<T>(recv: object, method: 'query' | 'execute', ...args: unknown[]): Promise<T> {
    const { promise, callback } = callbackPromise<T>();
    rt.method(CALLBACK, recv, method, [...args, callback]);
    return promise;
  }

  it.each(['query', 'execute'] as const)('connection.%s with values and a callback: rows, span attribute by attribute', async (method) => {
    const sql = `SELECT id, name FROM ${table} WHERE id = ?`;
    const rows = await viaCallback<Rows>(conn, method, sql, [2]);
    expect(rows).toEqual([{ id: 2, name: 'bob' }]);
    const span = onlySpan();
    expect(span).toMatchObject({ name: `SELECT ${table}`, kind: 'client', status: 'unset', events: [] });
    expect(span.attributes).toEqual({ ...SERVER, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
    expectAllEnded();
  });

  it('the { sql, values } form, and inlined values sanitized', async () => {
    const rows = await viaCallback<Rows>(conn, 'query', { sql: `SELECT name FROM ${table} WHERE id IN (?, ?) ORDER BY id`, values: [1, 3] });
    expect(rows.map((r) => r.name)).toEqual(['ada', 'cy']);
    expect(onlySpan().attributes['db.query.text']).toBe(`SELECT name FROM ${table} WHERE id IN (?, ?) ORDER BY id`);

    resetSpans();
    const inlined = await viaCallback<Rows>(conn, 'query', `SELECT id FROM ${table} WHERE name = "cy" OR name = 'ada' ORDER BY id`);
    expect(inlined.map((r) => r.id)).toEqual([1, 3]);
    expect(onlySpan().attributes['db.query.text']).toBe(`SELECT id FROM ${table} WHERE name = ? OR name = ? ORDER BY id`);
  });

  it('server error: errno as status code and error.type, the same error passed on', async () => {
    const err = await viaCallback<Rows>(conn, 'query', 'SELECT * FROM tw_no_such_table WHERE a = ?', ['secret']).catch((e: unknown) => e);
    expect(err).toMatchObject({ errno: 1146, code: 'ER_NO_SUCH_TABLE' });
    expect(onlySpan()).toMatchObject({
      name: 'SELECT tw_no_such_table',
      status: 'error',
      events: ['exception'],
      attributes: { 'db.response.status_code': '1146', 'error.type': '1146' },
    });
    expectAllEnded();
  });

  it.each(['query', 'execute'] as const)('pool.%s with a callback: endpoint from the pool config', async (method) => {
    const result = await viaCallback<Result>(pool, method, `UPDATE ${table} SET name = ? WHERE id = ?`, ['ada', 1]);
    expect(result.affectedRows).toBe(1);
    expect(onlySpan()).toMatchObject({
      name: `UPDATE ${table}`,
      attributes: { ...SERVER, 'db.query.text': `UPDATE ${table} SET name = ? WHERE id = ?`, 'db.query.summary': `UPDATE ${table}` },
    });
  });

  it.each(['query', 'execute'] as const)('mysql2/promise connection.%s: [rows, fields] as without the wrapper', async (method) => {
    const sql = `SELECT id FROM ${table} WHERE id > ? ORDER BY id`;
    const plain = method === 'query' ? await pconn.query<Rows>(sql, [1]) : await pconn.execute<Rows>(sql, [1]);
    resetSpans();
    const [rows, fields]: [Rows, mysql.FieldPacket[]] = await rt.method2(PROMISE, pconn, method, sql, [1]);
    expect(rows).toEqual(plain[0]);
    expect(fields.map((f) => f.name)).toEqual(['id']);
    expect(onlySpan().attributes).toEqual({ ...SERVER, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
  });

  it('pool.promise(): query, execute and a rejected error', async () => {
    const ppool = pool.promise();
    const [rows]: [Rows] = await rt.method2(PROMISE, ppool, 'query', `SELECT count(*) AS n FROM ${table} WHERE id < ?`, [3]);
    expect(rows).toEqual([{ n: 2 }]);
    expect(onlySpan().attributes).toMatchObject(SERVER);

    resetSpans();
    const [inserted]: [Result] = await rt.method2(PROMISE, ppool, 'execute', `INSERT INTO ${table} (id, name) VALUES (?, ?)`, [9, 'zed']);
    expect(inserted.affectedRows).toBe(1);
    expect(onlySpan()).toMatchObject({ name: `INSERT ${table}`, attributes: SERVER });

    resetSpans();
    await expect(rt.method2(PROMISE, ppool, 'execute', `INSERT INTO ${table} (id, name) VALUES (?, ?)`, [9, 'zed'])).rejects.toMatchObject({
      errno: 1062,
    });
    expect(onlySpan()).toMatchObject({ status: 'error', attributes: { 'db.response.status_code': '1062', 'error.type': '1062' } });
    expectAllEnded();
  });
});
