// The SQL statement helpers: query summary (the conventions' "Generating a
// summary of the query"), operation and single table, and sanitization of
// inlined literals, for every dialect (PostgreSQL, MySQL, SQLite); bounded
// cost; never throwing.
import { describe, expect, it } from 'vitest';
import {
  describeSql,
  sanitizeSql,
  SQL_SCAN_LIMIT,
  sqlCollectionName,
  sqlOperationName,
  sqlQuerySummary,
  type SqlDialect,
} from '../../src/runtime/hooks/sqlStatement.js';

const pg = { dialect: 'postgresql' } as const;
const my = { dialect: 'mysql' } as const;
const lite = { dialect: 'sqlite' } as const;

/** [sql, summary, operation, collection] — the same in every dialect. */
const SUMMARIES: [string, string | undefined, string | undefined, string | undefined][] = [
  ['SELECT * FROM users WHERE id = $1', 'SELECT users', 'SELECT', 'users'],
  ['select id from users', 'select users', 'select', 'users'],
  ['  \n\t SELECT 1', 'SELECT', 'SELECT', undefined],
  ['SELECT * FROM users u JOIN orders o ON o.user_id = u.id', 'SELECT users orders', 'SELECT', undefined],
  ['SELECT * FROM users AS u, orders o LEFT OUTER JOIN items i ON i.o = o.id', 'SELECT users orders items', 'SELECT', undefined],
  ['SELECT * FROM t1, t2 JOIN t3 ON t2.id = t3.id, t4', 'SELECT t1 t2 t3 t4', 'SELECT', undefined],
  ['SELECT * FROM public.users', 'SELECT public.users', 'SELECT', 'public.users'],
  ['SELECT * FROM "My Schema"."User Table"', 'SELECT "My Schema"."User Table"', 'SELECT', '"My Schema"."User Table"'],
  ['SELECT * FROM `shop`.`order`', 'SELECT `shop`.`order`', 'SELECT', '`shop`.`order`'],
  ['SELECT * FROM db . schema . tbl', 'SELECT db.schema.tbl', 'SELECT', 'db.schema.tbl'],
  ['SELECT * FROM (SELECT * FROM orders o JOIN customers c ON o.c = c.id) x', 'SELECT SELECT orders customers', 'SELECT', undefined],
  ['SELECT * FROM users WHERE id IN (SELECT user_id FROM users)', 'SELECT users SELECT users', 'SELECT', 'users'],
  ['SELECT (SELECT max(id) FROM a), EXTRACT(YEAR FROM ts) FROM b', 'SELECT SELECT a b', 'SELECT', undefined],
  ['SELECT * FROM (t1), (t2)', 'SELECT t1 t2', 'SELECT', undefined],
  ['SELECT * FROM (a JOIN b ON a.id = b.id)', 'SELECT a b', 'SELECT', undefined],
  ['SELECT * FROM t1 CROSS JOIN LATERAL (SELECT * FROM t2) s', 'SELECT t1 SELECT t2', 'SELECT', undefined],
  ['SELECT * FROM generate_series(1, (SELECT max(id) FROM users))', 'SELECT generate_series SELECT users', 'SELECT', undefined],
  ['SELECT * FROM (VALUES (1), (2)) AS v(id) JOIN users u ON u.id = v.id', 'SELECT users', 'SELECT', 'users'],
  ['SELECT a FROM t1 UNION ALL SELECT a FROM t2', 'SELECT t1 SELECT t2', 'SELECT', undefined],
  ['(SELECT id FROM a) UNION (SELECT id FROM b)', 'SELECT a SELECT b', 'SELECT', undefined],
  ['SELECT * FROM users FOR UPDATE SKIP LOCKED', 'SELECT users', 'SELECT', 'users'],
  ['SELECT * INTO tmp FROM users', 'SELECT users', 'SELECT', 'users'],
  ['SELECT * FROM users ORDER BY (SELECT count(*) FROM orders)', 'SELECT users SELECT orders', 'SELECT', undefined],
  ['INSERT INTO users (id, name) VALUES ($1, $2)', 'INSERT users', 'INSERT', 'users'],
  ['insert into users values (?, ?)', 'insert users', 'insert', 'users'],
  ['INSERT IGNORE INTO logs SET msg = ?', 'INSERT logs', 'INSERT', 'logs'],
  ['INSERT INTO archive (id) SELECT o.id FROM orders o JOIN customers c ON o.c = c.id', 'INSERT archive SELECT orders customers', 'INSERT', undefined],
  ['INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)', 'INSERT t', 'INSERT', 't'],
  ['INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = excluded.a RETURNING *', 'INSERT t', 'INSERT', 't'],
  ['REPLACE INTO kv (k, v) VALUES (?, ?)', 'REPLACE kv', 'REPLACE', 'kv'],
  ['INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)', 'INSERT kv', 'INSERT', 'kv'],
  ['UPDATE OR IGNORE kv SET v = ? WHERE k = ?', 'UPDATE kv', 'UPDATE', 'kv'],
  ['UPDATE users SET name = $1 WHERE id = $2', 'UPDATE users', 'UPDATE', 'users'],
  ['UPDATE ONLY users SET n = (SELECT avg(n) FROM stats) FROM other WHERE users.id = other.id', 'UPDATE users SELECT stats', 'UPDATE', undefined],
  ['UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.a', 'UPDATE t1', 'UPDATE', 't1'],
  ['DELETE FROM sessions WHERE expires < now()', 'DELETE sessions', 'DELETE', 'sessions'],
  ['DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id', 'DELETE t1', 'DELETE', 't1'],
  ['DELETE FROM orders WHERE customer_id NOT IN (SELECT id FROM customers)', 'DELETE orders SELECT customers', 'DELETE', undefined],
  ['MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v', 'MERGE target', 'MERGE', 'target'],
  ['WITH recent AS (SELECT * FROM orders WHERE d > $1) SELECT * FROM recent JOIN users ON users.id = recent.u', 'SELECT orders SELECT users', 'SELECT', undefined],
  ['WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT * FROM n', 'SELECT SELECT SELECT', 'SELECT', undefined],
  ['WITH a AS (SELECT * FROM t1), b AS NOT MATERIALIZED (SELECT * FROM a JOIN t2 ON a.id = t2.id) SELECT * FROM b', 'SELECT t1 SELECT t2 SELECT', 'SELECT', undefined],
  ['WITH gone AS (DELETE FROM jobs WHERE done RETURNING *) INSERT INTO done_jobs SELECT * FROM gone', 'DELETE jobs INSERT done_jobs SELECT', 'INSERT', undefined],
  ['WITH users AS (SELECT * FROM active_users) SELECT * FROM users', 'SELECT active_users SELECT', 'SELECT', 'active_users'],
  ['WITH a AS (SELECT 1) SELECT count(*), max(x) FROM a JOIN b ON true', 'SELECT SELECT b', 'SELECT', 'b'],
  ['SELECT * FROM (WITH x AS (SELECT * FROM t) SELECT * FROM x) s', 'SELECT SELECT t SELECT', 'SELECT', 't'],
  ['CREATE TABLE users (id serial PRIMARY KEY, name text)', 'CREATE TABLE users', 'CREATE TABLE', 'users'],
  ['create  temporary table if not exists tmp_x (id int)', 'create table tmp_x', 'create table', 'tmp_x'],
  ['CREATE TABLE copy AS SELECT * FROM users', 'CREATE TABLE copy SELECT users', 'CREATE TABLE', undefined],
  ['CREATE OR REPLACE VIEW v AS SELECT * FROM t', 'CREATE VIEW v SELECT t', 'CREATE VIEW', undefined],
  ['CREATE MATERIALIZED VIEW mv AS SELECT * FROM t', 'CREATE MATERIALIZED VIEW mv SELECT t', 'CREATE MATERIALIZED VIEW', undefined],
  ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON ONLY users (a)', 'CREATE INDEX users', 'CREATE INDEX', 'users'],
  ['ALTER TABLE users ADD COLUMN a int, ADD COLUMN b int', 'ALTER TABLE users', 'ALTER TABLE', 'users'],
  ['DROP TABLE IF EXISTS a, b CASCADE', 'DROP TABLE a b', 'DROP TABLE', undefined],
  ['TRUNCATE TABLE logs', 'TRUNCATE TABLE logs', 'TRUNCATE TABLE', 'logs'],
  ['TRUNCATE logs, audit', 'TRUNCATE logs audit', 'TRUNCATE', undefined],
  ['CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(body)', 'CREATE VIRTUAL TABLE docs', 'CREATE VIRTUAL TABLE', 'docs'],
  ['CREATE TABLE kv (k TEXT PRIMARY KEY, v) WITHOUT ROWID', 'CREATE TABLE kv', 'CREATE TABLE', 'kv'],
  ['PRAGMA table_info(users)', 'PRAGMA', 'PRAGMA', undefined],
  ['CREATE USER bob WITH PASSWORD $1', 'CREATE USER', 'CREATE USER', undefined],
  ['CALL refresh_totals(1, 2)', 'CALL refresh_totals', 'CALL', 'refresh_totals'],
  ['EXPLAIN ANALYZE SELECT * FROM users', 'EXPLAIN SELECT users', 'EXPLAIN', 'users'],
  ['BEGIN', 'BEGIN', 'BEGIN', undefined],
  ['SET search_path TO app, public', 'SET', 'SET', undefined],
  ['SHOW TABLES', 'SHOW', 'SHOW', undefined],
  ['SELECT 1; SELECT * FROM users', 'SELECT SELECT users', undefined, undefined],
  ['/* leading comment */ -- and another\n SELECT * FROM /* inline */ users', 'SELECT users', 'SELECT', 'users'],
  ['SELECT * FROM "SELECT" WHERE "FROM" = $1', 'SELECT "SELECT"', 'SELECT', '"SELECT"'],
  ['', undefined, undefined, undefined],
  ['   ', undefined, undefined, undefined],
  ['(((', undefined, undefined, undefined],
  ['not sql at all', 'not', 'not', undefined],
];

