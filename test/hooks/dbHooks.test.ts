// The database hooks without a server: every argument form and receiver shape
// the drivers accept (fakes shaped like pg, mysql2 and mariadb objects), span
// names and their fallbacks, batch sizes, failures recorded through the
// runtime, and the hook rules: no mutation of the caller's objects, no `then`
// read, no exception escaping for hostile input.
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { batchSize, dbSpanName } from '../../src/runtime/hooks/dbSpan.js';
import { mariadbBatchHooks, mariadbHooks, mysql2Hooks } from '../../src/runtime/hooks/mysql.js';
import { pgConnectHooks, pgHooks } from '../../src/runtime/hooks/pg.js';
import type { CallStart, Hooks } from '../../src/runtime/hooks/types.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { deepFreeze } from './harness.js';
import { dbSite, onlySpan, recordedMessages } from './dbHarness.js';

/** Runs `onStart` as the runtime does; returns the span name and attributes. */
function start(hooks: Hooks, args: unknown[], thisArg?: unknown): { name: string; attributes: Attributes } {
  const call: CallStart = { spec: { r: 'db.test', n: 'db.test', k: SpanKind.CLIENT, m: 'auto' }, thisArg, args, name: 'db.test', attributes: {} };
  hooks.onStart?.(call);
  return { name: call.name, attributes: call.attributes };
}

const pgClient = { connectionParameters: { host: 'db.internal', port: 5433, database: 'app', user: 'u', password: 'pw-secret' } };
const pgPool = (options: object) => ({ options: { max: 10, ...options } });

describe('pg', () => {
  it.each([
    ['text + values', ['SELECT * FROM t WHERE id = $1', [1]], 'SELECT * FROM t WHERE id = $1'],
    ['text + callback (inlined values)', ["SELECT * FROM t WHERE id = 1 AND s = 'x'", () => {}], 'SELECT * FROM t WHERE id = ? AND s = ?'],
    ['text + empty values', ['SELECT * FROM t WHERE id = 1', []], 'SELECT * FROM t WHERE id = ?'],
    ['config object', [{ text: 'SELECT * FROM t WHERE id = $1', values: [1], name: 'by-id', rowMode: 'array' }], 'SELECT * FROM t WHERE id = $1'],
    ['config object, values second', [{ text: 'SELECT * FROM t WHERE id = $1' }, [1]], 'SELECT * FROM t WHERE id = $1'],
    ['submittable', [{ text: 'SELECT * FROM t WHERE id = $1', values: [2], submit() {} }], 'SELECT * FROM t WHERE id = $1'],
  ])('%s', (_label, args, text) => {
    expect(start(pgHooks, args as unknown[], pgClient)).toEqual({
      name: 'SELECT t',
      attributes: {
        'db.system.name': 'postgresql',
        'server.address': 'db.internal',
        'server.port': 5433,
        'db.namespace': 'app',
        'db.query.text': text,
        'db.query.summary': 'SELECT t',
      },
    });
  });

  it.each([
    ['host options', { host: 'h1', port: '6432', database: 'd1' }, { 'server.address': 'h1', 'server.port': 6432, 'db.namespace': 'd1' }],
    ['a URL', { connectionString: 'postgres://u:pw-secret@db.example.com:6000/shop' }, { 'server.address': 'db.example.com', 'server.port': 6000, 'db.namespace': 'shop' }],
    ['a URL over the options', { host: 'ignored', connectionString: 'postgresql://u@[::1]/x%20y' }, { 'server.address': '::1', 'db.namespace': 'x y' }],
    ['a socket directory', { connectionString: 'postgres:///app?host=/run/postgresql' }, { 'server.address': '/run/postgresql', 'db.namespace': 'app' }],
    ['the socket: form', { connectionString: 'socket:/run/postgresql?db=app' }, { 'server.address': '/run/postgresql', 'db.namespace': 'app' }],
    ['no URL', { connectionString: 'host=h dbname=d', host: 'h2' }, { 'server.address': 'h2' }],
    ['nothing', {}, {}],
  ])('a pool from %s', (_label, options, endpoint) => {
    const { attributes } = start(pgHooks, ['SELECT 1'], pgPool(options));
    expect(attributes).toEqual({ 'db.system.name': 'postgresql', ...endpoint, 'db.query.text': 'SELECT ?', 'db.query.summary': 'SELECT' });
    expect(JSON.stringify(attributes)).not.toContain('pw-secret');
  });

  it('connect spans: pg.connect for a client, pg-pool.connect for a pool', () => {
    expect(start(pgConnectHooks, [], pgClient)).toEqual({
      name: 'pg.connect',
      attributes: { 'db.system.name': 'postgresql', 'server.address': 'db.internal', 'server.port': 5433, 'db.namespace': 'app' },
    });
    expect(start(pgConnectHooks, [() => {}], pgPool({ host: 'h' }))).toMatchObject({ name: 'pg-pool.connect', attributes: { 'server.address': 'h' } });
  });

  it('no text: the span is named after the target (namespace), else the system', () => {
    expect(start(pgHooks, [42], pgClient).name).toBe('app');
    expect(start(pgHooks, [], undefined).name).toBe('postgresql');
  });
});

