// The `pg` and `pg.connect` hooks against the local PostgreSQL, driven through
// the runtime's own call helpers as instrumented code would call them: the
// span of each query form (text + values, callback, config object, pool),
// submittables (a pg-cursor's span lasts until it is exhausted or closed, a
// pg.Query's until its end or error, their listeners in the caller's context),
// errors (SQLSTATE), connect spans; results are unchanged and every span ends. Skipped without the service, failed under CI=true.
import { trace, type Span } from '@opentelemetry/api';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { pgHooks } from '../../src/runtime/hooks/pg.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { resetSpans, setupOtel, simplifySpans, finishedSpans, type SimpleSpan } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { callbackPromise, CODE, dbSite, expectAllEnded, inParent, onlySpan, uniqueTable } from './dbHarness.js';

const up = await service('postgresql');
const CONFIG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
/** What every span against this server carries. */
const SERVER = { 'db.system.name': 'postgresql', 'server.address': '127.0.0.1', 'server.port': 5432, 'db.namespace': 'test', ...CODE };

describe.skipIf(!up)('pg against PostgreSQL', () => {
  const QUERY = dbSite('pg.query', 'pg', 'callback'); // callback when the last argument is a function, else auto
  const QUERY_AUTO = dbSite('pg.query', 'pg', 'auto');
  const CONNECT = dbSite('pg.connect', 'pg.connect', 'callback');
  let table = '';
  let client: pg.Client;
  let pool: pg.Pool;

  beforeAll(async () => {
    setupOtel();
    table = uniqueTable('tw_pg');
    client = new pg.Client(CONFIG);
    await client.connect();
    pool = new pg.Pool({ ...CONFIG, max: 2 });
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL)`);
    await client.query(`INSERT INTO ${table} VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')`);
  });
  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.end();
    await pool?.end();
  });
  beforeEach(() => resetSpans());

  it('text + values (promise): rows as without the wrapper, span attribute by attribute', async () => {
    const sql = `SELECT id, name FROM ${table} WHERE id = $1`;
    const plain = await client.query(sql, [2]);
    resetSpans();
    const traced: pg.QueryResult = await rt.method2(QUERY, client, 'query', sql, [2]);
    expect(traced.rows).toEqual(plain.rows);
    expect(traced.rows).toEqual([{ id: 2, name: 'bob' }]);
    const span = onlySpan();
    expect(span).toMatchObject({ name: `SELECT ${table}`, kind: 'client', status: 'unset', events: [] });
    expect(span.attributes).toEqual({ ...SERVER, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
    expectAllEnded();
  });

  it('inlined values: db.query.text is sanitized', async () => {
    const res: pg.QueryResult = await rt.method1(QUERY, client, 'query', `SELECT name FROM ${table} WHERE id = 3 AND name <> 'x'`);
    expect(res.rows).toEqual([{ name: 'cy' }]);
    expect(onlySpan().attributes['db.query.text']).toBe(`SELECT name FROM ${table} WHERE id = ? AND name <> ?`);
  });

  it('callback form: the span ends when pg calls back, the callback runs in the caller context', async () => {
    const { promise, callback, activeInCallback } = callbackPromise<pg.QueryResult>();
    const parent = inParent((p) => {
      expect(rt.method3(QUERY, client, 'query', `SELECT count(*)::int AS n FROM ${table} WHERE id > $1`, [1], callback)).toBeUndefined();
      return p;
    });
    expect((await promise).rows).toEqual([{ n: 2 }]);
    expect(activeInCallback()).toBe(parent);
    const [, query] = simplifySpans(finishedSpans());
    expect(query).toMatchObject({ name: `SELECT ${table}`, parent: 'parent', status: 'unset' });
    expect(query?.attributes['db.query.text']).toBe(`SELECT count(*)::int AS n FROM ${table} WHERE id > $1`);
    expectAllEnded();
  });

  it('a config object: text as sent, rowMode and name honoured', async () => {
    const config = { text: `SELECT id, name FROM ${table} WHERE id <= $1 ORDER BY id`, values: [2], rowMode: 'array' as const, name: `tw_stmt_${table}` };
    const res: pg.QueryArrayResult = await rt.method1(QUERY, client, 'query', config);
    expect(res.rows).toEqual([[1, 'ada'], [2, 'bob']]);
    expect(onlySpan().attributes).toEqual({ ...SERVER, 'db.query.text': config.text, 'db.query.summary': `SELECT ${table}` });
  });

  it('SQL error: SQLSTATE as status code and error.type, the same error object rejected', async () => {
    let thrown: unknown;
    await rt.method1(QUERY, client, 'query', 'SELECT * FROM tw_no_such_table').catch((e: unknown) => (thrown = e));
    expect(thrown).toMatchObject({ code: '42P01', name: 'error' });
    const span = onlySpan();
    expect(span).toMatchObject({ name: 'SELECT tw_no_such_table', status: 'error', events: ['exception'] });
    expect(span.attributes).toMatchObject({ 'db.response.status_code': '42P01', 'error.type': '42P01' });
    expectAllEnded();
  });

  it('SQL error in the callback form', async () => {
    const { promise, callback } = callbackPromise<pg.QueryResult>();
    rt.method3(QUERY, client, 'query', `INSERT INTO ${table} (id, name) VALUES ($1, $2)`, [1, 'dup'], callback);
    await expect(promise).rejects.toMatchObject({ code: '23505' });
    expect(onlySpan()).toMatchObject({
      name: `INSERT ${table}`,
      status: 'error',
      attributes: { 'db.response.status_code': '23505', 'error.type': '23505' },
    });
  });

  it('pool.query (promise and callback): endpoint from the pool options', async () => {
    const res: pg.QueryResult = await rt.method2(QUERY, pool, 'query', `SELECT name FROM ${table} WHERE id = $1`, [1]);
    expect(res.rows).toEqual([{ name: 'ada' }]);
    expect(onlySpan().attributes).toEqual({ ...SERVER, 'db.query.text': `SELECT name FROM ${table} WHERE id = $1`, 'db.query.summary': `SELECT ${table}` });

    resetSpans();
    const { promise, callback } = callbackPromise<pg.QueryResult>();
    rt.method2(QUERY, pool, 'query', `UPDATE ${table} SET name = name WHERE id = 1`, callback);
    expect((await promise).rowCount).toBe(1);
    expect(onlySpan()).toMatchObject({ name: `UPDATE ${table}`, attributes: { ...SERVER, 'db.query.text': `UPDATE ${table} SET name = name WHERE id = ?` } });
  });

  it('a pool from a connection string: host, port, database from it, never the credentials', async () => {
    const urlPool = new pg.Pool({ connectionString: 'postgres://postgres:s3cret-pw@127.0.0.1:5432/test', max: 1 });
    try {
      const res: pg.QueryResult = await rt.method1(QUERY, urlPool, 'query', 'SELECT 1 AS one');
      expect(res.rows).toEqual([{ one: 1 }]);
      const span = onlySpan();
      expect(span.attributes).toMatchObject(SERVER);
      expect(JSON.stringify(span)).not.toContain('s3cret');
    } finally {
      await urlPool.end();
    }
  });

  /** The query spans finished so far (the parent excluded). */
  const querySpans = (): SimpleSpan[] => simplifySpans(finishedSpans()).filter((s) => s.name !== 'parent');
  const protocolProps = (o: object): string[] => Object.getOwnPropertyNames(o).filter((n) => n.startsWith('handle') || n === 'close');

  it('a pg-cursor read in batches until exhausted: the same cursor returned, one span ending with the last read', async () => {
    const sql = `SELECT id FROM ${table} WHERE id >= $1 ORDER BY id`;
    const cursor = new Cursor(sql, [1]);
    const seen: (Span | undefined)[] = [];
    cursor.on('row', () => seen.push(trace.getActiveSpan()));
    const parent = inParent((p) => {
      expect(rt.method1(QUERY_AUTO, client, 'query', cursor)).toBe(cursor);
      return p;
    });
    expect(await cursor.read(2)).toEqual([{ id: 1 }, { id: 2 }]);
    expect(querySpans()).toEqual([]); // still open between batches
    expect(await cursor.read(2)).toEqual([{ id: 3 }]); // fewer than asked: exhausted
    const [span, ...others] = querySpans();
    expect(others).toEqual([]);
    expect(span).toMatchObject({ name: `SELECT ${table}`, kind: 'client', status: 'unset', events: [], parent: 'parent' });
    expect(span?.attributes).toEqual({ ...SERVER, 'db.query.text': sql, 'db.query.summary': `SELECT ${table}` });
    // row listeners ran in the caller's context, not under the leaf's suppression
    expect(seen).toHaveLength(3);
    for (const active of seen) expect(active).toBe(parent);
    expect(await cursor.read(2)).toEqual([]);
    await cursor.close();
    expect(querySpans()).toHaveLength(1);
    expect(protocolProps(cursor)).toEqual([]); // the wrappers are gone with the span
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expectAllEnded();
  });

  it('a pg-cursor closed early: the span ends at close (promise and callback forms)', async () => {
    const cursor = new Cursor(`SELECT id FROM ${table} ORDER BY id`);
    rt.method1(QUERY_AUTO, client, 'query', cursor);
    expect(await cursor.read(1)).toEqual([{ id: 1 }]);
    expect(querySpans()).toEqual([]);
    await cursor.close();
    expect(querySpans()).toMatchObject([{ name: `SELECT ${table}`, status: 'unset' }]);

    resetSpans();
    const other = new Cursor(`SELECT name FROM ${table} ORDER BY id`);
    rt.method1(QUERY_AUTO, client, 'query', other);
    expect(await other.read(1)).toEqual([{ name: 'ada' }]);
    const closed = new Promise<number>((resolve, reject) => other.close((err) => (err ? reject(err) : resolve(querySpans().length))));
    expect(await closed).toBe(1); // ended by the time close calls back
    expect(protocolProps(other)).toEqual([]);
    expectAllEnded();
  });

  it('a pg-cursor closed before the client submitted it: the span ends at close', async () => {
    // pg leaves such a cursor in its queue and blocks the client on it later: a client of its own
    const own = new pg.Client(CONFIG);
    await own.connect();
    try {
      const busy = new Cursor('SELECT 1 AS one');
      const queued = new Cursor(`SELECT id FROM ${table}`);
      rt.method1(QUERY_AUTO, own, 'query', busy);
      rt.method1(QUERY_AUTO, own, 'query', queued);
      await queued.close();
      expect(querySpans().map((s) => s.name)).toEqual([`SELECT ${table}`]);
      expect(protocolProps(queued)).toEqual([]);
      expect(await busy.read(5)).toEqual([{ one: 1 }]);
      expect(querySpans()).toHaveLength(2);
    } finally {
      await own.end();
    }
    expectAllEnded();
  });

  it('a failing pg-cursor query: error span with the SQLSTATE, read rejects with the same error', async () => {
    const cursor = new Cursor('SELECT * FROM tw_no_such_table');
    rt.method1(QUERY_AUTO, client, 'query', cursor);
    let thrown: unknown;
    await cursor.read(5).catch((e: unknown) => (thrown = e));
    expect(thrown).toMatchObject({ code: '42P01' });
    expect(querySpans()).toMatchObject([
      { name: 'SELECT tw_no_such_table', status: 'error', events: ['exception'], attributes: { 'db.response.status_code': '42P01', 'error.type': '42P01' } },
    ]);
    expect(finishedSpans()[0]?.events[0]?.attributes?.['exception.message']).toBe((thrown as Error).message);
    expect(protocolProps(cursor)).toEqual([]);
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    expectAllEnded();
  });

  it("a pg.Query submittable: the span ends on its 'end', row/end listeners in the caller's context", async () => {
    const query = new pg.Query(`SELECT id FROM ${table} ORDER BY id`);
    const rows: unknown[] = [];
    const seen: (Span | undefined)[] = [];
    query.on('row', (row: unknown) => {
      rows.push(row);
      seen.push(trace.getActiveSpan());
    });
    const ended = new Promise<number>((resolve) =>
      query.on('end', () => {
        seen.push(trace.getActiveSpan());
        trace.getTracer('user').startSpan('user').end();
        resolve(querySpans().filter((s) => s.name !== 'user').length);
      }),
    );
    const parent = inParent((p) => {
      expect(rt.method1(QUERY_AUTO, client, 'query', query)).toBe(query);
      return p;
    });
    expect(await ended).toBe(1); // ended before the user's 'end' listener ran
    expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(seen).toHaveLength(4);
    for (const active of seen) expect(active).toBe(parent);
    expect(querySpans()).toMatchObject([
      { name: `SELECT ${table}`, parent: 'parent', status: 'unset' },
      { name: 'user', parent: 'parent' },
    ]);
    expectAllEnded();
  });

  it("a failing pg.Query submittable: error span, its 'error' listener and callback forms unchanged", async () => {
    const query = new pg.Query('SELECT * FROM tw_no_such_table');
    const failed = new Promise<unknown>((resolve) => query.on('error', resolve));
    rt.method1(QUERY_AUTO, client, 'query', query);
    expect(await failed).toMatchObject({ code: '42P01' });
    expect(querySpans()).toMatchObject([{ name: 'SELECT tw_no_such_table', status: 'error', attributes: { 'db.response.status_code': '42P01' } }]);

    resetSpans();
    const { promise, callback } = callbackPromise<pg.QueryResult>();
    const withCallback = new pg.Query(`SELECT count(*)::int AS n FROM ${table}`, [], callback);
    rt.method1(QUERY_AUTO, client, 'query', withCallback);
    expect((await promise).rows).toEqual([{ n: 3 }]);
    expect(querySpans()).toMatchObject([{ name: `SELECT ${table}`, status: 'unset' }]);
    expectAllEnded();
  });

  it('Client#connect (promise and callback) and Pool#connect: connect spans', async () => {
    const fresh = new pg.Client(CONFIG);
    await rt.method0(CONNECT, fresh, 'connect');
    expect(onlySpan()).toMatchObject({ name: 'pg.connect', kind: 'client', status: 'unset', attributes: SERVER });
    await fresh.end();

    resetSpans();
    const other = new pg.Client(CONFIG);
    const { promise, callback } = callbackPromise<void>();
    rt.method1(CONNECT, other, 'connect', callback);
    await promise;
    expect(onlySpan()).toMatchObject({ name: 'pg.connect', attributes: SERVER });
    await other.end();

    resetSpans();
    const pooled: pg.PoolClient = await rt.method0(CONNECT, pool, 'connect');
    expect((await pooled.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    pooled.release();
    expect(onlySpan()).toMatchObject({ name: 'pg-pool.connect', attributes: SERVER });
    expectAllEnded();
  });

  it('a failed connect: SQLSTATE of the server refusal', async () => {
    const bad = new pg.Client({ ...CONFIG, database: 'tw_no_such_database' });
    await expect(rt.method0(CONNECT, bad, 'connect')).rejects.toMatchObject({ code: '3D000' });
    expect(onlySpan()).toMatchObject({
      name: 'pg.connect',
      status: 'error',
      attributes: { 'db.namespace': 'tw_no_such_database', 'db.response.status_code': '3D000', 'error.type': '3D000' },
    });
    await bad.end().catch(() => undefined);
  });
});

describe('pg submittables, the hook alone (no server)', () => {
  const site = dbSite('pg.query', 'pg', 'auto');
  const start = (submittable: object): CallStart => ({ spec: site.spec, thisArg: {}, key: 'query', args: [submittable], name: 'pg', attributes: {} });
  const fake = () => ({ submit() {}, handleReadyForQuery() {}, handleError() {} });

  it('takes over a submittable it can wrap, and restores it at the end', () => {
    const sub = fake();
    let ended = 0;
    const span = trace.getTracer('t').startSpan('s');
    const own = sub.handleReadyForQuery;
    expect(pgHooks.onResult?.(span, sub, () => ended++, start(sub))).toBe(true);
    expect(Object.keys(sub)).toEqual(['submit', 'handleReadyForQuery', 'handleError']); // as enumerable as they were
    expect(sub.handleReadyForQuery).not.toBe(own); // wrapped while the span is open
    sub.handleReadyForQuery();
    expect(ended).toBe(1);
    expect(sub.handleReadyForQuery).toBe(own); // the user's own method is back
    expect(Object.keys(sub)).toEqual(['submit', 'handleReadyForQuery', 'handleError']);
    sub.handleError();
    expect(ended).toBe(1);
    span.end();
  });

  it('lets the span end at return for a frozen submittable, a foreign result or a hostile one', () => {
    const span = trace.getTracer('t').startSpan('s');
    const frozen = Object.freeze(fake());
    expect(pgHooks.onResult?.(span, frozen, () => undefined, start(frozen))).toBe(false);
    const sub = fake();
    expect(pgHooks.onResult?.(span, { ...sub }, () => undefined, start(sub))).toBe(false); // not the argument
    const hostile = Object.defineProperty(fake(), 'handleDataRow', { get: () => { throw new Error('getter'); }, enumerable: true });
    expect(pgHooks.onResult?.(span, hostile, () => undefined, start(hostile))).toBe(false);
    expect(Object.getOwnPropertyNames(hostile).filter((n) => n !== 'handleDataRow')).toEqual(['submit', 'handleReadyForQuery', 'handleError']);
    span.end();
  });
});