describe('summary, operation, collection', () => {
  it.each(SUMMARIES)('%j', (sql, summary, operation, collection) => {
    for (const options of [pg, my, lite]) {
      expect(sqlQuerySummary(sql, options)).toBe(summary);
      expect(sqlOperationName(sql, options)).toBe(operation);
      expect(sqlCollectionName(sql, options)).toBe(collection);
    }
  });

  it('never takes a single-quoted string as a table name; "..." is a name in both dialects', () => {
    expect(sqlQuerySummary(`SELECT * FROM "song list", 'artists'`, pg)).toBe('SELECT "song list"');
    expect(sqlQuerySummary(`SELECT * FROM "song list", 'artists'`, my)).toBe('SELECT "song list"');
  });

  it('truncates the summary at 255 characters, never inside a word', () => {
    const tables = Array.from({ length: 40 }, (_, i) => `table_number_${i}`);
    const summary = sqlQuerySummary(`SELECT * FROM ${tables.join(', ')}`, pg) ?? '';
    expect(summary.length).toBeLessThanOrEqual(255);
    expect(summary.length).toBeGreaterThan(230);
    expect(summary.split(' ').slice(1)).toEqual(tables.slice(0, summary.split(' ').length - 1));
  });

  it('counts placeholders', () => {
    expect(describeSql('INSERT INTO t VALUES (?, ?, "?")', my).placeholders).toBe(2);
    expect(describeSql('SELECT $1, $2, \'$3\'', pg).placeholders).toBe(2);
    expect(describeSql("SELECT ?, ?12, :a, @b, $c, ':d', [?]", lite).placeholders).toBe(5);
  });

  it('SQLite: [bracketed] names are targets', () => {
    expect(sqlQuerySummary('SELECT * FROM main.users JOIN [order items] oi ON oi.u = users.id', lite)).toBe('SELECT main.users [order items]');
    expect(sqlQuerySummary('INSERT INTO [my table] VALUES (1)', lite)).toBe('INSERT [my table]');
  });
});