describe('mysql2', () => {
  const connectionConfig = { host: 'my.internal', port: 3307, database: 'shop', user: 'root', password: 'pw-secret' };
  it.each([
    ['a connection', { config: connectionConfig }],
    ['a pool', { config: { connectionLimit: 5, connectionConfig } }],
    ['a promise pool', { pool: { config: { connectionConfig } } }],
    ['a promise connection', { connection: {}, get config() { return connectionConfig; } }],
  ])('endpoint of %s', (_label, self) => {
    const { attributes } = start(mysql2Hooks, ['SELECT * FROM t WHERE id = ?', [1], () => {}], self);
    expect(attributes).toEqual({
      'db.system.name': 'mysql',
      'server.address': 'my.internal',
      'server.port': 3307,
      'db.namespace': 'shop',
      'db.query.text': 'SELECT * FROM t WHERE id = ?',
      'db.query.summary': 'SELECT t',
    });
  });

  it('a Unix socket is the server address, with no port', () => {
    const { attributes } = start(mysql2Hooks, ['SELECT 1'], { config: { ...connectionConfig, socketPath: '/run/mysqld.sock' } });
    expect(attributes).toMatchObject({ 'server.address': '/run/mysqld.sock', 'db.namespace': 'shop' });
    expect(attributes).not.toHaveProperty('server.port');
  });

  it.each([
    ['(sql, cb): inlined', ["SELECT 1 FROM t WHERE a = 'x'", () => {}], 'SELECT ? FROM t WHERE a = ?'],
    ['(sql, values, cb)', ['SELECT 1 FROM t WHERE a = ?', ['x'], () => {}], 'SELECT 1 FROM t WHERE a = ?'],
    ['(sql, one value)', ['SELECT 1 FROM t WHERE a = ?', 'x'], 'SELECT 1 FROM t WHERE a = ?'],
    ['({ sql, values })', [{ sql: 'SELECT 1 FROM t WHERE a = ?', values: ['x'] }], 'SELECT 1 FROM t WHERE a = ?'],
    ['({ sql }, values)', [{ sql: 'SELECT 1 FROM t WHERE a = ?' }, ['x']], 'SELECT 1 FROM t WHERE a = ?'],
    ['({ sql }, cb): inlined', [{ sql: 'SELECT 1 FROM t WHERE a = 2' }, () => {}], 'SELECT ? FROM t WHERE a = ?'],
    ['named values', ['SELECT 1 FROM t WHERE a = :a', { a: 'x' }], 'SELECT 1 FROM t WHERE a = :a'],
  ])('%s', (_label, args, text) => {
    expect(start(mysql2Hooks, args as unknown[], undefined).attributes['db.query.text']).toBe(text);
  });
});

