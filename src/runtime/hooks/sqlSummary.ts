/**
 * The query summary of a SQL statement as the stable database conventions
 * describe it ("Generating a summary of the query"): the operations and their
 * targets in the order they appear, as written, e.g. `SELECT users orders`,
 * `INSERT shipping_details SELECT orders`, `SELECT SELECT orders` for a
 * derived table. Common table expressions are not targets (their names are
 * dropped, as the Java instrumentation does); the `WITH` itself is not an
 * operation.
 *
 * This is a token-driven state machine, not a parser: it recognises where a
 * statement, a FROM list, a JOIN or an INSERT/UPDATE/DELETE target begins and
 * reads the (qualified) name there. Tokens are pushed one at a time, so the
 * sanitizer can share the same scan.
 */
import { NUMBER, PARAM, PUNCT, QUOTED, STRING, WORD, type TokenKind } from './sqlLexer.js';
import {
  CALLS,
  DDL,
  DDL_NAMELESS,
  DDL_SKIP,
  DDL_TYPES,
  EXPLAIN_OPTIONS,
  KEYWORDS,
  LIST_END,
  NOT_TARGET,
  SET_OPS,
  TARGET_SKIP,
  WRITES,
} from './sqlKeywords.js';

const SUMMARY_MAX = 255;

const NONE = 0;
const TARGET = 1; // the next name is a target
const CTE_NAME = 2; // WITH ^name
const CTE_AS = 3; // WITH name ^[(columns)] AS
const CTE_OPEN = 4; // WITH name AS ^[NOT] [MATERIALIZED] (
const DDL_TYPE = 5; // CREATE ^[OR REPLACE ...] TABLE

// What the statement (or subquery) at a paren depth is doing.
const OP_SELECT = 1;
const OP_WRITE = 2; // INSERT, UPDATE, DELETE, MERGE: one target, read right after the verb
const OP_INDEX = 3; // CREATE INDEX: the target follows ON
const OP_OTHER = 4;

/**
 * Builds the summary from pushed tokens. Also records the outermost
 * statement's operation and the distinct targets, for `db.operation.name` and
 * `db.collection.name` where a caller may set them.
 * @internal
 */
export class SummaryBuilder {
  /** Summary words so far. */
  private readonly parts: string[] = [];
  private length = -1; // summary length without the first separator
  private full = false;
  /** The operation at the lowest depth seen, and that depth. */
  operation: string | undefined;
  private operationDepth = Infinity;
  /** Statements that produced an operation (`a; b`). */
  statements = 0;
  private statementHasOp = false;
  /** Distinct targets (CTE names excluded). */
  readonly targets = new Set<string>();
  /** `?` / `$n` placeholders seen. */
  placeholders = 0;

  private depth = 0;
  private readonly ops: number[] = [0];
  private readonly lists: boolean[] = [false];
  private expect = NONE;
  private atStart = true; // a statement (DML) may begin here
  private leading = true; // the next word is the statement's first
  private skipStatement = false;
  private explain = false;
  /** Target being read: parts joined by `.`; `dot` after a `.`. */
  private pending: string | undefined;
  private pendingCte = false;
  private dot = false;
  private ddl: string | undefined; // CREATE/DROP/... as written, until its type
  private readonly ctes = new Set<string>();
  private cteDepth = -1; // depth of the WITH whose list is being read
  private cteSkipTo = -1; // skipping a CTE column list until back at this depth
  private cteNext = false; // a CTE body just closed: `,` or the main statement follows

  constructor(private readonly text: string) {}

  /** The summary, `undefined` when no operation was recognised. */
  summary(): string | undefined {
    this.flush();
    return this.parts.length > 0 ? this.parts.join(' ') : undefined;
  }