/** [dialect, sql, sanitized] */
const SANITIZED: [SqlDialect, string, string][] = [
  ['postgresql', "SELECT * FROM users WHERE name = 'bob' AND age > 42", 'SELECT * FROM users WHERE name = ? AND age > ?'],
  ['postgresql', 'SELECT 7, -7, +7, 7.5, -.5, 1.5e10, 1e-3, 0xFF, 0b101', 'SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?'],
  ['postgresql', 'SELECT 2+2, x - 1, x-1', 'SELECT ??, x - ?, x?'],
  ['postgresql', "SELECT 'it''s', E'esc\\'aped', 'C:\\' , 'after'", 'SELECT ?, ?, ? , ?'],
  ['postgresql', "SELECT B'0101', X'1F', N'nat', U&'d\\0061t'", 'SELECT ?, ?, ?, U&?'],
  ['postgresql', 'SELECT $$dollar $quoted$$, $tag$ it\'s $$ $tag$, $1', 'SELECT ?, ?, $1'],
  ['postgresql', 'SELECT "quoted id" FROM t1 WHERE c3po = 1 AND r2d2 = 2', 'SELECT "quoted id" FROM t1 WHERE c3po = ? AND r2d2 = ?'],
  ['postgresql', "SELECT '2024-01-01'::date, interval '1 day', true, FALSE, NULL", 'SELECT ?::date, interval ?, ?, ?, NULL'],
  ['postgresql', 'SELECT a -- secret 123\nFROM t /* pw: hunter2 /* nested */ still */ WHERE b = 1', 'SELECT a \nFROM t  WHERE b = ?'],
  ['postgresql', 'SELECT a/*x*/FROM t', 'SELECT a FROM t'],
  ['postgresql', "SELECT * FROM t WHERE a = 'unterminated", 'SELECT * FROM t WHERE a = ?'],
  ['postgresql', 'SELECT a #> \'{b}\' FROM t', 'SELECT a #> ? FROM t'],
  ['mysql', "SELECT * FROM users WHERE name = \"bob\" AND pw = 'it\\'s' AND n = 5", 'SELECT * FROM users WHERE name = ? AND pw = ? AND n = ?'],
  ['mysql', "SELECT 'a\\\\' , 'b'", 'SELECT ? , ?'],
  ['mysql', 'SELECT `col`, x\'41\', 0x1F, _utf8mb4\'txt\' FROM `t`', 'SELECT `col`, ?, ?, _utf8mb4? FROM `t`'],
  ['mysql', "SELECT a # comment 'x'\nFROM t -- c\nWHERE b = 1", 'SELECT a \nFROM t \nWHERE b = ?'],
  ['mysql', 'SELECT 5--1', 'SELECT ?-?'], // MySQL: `--` without a space is not a comment
  ['mysql', 'SELECT * FROM t WHERE a IN (1, 2, 3) AND b = ?', 'SELECT * FROM t WHERE a IN (?, ?, ?) AND b = ?'],
  ['sqlite', "SELECT * FROM users WHERE name = 'bob' AND age > 42 AND ok = TRUE", 'SELECT * FROM users WHERE name = ? AND age > ? AND ok = ?'],
  ['sqlite', "SELECT 'it''s', 'C:\\' , X'1F', 0x1F, -1.5e3", 'SELECT ?, ? , ?, ?, ?'],
  ['sqlite', 'SELECT "quoted id", `tick`, [it\'s] FROM t WHERE a = 1', 'SELECT "quoted id", `tick`, [it\'s] FROM t WHERE a = ?'],
  ['sqlite', 'SELECT * FROM t WHERE a = ?1 AND b = :b AND c = @c AND d = $d AND e = 5', 'SELECT * FROM t WHERE a = ?1 AND b = :b AND c = @c AND d = $d AND e = ?'],
  ['sqlite', "SELECT a -- secret 'x'\nFROM t /* pw: /* */ WHERE b = 'y'", 'SELECT a \nFROM t  WHERE b = ?'],
];