describe('mariadb', () => {
  const connection = { info: { database: 'shop', port: 3306, serverVersion: {} } };
  it('a connection tells its database and port; { sql, values } is read as the connector does', () => {
    expect(start(mariadbHooks, [{ sql: 'SELECT * FROM t WHERE a = ?', values: [1] }], connection)).toEqual({
      name: 'SELECT t',
      attributes: { 'db.system.name': 'mariadb', 'server.port': 3306, 'db.namespace': 'shop', 'db.query.text': 'SELECT * FROM t WHERE a = ?', 'db.query.summary': 'SELECT t' },
    });
    expect(start(mariadbHooks, ['SELECT 1'], {}).attributes).toEqual({ 'db.system.name': 'mariadb', 'db.query.text': 'SELECT ?', 'db.query.summary': 'SELECT' });
  });

  it.each([
    ['rows of arrays', 'INSERT INTO t VALUES (?, ?)', [[1, 'a'], [2, 'b'], [3, 'c']], 3],
    ['rows of objects', 'INSERT INTO t VALUES (:id)', [{ id: 1 }, { id: 2 }], 2],
    ['a flat array, one placeholder', 'DELETE FROM t WHERE id = ?', [1, 2, 3, 4], 4],
    ['an empty batch', 'DELETE FROM t WHERE id = ?', [], 0],
  ])('batch of %s', (_label, sql, values, size) => {
    expect(start(mariadbBatchHooks, [sql, values], connection).attributes).toMatchObject({ 'db.operation.batch.size': size });
  });

  it('one parameter set is no batch', () => {
    for (const values of [[1, 'a'], [[1, 'a']], 'x']) {
      const { name, attributes } = start(mariadbBatchHooks, ['INSERT INTO t VALUES (?, ?)', values], connection);
      expect(name).toBe('INSERT t');
      expect(attributes).not.toHaveProperty('db.operation.batch.size');
    }
  });

  it('batchSize', () => {
    expect(batchSize(undefined, 1)).toBe(1);
    expect(batchSize([new Date(), new Date()], 1)).toBe(2);
    expect(batchSize([Buffer.from('a'), 2], 2)).toBe(1);
  });
});

describe('span name', () => {
  it('summary, then operation and target, then target, then system', () => {
    expect(dbSpanName({ 'db.query.summary': 'SELECT t', 'db.operation.name': 'x' })).toBe('SELECT t');
    expect(dbSpanName({ 'db.operation.name': 'findMany', 'db.collection.name': 'users', 'db.namespace': 'app' })).toBe('findMany users');
    expect(dbSpanName({ 'db.operation.name': 'ping', 'server.address': 'h', 'server.port': 1 })).toBe('ping h:1');
    expect(dbSpanName({ 'db.stored_procedure.name': 'p', 'db.system.name': 'mysql' })).toBe('p');
    expect(dbSpanName({ 'db.system.name': 'mysql' })).toBe('mysql');
    expect(dbSpanName({})).toBe('db');
  });
});

