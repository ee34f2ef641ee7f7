/**
 * What the database hooks need to know about a SQL string, from one bounded
 * scan: the query summary (`db.query.summary`, also the span name), the
 * operation and the single table it names (for callers whose API states them,
 * see below), and the text with its inlined literals replaced by `?` (the
 * `db.query.text` of a query sent without separate values).
 *
 * Bounded: only the first {@link SQL_SCAN_LIMIT} characters are looked at; a
 * longer statement is summarised from its beginning and its sanitized text is
 * that prefix. Results are cached by text, literals or not (the same few
 * statements run again and again, `SELECT 1` included), so a repeated query
 * costs a map lookup; the cache is bounded and keeps what is used (see
 * {@link lookup}). Never throws: input that is not a string, or a failure
 * inside, yields an empty description.
 *
 * Values are kept as written, with no case normalisation (`select users`
 * stays lower case), as the conventions ask. Operation and table are what the
 * summary says at the outermost level; note that the SQL conventions say
 * `db.operation.name` and `db.collection.name` SHOULD NOT be extracted from
 * query text, so the query hooks set only the summary — these two are for
 * callers that know more (an ORM's `findMany` on one model, say).
 */
import { COMMENT, EOF, NUMBER, STRING, WORD, SqlScanner, type SqlDialect } from './sqlLexer.js';
import { KeywordTable } from './sqlKeywords.js';
import { SummaryBuilder } from './sqlSummary.js';

export type { SqlDialect } from './sqlLexer.js';

/** Characters of a statement that are scanned; the rest is ignored (and cut from sanitized text). */
export const SQL_SCAN_LIMIT = 8192;

/** Which SQL family the statement is written in (literal syntax differs). */
export interface SqlOptions {
  /** `postgresql`, `mysql` (MySQL and MariaDB) or `sqlite`. */
  readonly dialect: SqlDialect;
}

/** What {@link describeSql} found in a statement. */
export interface SqlDescription {
  /** Operation of the outermost statement as written (`SELECT`, `CREATE TABLE`); none for several statements. */
  readonly operation: string | undefined;
  /** The one table the statement names (CTEs aside), if it names exactly one. */
  readonly collection: string | undefined;
  /** `db.query.summary`: operations and targets in order, at most 255 characters. */
  readonly summary: string | undefined;
  /** Number of placeholders (`?`, `$1`; SQLite's `?1`, `:name`, `@name`, `$name`) in the scanned text. */
  readonly placeholders: number;
  /** The text with literals replaced by `?` and comments removed, when asked for. */
  readonly sanitized: string | undefined;
}

const EMPTY: SqlDescription = Object.freeze({
  operation: undefined,
  collection: undefined,
  summary: undefined,
  placeholders: 0,
  sanitized: undefined,
});

/** Entries per cache generation: at most twice this many statements are kept per dialect. */
const CACHE_MAX = 256;
// At most ~2 MB of keys per dialect: long ORM statements are the ones worth keeping.
const CACHEABLE_LENGTH = 4096;

/**
 * @internal A bounded cache in two generations: new entries go to `young`;
 * when it is full it becomes `old` (the previous `old` is dropped), and an
 * entry found in `old` moves back to `young`. A statement used at least once
 * every {@link CACHE_MAX} new statements stays; a stream of one-off texts
 * (inlined values, per-call comments) costs at most two maps of them.
 */
class DescriptionCache {
  private young = new Map<string, SqlDescription>();
  private old = new Map<string, SqlDescription>();

  get(sql: string): SqlDescription | undefined {
    const hit = this.young.get(sql);
    if (hit !== undefined || this.old.size === 0) return hit;
    const aged = this.old.get(sql);
    if (aged !== undefined) this.set(sql, aged);
    return aged;
  }

  set(sql: string, description: SqlDescription): void {
    if (this.young.size >= CACHE_MAX) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(sql, description);
  }
}

