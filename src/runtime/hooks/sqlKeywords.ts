/**
 * The keywords the query summary reacts to, grouped by what they do, and a
 * table that recognises them in any case without slicing the text. All
 * `@internal` to the SQL helpers.
 */

/**
 * Case-insensitive keyword recognition without allocating: a word's hash is
 * looked up, and a candidate is confirmed character by character. Only
 * keywords (and the few names a caller keeps) are ever sliced from the text.
 * @internal
 */
export class KeywordTable {
  private readonly byHash = new Map<number, string[]>();
  /** Per (upper-case ASCII) first letter, a bit per keyword length: rejects most words before hashing. */
  private readonly lengths = new Uint32Array(128);

  /** `keywords` in upper case, 2 to 16 characters. */
  constructor(keywords: Iterable<string>) {
    for (const k of keywords) {
      this.lengths[k.charCodeAt(0) & 127] |= 1 << k.length;
      const h = hashRange(k, 0, k.length);
      const same = this.byHash.get(h);
      if (same === undefined) this.byHash.set(h, [k]);
      else if (!same.includes(k)) same.push(k);
    }
  }

  /** The keyword (upper case) written at `text[start, end)` in any case, or `''`. */
  lookup(text: string, start: number, end: number): string {
    const n = end - start;
    if (n < 2 || n > 16) return '';
    const c = text.charCodeAt(start);
    if (c >= 128 || (this.lengths[c >= 97 && c <= 122 ? c - 32 : c]! & (1 << n)) === 0) return '';
    const candidates = this.byHash.get(hashRange(text, start, end));
    if (candidates === undefined) return '';
    for (const k of candidates) if (k.length === n && sameWord(text, start, k)) return k;
    return '';
  }
}

/** @internal Whether `text` at `start` spells the upper-case `keyword` in any (ASCII) case. */
function sameWord(text: string, start: number, keyword: string): boolean {
  for (let i = 0; i < keyword.length; i++) {
    const c = text.charCodeAt(start + i);
    if ((c >= 97 && c <= 122 ? c - 32 : c) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

/** @internal Case-folded (ASCII) string hash of `text[start, end)`. */
function hashRange(text: string, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    h = (Math.imul(h, 31) + (c >= 97 && c <= 122 ? c - 32 : c)) | 0;
  }
  return h;
}

const words = (s: string): Set<string> => new Set(s.split(' '));
/** @internal Statements whose one target follows the verb (after {@link TARGET_SKIP} words). */
export const WRITES = words('INSERT REPLACE UPDATE DELETE MERGE UPSERT');
/** @internal Schema statements: verb, modifiers, object type, name. */
export const DDL = words('CREATE DROP ALTER TRUNCATE');
/** @internal Object types named in the operation (`CREATE TABLE`). */
export const DDL_TYPES = words('TABLE VIEW INDEX SEQUENCE SCHEMA DATABASE FUNCTION PROCEDURE TRIGGER TYPE EXTENSION DOMAIN EVENT USER ROLE');
/** @internal Types whose name is an account, not a target: not read. */
export const DDL_NAMELESS = words('USER ROLE');
/** @internal Modifiers between a schema verb and its type, left out of the operation. */
export const DDL_SKIP = words('OR REPLACE TEMP TEMPORARY UNLOGGED GLOBAL LOCAL UNIQUE ONLINE OFFLINE FULLTEXT SPATIAL');
/** @internal Words between a verb (or FROM, JOIN, a comma) and its target. */
export const TARGET_SKIP = words(
  'INTO IGNORE LOW_PRIORITY DELAYED HIGH_PRIORITY QUICK OR REPLACE ROLLBACK ABORT FAIL ONLY FROM LATERAL IF NOT EXISTS CONCURRENTLY',
);
/** @internal Keywords that can never be a target: where one is expected, it ends the expectation. */
export const NOT_TARGET = words(
  'SELECT VALUES SET WHERE ON USING AS DEFAULT WITH GROUP ORDER HAVING LIMIT UNION INTERSECT EXCEPT MINUS JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL STRAIGHT_JOIN RETURNING WINDOW FOR OFFSET FETCH PARTITION',
);
/** @internal Clauses after which a comma no longer separates FROM items. */
export const LIST_END = words('WHERE GROUP HAVING ORDER LIMIT OFFSET FETCH WINDOW UNION INTERSECT EXCEPT MINUS FOR RETURNING SET VALUES INTO PROCEDURE LOCK');
/** @internal Set operations: a new SELECT may follow. */
export const SET_OPS = words('UNION INTERSECT EXCEPT MINUS');
/** @internal Procedure calls: the name that follows is the target. */
export const CALLS = words('CALL EXEC EXECUTE');
/** @internal Options between EXPLAIN and the explained statement. */
export const EXPLAIN_OPTIONS = words('ANALYZE ANALYSE VERBOSE EXTENDED PARTITIONS FORMAT QUERY PLAN');
/** @internal Every keyword above, for {@link KeywordTable.lookup}. */
export const KEYWORDS = new KeywordTable([
  ...words('SELECT FROM JOIN STRAIGHT_JOIN ON WITH RECURSIVE EXPLAIN MATERIALIZED FOREIGN VIRTUAL INDEX'),
  ...[WRITES, DDL, DDL_TYPES, DDL_SKIP, TARGET_SKIP, NOT_TARGET, LIST_END, CALLS, EXPLAIN_OPTIONS].flatMap((set) => [...set]),
]);