describe('hook rules', () => {
  const all: [string, Hooks, unknown][] = [
    ['pg', pgHooks, pgClient],
    ['pg.connect', pgConnectHooks, pgPool({ host: 'h' })],
    ['mysql2', mysql2Hooks, { config: { host: 'h' } }],
    ['mariadb', mariadbHooks, { info: { port: 1 } }],
    ['mariadb.batch', mariadbBatchHooks, { info: { port: 1 } }],
  ];

  it.each(all)('%s: does not change the caller’s objects', (_id, hooks, self) => {
    const args = [deepFreeze({ text: 'SELECT $1', sql: 'SELECT ?', values: [[1], [2]] }), deepFreeze([[1], [2]])];
    const snapshot = JSON.stringify([args, self]);
    const call: CallStart = { spec: { r: 'x', n: 'x', k: 2, m: 'auto' }, thisArg: self, args: [...args], name: 'x', attributes: {} };
    hooks.onStart?.(call);
    expect(call.args).toEqual(args);
    expect(call.args[0]).toBe(args[0]);
    expect(JSON.stringify([args, self])).toBe(snapshot);
  });

  it.each(all)('%s: never reads `then`', (_id, hooks, self) => {
    const read: PropertyKey[] = [];
    const spy = <T extends object>(target: T): T => new Proxy(target, { get: (t, key, r) => (read.push(key), Reflect.get(t, key, r)) });
    start(hooks, [spy({ text: 'SELECT 1', sql: 'SELECT 1' }), spy([1])], spy(self as object));
    expect(read).not.toContain('then');
  });

  it.each(all)('%s: a hostile argument or receiver does not make the hook throw', (_id, hooks) => {
    const hostile = new Proxy({}, { get: () => { throw new Error('getter'); }, getPrototypeOf: () => { throw new Error('proto'); } });
    expect(() => start(hooks, [hostile, hostile], hostile)).not.toThrow();
    expect(() => start(hooks, ['SELECT 1', hostile], hostile)).not.toThrow();
    expect(start(hooks, [hostile], hostile).attributes['db.system.name']).toEqual(expect.any(String));
    const span = { setAttribute: () => span, recordException: () => {}, setStatus: () => span } as never;
    expect(() => hooks.onError?.(span, hostile, {} as CallStart)).not.toThrow();
  });
});

describe('failures through the runtime (fake clients)', () => {
  beforeAll(() => setupOtel());
  beforeEach(() => resetSpans());

  const failing = (error: unknown) => ({ info: { port: 3306 }, connectionParameters: { host: 'h' }, config: { host: 'h' }, query: () => Promise.reject(error) });

  it('mariadb: the echoed statement and values are cut from message and stack', async () => {
    const error = Object.assign(new Error("(conn:1, no: 1146, SQLState: 42S02) Table 't.x' doesn't exist\nsql: SELECT * FROM x WHERE a = ? - parameters:['pw-secret']"), {
      name: 'SqlError', errno: 1146, sqlState: '42S02', code: 'ER_NO_SUCH_TABLE',
    });
    const S = dbSite('mariadb.query', 'mariadb', 'promise');
    await expect(rt.method2(S, failing(error), 'query', 'SELECT * FROM x WHERE a = ?', ['pw-secret'])).rejects.toBe(error);
    expect(onlySpan()).toMatchObject({ status: 'error', events: ['exception'], attributes: { 'error.type': '1146', 'db.response.status_code': '1146' } });
    const messages = recordedMessages().join('\n');
    expect(messages).toContain("Table 't.x' doesn't exist");
    expect(messages).toContain('SqlError: (conn:1');
    expect(messages).toContain('    at ');
    expect(messages).not.toContain('pw-secret');
  });

  it.each([
    ['pg', { code: 'ECONNREFUSED', errno: -111 }, 'Error'],
    ['pg', { code: '42P01', severity: 'ERROR' }, '42P01'],
    ['mysql2', { code: 'ECONNREFUSED', errno: -111, fatal: true }, 'Error'],
    ['mysql2', { code: 'ER_DUP_ENTRY', errno: 1062, sqlState: '23000' }, '1062'],
    ['mariadb', { code: 'ER_GET_CONNECTION_TIMEOUT', errno: 45028, sqlState: 'HY000' }, 'Error'],
  ])('%s: %j → error.type %s', async (hook, fields, type) => {
    const S = dbSite(`${hook}.query`, hook, 'promise');
    await rt.method1(S, failing(Object.assign(new Error('boom'), fields)), 'query', 'SELECT 1').catch(() => undefined);
    const span = onlySpan();
    expect(span.attributes['error.type']).toBe(type);
    expect(span.attributes['db.response.status_code']).toBe(type === 'Error' ? undefined : type);
  });
});