  /** Feeds one token (comments excluded). */
  token(kind: TokenKind, start: number, end: number): void {
    if (kind === PARAM) this.placeholders++;
    if (this.pending !== undefined) {
      if (this.dot && (kind === WORD || kind === QUOTED || (kind === STRING && this.text.charCodeAt(start) === 34))) {
        this.pending += `.${this.text.slice(start, end)}`;
        this.pendingCte = false;
        this.dot = false;
        return;
      }
      if (!this.dot && kind === PUNCT && this.text.charCodeAt(start) === 46) {
        this.dot = true;
        return;
      }
      this.flush();
    }
    if (this.cteSkipTo >= 0) {
      if (kind === PUNCT) this.paren(this.text.charCodeAt(start));
      if (this.depth === this.cteSkipTo) this.cteSkipTo = -1;
      return;
    }
    if (this.cteNext) {
      this.cteNext = false;
      if (kind === PUNCT && this.text.charCodeAt(start) === 44) {
        this.expect = CTE_NAME;
        return;
      }
      this.atStart = true; // the main statement of the WITH
      this.cteDepth = -1;
    }
    if (kind === PUNCT) return this.punct(this.text.charCodeAt(start));
    if (this.skipStatement) return;
    if (kind === WORD) return this.word(start, end);
    if ((kind === QUOTED || (kind === STRING && this.text.charCodeAt(start) === 34)) && this.expect === TARGET) {
      this.pending = this.text.slice(start, end); // a quoted name; `'...'` is never taken as one
      this.pendingCte = this.ctes.size > 0 && this.ctes.has(this.pending);
      this.expect = NONE;
      return;
    }
    if (this.expect === CTE_NAME && kind === QUOTED) {
      this.ctes.add(this.text.slice(start, end));
      this.expect = CTE_AS;
      return;
    }
    this.atStart = this.leading = false;
    if (kind === NUMBER || kind === STRING || this.expect === TARGET) this.expect = NONE;
  }

  private punct(c: number): void {
    this.leading = false;
    if (c === 59) {
      // `;`: a new statement
      this.depth = 0;
      this.ops[0] = 0;
      this.lists[0] = false;
      this.expect = NONE;
      this.atStart = this.leading = true;
      this.skipStatement = this.explain = false;
      this.cteDepth = -1;
      this.statementHasOp = false;
      return;
    }
    if (this.skipStatement) return;
    if (c === 40 && this.expect === CTE_AS) {
      this.cteSkipTo = this.depth; // WITH name (columns): not a subquery
      this.paren(c);
      return;
    }
    const inList = this.expect === TARGET && this.lists[this.depth] === true;
    const cteBody = this.expect === CTE_OPEN;
    if (!this.paren(c)) {
      if (c === 44 && this.lists[this.depth]) this.expect = TARGET;
      else if (this.expect === TARGET || this.expect === DDL_TYPE) this.expect = NONE;
      this.atStart = false;
      return;
    }
    if (c === 40) {
      // `(`: a subquery may start; `FROM (a JOIN b)` keeps expecting a FROM item
      this.atStart = true;
      this.lists[this.depth] = inList;
      if (cteBody) this.expect = NONE;
    } else {
      this.atStart = false;
      if (this.expect !== CTE_NAME) this.expect = NONE;
      if (this.depth === this.cteDepth) this.cteNext = true;
    }
  }

  /** Tracks `(` and `)`; false for any other character. */
  private paren(c: number): boolean {
    if (c === 40) {
      this.depth++;
      this.ops[this.depth] = 0;
      this.lists[this.depth] = false;
      return true;
    }
    if (c === 41) {
      if (this.depth > 0) this.depth--;
      return true;
    }
    return false;
  }