describe('sanitizeSql', () => {
  it.each(SANITIZED)('%s: %j', (dialect, sql, sanitized) => {
    expect(sanitizeSql(sql, { dialect })).toBe(sanitized);
  });

  it('a wrong quote in one dialect never exposes a later literal in the other', () => {
    // PostgreSQL: a backslash does not escape, so 'C:\' ends there.
    expect(sanitizeSql("WHERE a = 'C:\\' AND b = 'secret'", pg)).toBe('WHERE a = ? AND b = ?');
    // MySQL: it does, so the literal runs on; nothing after it is shown.
    expect(sanitizeSql("WHERE a = 'it\\'s' AND b = 'secret'", my)).toBe('WHERE a = ? AND b = ?');
    // SQLite: a quote inside [a name] opens no literal; E'...' takes no backslash escapes.
    expect(sanitizeSql("SELECT [it's] FROM t WHERE b = 'secret'", lite)).toBe('SELECT [it\'s] FROM t WHERE b = ?');
    expect(sanitizeSql("SELECT e'a\\' AND b = 'secret'", lite)).toBe('SELECT ? AND b = ?');
    // block comments do not nest: what follows the first `*/` is statement text, sanitized.
    expect(sanitizeSql("/* a /* b */ SELECT 'secret' /* c */", lite)).toBe(' SELECT ? ');
  });

  it('cuts a long statement at the scan limit, masking a literal cut in half', () => {
    const sql = `SELECT * FROM t WHERE a = '${'x'.repeat(SQL_SCAN_LIMIT)}' AND b = 'tail'`;
    expect(sanitizeSql(sql, pg)).toBe('SELECT * FROM t WHERE a = ?');
    const many = `INSERT INTO t VALUES ${Array.from({ length: 5000 }, (_, i) => `(${i}, 'v${i}')`).join(', ')}`;
    const cut = sanitizeSql(many, my);
    expect(cut.length).toBeLessThanOrEqual(SQL_SCAN_LIMIT);
    expect(cut).toMatch(/^INSERT INTO t VALUES \(\?, \?\), \(\?, \?\)/);
    expect(cut).not.toMatch(/\d|v\d/);
    expect(sqlQuerySummary(many, my)).toBe('INSERT t');
  });
});

