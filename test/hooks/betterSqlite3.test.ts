// The better-sqlite3 hooks against a real SQLite (the native binding built by
// `npm run build:sqlite`; CI's Node 22 leg runs this file against better-sqlite3
// 13 through TRACEWRIGHT_BETTER_SQLITE3), driven through the runtime's call
// helpers as instrumented code calls them: exec, a statement's run/get/all,
// iterate (its span ends when iteration completes, stops or throws), SQL errors
// (SQLite result code), misuse errors, in-memory and file databases, and a
// transaction. Results are those of the plain calls and every span ends.
// Skipped when the binding is not built, failed under CI=true.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans } from '../helpers/otel.js';
import { nativeModule, nativeModuleDir, requireNative } from '../helpers/services.js';
import { CODE, dbSite, expectAllEnded, inParent, onlySpan } from './dbHarness.js';

type Database = BetterSqlite3.Database;
type Row = { id: number; name: string };

const up = nativeModule('better-sqlite3');
const SQLITE = { 'db.system.name': 'sqlite', ...CODE };
const DIR = nativeModuleDir('better-sqlite3');
const VERSION = (JSON.parse(readFileSync(join(DIR, 'package.json'), 'utf8')) as { version: string }).version;

describe.skipIf(!up)(`better-sqlite3 ${VERSION} on Node ${process.versions.node} (${DIR})`, () => {
  const Database = up ? requireNative<typeof BetterSqlite3>('better-sqlite3') : undefined!;
  const EXEC = dbSite('better-sqlite3.exec', 'better-sqlite3.exec', 'sync');
  const STATEMENT = dbSite('better-sqlite3.statement', 'better-sqlite3', 'sync');
  const ITERATE = dbSite('better-sqlite3.iterate', 'better-sqlite3', 'iterable');
  let dir = '';
  let file = '';
  let mem: Database;
  let disk: Database;

  beforeAll(() => {
    setupOtel();
    dir = mkdtempSync(join(tmpdir(), 'tw-sqlite-'));
    file = join(dir, 'app.db');
    mem = new Database(':memory:');
    disk = new Database(file);
    for (const db of [mem, disk]) db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO users VALUES (1, 'ada'), (2, 'bob'), (3, 'cy')`);
  });
  afterAll(() => {
    mem?.close();
    disk?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => resetSpans());

  it('exec: several statements, literals sanitized, the database returned; no namespace in memory', () => {
    const sql = "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT); INSERT INTO tags VALUES (1, 'secret-label')";
    expect(rt.method1(EXEC, mem, 'exec', sql)).toBe(mem);
    const span = onlySpan();
    expect(span).toMatchObject({ name: 'CREATE TABLE tags INSERT tags', kind: 'client', status: 'unset', events: [] });
    expect(span.attributes).toEqual({
      ...SQLITE,
      'db.query.text': 'CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT); INSERT INTO tags VALUES (?, ?)',
      'db.query.summary': 'CREATE TABLE tags INSERT tags',
    });
    expect(mem.prepare('SELECT label FROM tags').pluck().get()).toBe('secret-label');
    expectAllEnded();
  });

  it('run / get / all with values: results as without the wrapper, text as written, span attribute by attribute', () => {
    const select = mem.prepare<[number], Row>('SELECT id, name FROM users WHERE id >= ? ORDER BY id');
    const all: Row[] = rt.method1(STATEMENT, select, 'all', 2);
    expect(all).toEqual(select.all(2));
    expect(all).toEqual([{ id: 2, name: 'bob' }, { id: 3, name: 'cy' }]);
    const first: Row | undefined = rt.method1(STATEMENT, select, 'get', 3);
    expect(first).toEqual({ id: 3, name: 'cy' });
    expect(rt.method1(STATEMENT, select, 'get', 99)).toBeUndefined();
    const spans = simplifySpans(finishedSpans());
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      expect(span).toMatchObject({ name: 'SELECT users', kind: 'client', status: 'unset', events: [] });
      expect(span.attributes).toEqual({ ...SQLITE, 'db.query.text': select.source, 'db.query.summary': 'SELECT users' });
    }

    resetSpans();
    const insert = mem.prepare('INSERT INTO users (name) VALUES (@name)');
    const result: BetterSqlite3.RunResult = rt.method1(STATEMENT, insert, 'run', { name: 'dee' });
    expect(result).toEqual({ changes: 1, lastInsertRowid: 4 });
    expect(onlySpan()).toMatchObject({ name: 'INSERT users', attributes: { ...SQLITE, 'db.query.text': insert.source, 'db.query.summary': 'INSERT users' } });
    mem.prepare('DELETE FROM users WHERE id = 4').run();
    expectAllEnded();
  });

  it('a statement with inlined values: text sanitized; raw() rows (arrays) come back as they are', () => {
    const stmt = mem.prepare("SELECT id, name FROM users WHERE name = 'ada' OR id = 2 ORDER BY id").raw();
    const rows: unknown[][] = rt.method0(STATEMENT, stmt, 'all');
    expect(rows).toEqual([[1, 'ada'], [2, 'bob']]);
    expect(onlySpan().attributes['db.query.text']).toBe('SELECT id, name FROM users WHERE name = ? OR id = ? ORDER BY id');
    resetSpans();
    const row: unknown = rt.method0(STATEMENT, stmt, 'get');
    expect(row).toEqual([1, 'ada']);
    expect(Array.isArray(row)).toBe(true);
  });

  it('a file database: db.namespace is the file name it was opened with', () => {
    const stmt = disk.prepare<[], Row>('SELECT id, name FROM users ORDER BY id');
    expect(rt.method0(STATEMENT, stmt, 'all')).toEqual(stmt.all());
    expect(onlySpan().attributes).toEqual({ ...SQLITE, 'db.namespace': file, 'db.query.text': stmt.source, 'db.query.summary': 'SELECT users' });

    resetSpans();
    const temporary = new Database(''); // an anonymous temporary database: private, no name
    try {
      rt.method1(EXEC, temporary, 'exec', 'CREATE TABLE t (a)');
      expect(onlySpan().attributes['db.namespace']).toBeUndefined();
    } finally {
      temporary.close();
    }
  });

  it('iterate: the same rows; the span ends after the last one, not at the call', () => {
    const stmt = disk.prepare<[number], Row>('SELECT id, name FROM users WHERE id > ? ORDER BY id');
    const iterator: IterableIterator<Row> = rt.method1(ITERATE, stmt, 'iterate', 0);
    expect(finishedSpans()).toHaveLength(0);
    const first = iterator.next();
    expect(first).toEqual({ value: { id: 1, name: 'ada' }, done: false });
    expect(finishedSpans()).toHaveLength(0);
    const rest = [...iterator];
    expect([first.value, ...rest]).toEqual([...stmt.iterate(0)]);
    expect(onlySpan()).toMatchObject({ name: 'SELECT users', status: 'unset', attributes: { 'db.namespace': file, 'db.query.text': stmt.source } });
    expectAllEnded();
  });

  it('iterate: a break ends the span and closes the statement (the database is usable again)', () => {
    const stmt = mem.prepare<[], Row>('SELECT id FROM users ORDER BY id');
    const seen: number[] = [];
    for (const row of rt.method0(ITERATE, stmt, 'iterate') as Iterable<Row>) {
      seen.push(row.id);
      if (row.id === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(onlySpan()).toMatchObject({ name: 'SELECT users', status: 'unset' });
    // an unclosed iterator would leave the connection busy: this would throw
    expect(mem.prepare('UPDATE users SET name = name WHERE id = 1').run().changes).toBe(1);

    resetSpans();
    const iterator = rt.method0(ITERATE, stmt, 'iterate') as IterableIterator<Row>;
    expect(iterator.return?.()).toMatchObject({ done: true });
    expect(onlySpan().status).toBe('unset');
    expectAllEnded();
  });

  it('iterate: the loop body throwing ends the span (not as a failure); a failing step is recorded', () => {
    const stmt = mem.prepare<[], Row>('SELECT id FROM users ORDER BY id');
    const mine = new Error('mine');
    expect(() => {
      for (const _row of rt.method0(ITERATE, stmt, 'iterate') as Iterable<Row>) throw mine;
    }).toThrow(mine);
    expect(onlySpan()).toMatchObject({ status: 'unset', events: [] });

    resetSpans();
    mem.exec(`CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO docs VALUES (1, '{"a":1}'), (2, 'not json')`);
    resetSpans();
    const parse = mem.prepare("SELECT json_extract(body, '$.a') AS a FROM docs ORDER BY id");
    const iterator = rt.method0(ITERATE, parse, 'iterate') as IterableIterator<{ a: number }>;
    expect(iterator.next().value).toEqual({ a: 1 });
    let thrown: unknown;
    try {
      iterator.next();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Database.SqliteError);
    expect(onlySpan()).toMatchObject({
      status: 'error',
      events: ['exception'],
      attributes: { 'db.response.status_code': 'SQLITE_ERROR', 'error.type': 'SQLITE_ERROR', 'db.query.text': 'SELECT json_extract(body, ?) AS a FROM docs ORDER BY id' },
    });
    expectAllEnded();
  });

  it('SQL errors: the SQLite result code as status code and error.type, the same error thrown', () => {
    const insert = disk.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    let thrown: unknown;
    try {
      rt.method2(STATEMENT, insert, 'run', 1, 'duplicate');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Database.SqliteError);
    expect(thrown).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(onlySpan()).toMatchObject({
      name: 'INSERT users',
      status: 'error',
      events: ['exception'],
      attributes: { ...SQLITE, 'db.namespace': file, 'db.response.status_code': 'SQLITE_CONSTRAINT_PRIMARYKEY', 'error.type': 'SQLITE_CONSTRAINT_PRIMARYKEY' },
    });

    resetSpans();
    expect(() => rt.method1(EXEC, mem, 'exec', 'DELETE FROM tw_no_such_table')).toThrow(/no such table/);
    expect(onlySpan()).toMatchObject({ name: 'DELETE tw_no_such_table', attributes: { 'db.response.status_code': 'SQLITE_ERROR', 'error.type': 'SQLITE_ERROR' } });
    expectAllEnded();
  });

  it('misuse errors (no SQLite code): the error class as error.type, no status code', () => {
    const select = mem.prepare('SELECT name FROM users WHERE id = ?');
    expect(() => rt.method0(STATEMENT, select, 'get')).toThrow(RangeError);
    const span = onlySpan();
    expect(span).toMatchObject({ status: 'error', attributes: { 'error.type': 'RangeError' } });
    expect(span.attributes['db.response.status_code']).toBeUndefined();
  });

  it('a transaction: no span of its own; its statements are spans under the caller, a rollback keeps them', () => {
    const insert = mem.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    const insertMany = mem.transaction((rows: [number, string][]) => {
      for (const [id, name] of rows) rt.method2(STATEMENT, insert, 'run', id, name);
    });
    inParent(() => insertMany([[10, 'x'], [11, 'y']]));
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([['parent', null], ['INSERT users', 'parent'], ['INSERT users', 'parent']]);

    resetSpans();
    expect(() => inParent(() => insertMany([[12, 'z'], [10, 'again']]))).toThrow(Database.SqliteError);
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.status])).toEqual([['parent', 'unset'], ['INSERT users', 'unset'], ['INSERT users', 'error']]);
    expect(mem.prepare('SELECT count(*) FROM users WHERE id >= 10').pluck().get()).toBe(2); // 12 rolled back
    expectAllEnded();
  });
});