const caches: Record<SqlDialect, DescriptionCache> = { postgresql: new DescriptionCache(), mysql: new DescriptionCache(), sqlite: new DescriptionCache() };

const BOOLEANS = new KeywordTable(['TRUE', 'FALSE']);

/** @internal `true`/`false` (any case) at `[start, end)`: a boolean literal. */
function isBoolean(text: string, start: number, end: number): boolean {
  return BOOLEANS.lookup(text, start, end) !== '';
}

/** @internal One scan: summary state machine, and the sanitized copy when asked. */
function scan(sql: string, dialect: SqlDialect, sanitize: boolean): SqlDescription {
  const scanner = new SqlScanner(sql, SQL_SCAN_LIMIT, dialect);
  const text = scanner.text;
  const builder = new SummaryBuilder(text);
  let out = '';
  let copied = 0;
  for (let kind = scanner.next(); kind !== EOF; kind = scanner.next()) {
    const { start, pos } = scanner;
    if (kind === COMMENT) {
      if (!sanitize) continue;
      out += text.slice(copied, start);
      copied = pos;
      // `a/*x*/b` must not become `ab`
      if (start > 0 && text.charCodeAt(start - 1) > 32 && pos < text.length && text.charCodeAt(pos) > 32) out += ' ';
      continue;
    }
    if (sanitize && (kind === STRING || kind === NUMBER || (kind === WORD && isBoolean(text, start, pos)))) {
      out += `${text.slice(copied, start)}?`;
      copied = pos;
    }
    builder.token(kind, start, pos);
  }
  const summary = builder.summary();
  const single = builder.statements <= 1;
  const [only] = builder.targets;
  return {
    operation: single ? builder.operation : undefined,
    collection: single && builder.targets.size === 1 ? only : undefined,
    summary,
    placeholders: builder.placeholders,
    sanitized: sanitize ? out + text.slice(copied) : undefined,
  };
}

/**
 * Describes `sql` written in `options.dialect`; with `sanitize: true` the
 * result also carries the sanitized text. Cheap for repeated statements.
 */
export function describeSql(sql: string, options: SqlOptions & { readonly sanitize?: boolean }): SqlDescription {
  if (typeof sql !== 'string') return EMPTY;
  const dialect: SqlDialect = options.dialect === 'mysql' || options.dialect === 'sqlite' ? options.dialect : 'postgresql';
  const sanitize = options.sanitize === true;
  const cache = caches[dialect];
  const cacheable = sql.length <= CACHEABLE_LENGTH;
  const cached = cacheable ? cache.get(sql) : undefined;
  if (cached !== undefined && (!sanitize || cached.sanitized !== undefined)) return cached;
  try {
    const description = scan(sql, dialect, sanitize);
    if (cacheable) cache.set(sql, Object.freeze(description));
    return description;
  } catch {
    return EMPTY;
  }
}

/** `db.query.summary` of `sql` (`SELECT users orders`), or `undefined` when no operation is recognised. */
export function sqlQuerySummary(sql: string, options: SqlOptions): string | undefined {
  return describeSql(sql, options).summary;
}

/** The outermost operation of `sql` as written (`SELECT`, `CREATE TABLE`), if there is one statement. */
export function sqlOperationName(sql: string, options: SqlOptions): string | undefined {
  return describeSql(sql, options).operation;
}

/** The table `sql` names, if it names exactly one (CTEs are not tables). */
export function sqlCollectionName(sql: string, options: SqlOptions): string | undefined {
  return describeSql(sql, options).collection;
}

/**
 * `sql` with string, numeric, boolean, hex and bit literals replaced by `?`
 * and comments removed; placeholders stay. Cut at {@link SQL_SCAN_LIMIT}
 * characters. For non-parameterised queries only: parameterised text is
 * reported as sent.
 */
export function sanitizeSql(sql: string, options: SqlOptions): string {
  return describeSql(sql, { dialect: options.dialect, sanitize: true }).sanitized ?? '';
}