describe('cost and robustness', () => {
  it('a huge statement costs about as much as its first 8 KiB', () => {
    // flat (not a rope), so that the first call does not pay for flattening 6 MB
    const huge = Buffer.from(`SELECT * FROM t WHERE a IN (${'1, '.repeat(2_000_000)}1)`).toString();
    describeSql(huge, { dialect: 'postgresql', sanitize: true });
    const started = performance.now();
    for (let i = 0; i < 20; i++) describeSql(huge, { dialect: 'postgresql', sanitize: true });
    // scanning all 6 MB would take tens of milliseconds per call
    expect((performance.now() - started) / 20).toBeLessThan(10);
  });

  it('caches statements by text, with or without literals', () => {
    const a = describeSql('SELECT * FROM cached_table WHERE id = $1', pg);
    expect(describeSql('SELECT * FROM cached_table WHERE id = $1', pg)).toBe(a);
    const b = describeSql("SELECT * FROM t WHERE s = 'x'", pg);
    expect(describeSql("SELECT * FROM t WHERE s = 'x'", pg)).toBe(b);
    const one = describeSql('SELECT 1', { dialect: 'postgresql', sanitize: true });
    expect(describeSql('SELECT 1', { dialect: 'postgresql', sanitize: true })).toBe(one);
    expect(one.sanitized).toBe('SELECT ?');
    // a cached entry without sanitized text is completed when asked for it
    expect(describeSql('SELECT * FROM cached_table WHERE id = $1', { dialect: 'postgresql', sanitize: true }).sanitized).toBe(
      'SELECT * FROM cached_table WHERE id = $1',
    );
  });

  it('keeps a statement in use while a stream of one-off statements passes through the bounded cache', () => {
    const hot = describeSql('SELECT * FROM hot_table', pg);
    const first = describeSql('SELECT * FROM t WHERE id = -1', pg);
    for (let i = 0; i < 5000; i++) {
      describeSql(`SELECT * FROM t WHERE id = ${i}`, pg);
      if (i % 100 === 0) expect(describeSql('SELECT * FROM hot_table', pg)).toBe(hot);
    }
    // the one-off statements of long ago are gone: the cache holds at most two generations
    const again = describeSql('SELECT * FROM t WHERE id = -1', pg);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('never throws, whatever it is given', () => {
    for (const bad of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(describeSql(bad as unknown as string, pg)).toMatchObject({ summary: undefined, sanitized: undefined });
      expect(sanitizeSql(bad as unknown as string, pg)).toBe('');
    }
    for (const text of ["'", '"', '`', '[', '[a', '?1', ':', ':a', '@', '$', '$a', '$$', '/*', '--', '#', '.', '0x', '1e', '-', 'E', "E'", 'WITH', 'WITH a', 'WITH a (', 'CREATE', 'SELECT * FROM', 'FROM (']) {
      expect(() => describeSql(text, { dialect: 'postgresql', sanitize: true })).not.toThrow();
      expect(() => describeSql(text, { dialect: 'mysql', sanitize: true })).not.toThrow();
      expect(() => describeSql(text, { dialect: 'sqlite', sanitize: true })).not.toThrow();
    }
  });
});