  /** The word at `[start, end)`, as written. */
  private raw(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private word(start: number, end: number): void {
    // Most words are column names and the like: only keywords are recognised, and nothing is sliced for the rest.
    const upper = KEYWORDS.lookup(this.text, start, end);
    const depth = this.depth;
    if (this.explain && EXPLAIN_OPTIONS.has(upper)) return;
    if (this.expect === CTE_NAME) {
      if (upper === 'RECURSIVE') return;
      this.ctes.add(this.raw(start, end).toUpperCase());
      this.expect = CTE_AS;
      return;
    }
    if (this.expect === CTE_AS || this.expect === CTE_OPEN) {
      this.expect = CTE_OPEN; // AS, NOT, MATERIALIZED: the body's `(` comes next
      return;
    }
    if (this.expect === DDL_TYPE) return this.ddlWord(start, end, upper);
    if (this.expect === TARGET) {
      if (TARGET_SKIP.has(upper)) return;
      if (!NOT_TARGET.has(upper)) {
        this.pending = this.raw(start, end);
        this.pendingCte = this.ctes.size > 0 && this.ctes.has(this.pending.toUpperCase());
        this.expect = NONE;
        this.atStart = this.leading = false;
        return;
      }
      this.expect = NONE;
    }
    const leading = this.leading && depth === 0;
    const atStart = this.atStart;
    this.atStart = this.leading = false;
    if (upper === 'SELECT') {
      this.op(this.raw(start, end), OP_SELECT);
    } else if (atStart && WRITES.has(upper)) {
      this.op(this.raw(start, end), OP_WRITE);
      this.expect = TARGET;
    } else if (leading) {
      this.statement(start, end, upper);
    } else if (upper === 'FROM') {
      if (this.ops[depth] === OP_SELECT) {
        this.lists[depth] = true;
        this.expect = TARGET;
      }
    } else if (upper === 'JOIN' || upper === 'STRAIGHT_JOIN') {
      if (this.lists[depth]) this.expect = TARGET;
    } else if (upper === 'ON' && this.ops[depth] === OP_INDEX) {
      this.ops[depth] = OP_OTHER;
      this.expect = TARGET;
    } else if (LIST_END.has(upper)) {
      this.lists[depth] = false;
      if (SET_OPS.has(upper)) this.atStart = true;
    } else if (atStart && upper === 'WITH') {
      this.expect = CTE_NAME; // a WITH inside a subquery
      this.cteDepth = depth;
    }
  }

  /** The first word of a statement that is not SELECT/INSERT/UPDATE/DELETE/MERGE. */
  private statement(start: number, end: number, upper: string): void {
    if (upper === 'WITH') {
      this.expect = CTE_NAME;
      this.cteDepth = 0;
    } else if (DDL.has(upper)) {
      this.ddl = this.raw(start, end);
      this.expect = DDL_TYPE;
    } else if (upper === 'EXPLAIN') {
      this.op(this.raw(start, end), OP_OTHER);
      this.explain = this.atStart = true;
    } else if (CALLS.has(upper)) {
      this.op(this.raw(start, end), OP_OTHER);
      this.expect = TARGET;
    } else {
      this.op(this.raw(start, end), OP_OTHER); // BEGIN, SET, SHOW, GRANT, VALUES, ...: the verb alone
      this.skipStatement = true;
    }
  }

  /** CREATE/DROP/ALTER/TRUNCATE: modifiers, then the object type, then its name. */
  private ddlWord(start: number, end: number, upper: string): void {
    if (DDL_SKIP.has(upper)) return;
    const word = this.raw(start, end);
    const verb = this.ddl ?? '';
    if (upper === 'MATERIALIZED' || upper === 'FOREIGN' || upper === 'VIRTUAL') {
      this.ddl = `${verb} ${word}`;
      return;
    }
    this.expect = NONE;
    const space = verb.indexOf(' ');
    const first = space < 0 ? verb : verb.slice(0, space);
    // DROP TABLE a, b and TRUNCATE a, b name several; ALTER TABLE t ADD x, ADD y does not
    const many = /^(?:drop|truncate)$/i.test(first);
    if (DDL_TYPES.has(upper)) {
      const index = upper === 'INDEX';
      this.op(`${verb} ${word}`, index ? OP_INDEX : OP_OTHER);
      if (DDL_NAMELESS.has(upper)) this.skipStatement = true;
      else if (!index) {
        this.expect = TARGET;
        this.lists[0] = many;
      }
      return;
    }
    this.op(first, OP_OTHER);
    if (/^truncate$/i.test(first)) {
      this.expect = TARGET; // TRUNCATE t
      this.lists[0] = true;
      this.word(start, end);
    } else this.skipStatement = true;
  }

  private op(word: string, kind: number): void {
    this.explain = false;
    this.ops[this.depth] = kind;
    this.lists[this.depth] = false;
    if (!this.statementHasOp) {
      this.statementHasOp = true;
      this.statements++;
    }
    if (this.depth < this.operationDepth) {
      this.operation = word;
      this.operationDepth = this.depth;
    }
    this.add(word);
  }

  /** Emits the pending target, unless it names a CTE. */
  private flush(): void {
    const target = this.pending;
    if (target === undefined) return;
    this.pending = undefined;
    this.dot = false;
    if (this.pendingCte) return;
    this.targets.add(target);
    this.add(target);
  }

  /** Appends a word unless the summary would pass 255 characters; after that, nothing more. */
  private add(word: string): void {
    if (this.full) return;
    if (this.length + 1 + word.length > SUMMARY_MAX) {
      this.full = true;
      return;
    }
    this.length += 1 + word.length;
    this.parts.push(word);
  }
}
