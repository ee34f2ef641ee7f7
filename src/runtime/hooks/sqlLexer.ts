/**
 * A small SQL tokenizer for the statement helpers (`sqlStatement.ts`): it
 * tells literals, identifiers, comments and punctuation apart, which is all
 * the summary and the sanitizer need. It never allocates per token (the
 * current token is a `[start, pos)` range of the text) and never reads past
 * `end`, so its cost is bounded by the caller's scan limit.
 *
 * The dialect matters where the SQL families disagree and a wrong guess
 * would leak a literal: MySQL/MariaDB strings take backslash escapes and
 * `"..."` is a string there; PostgreSQL strings do not (except `E'...'`),
 * `"..."` is an identifier, `$1` a parameter and `$tag$...$tag$` a string.
 * SQLite takes PostgreSQL's side on quotes (no backslash escapes, no `E`
 * prefix; `"..."` an identifier, as better-sqlite3 builds SQLite without
 * double-quoted string literals, `SQLITE_DQS=0`), and adds `[name]`
 * identifiers, which may hold a quote (`[it's]`), block comments that do
 * not nest, and the parameters `?NNN`, `:name`, `@name` and `$name`.
 */

/** The SQL family a statement is written for (SQLite, for better-sqlite3). */
export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite';

/** @internal End of the scanned text. */
export const EOF = 0;
/** @internal An unquoted word: keyword or identifier. */
export const WORD = 1;
/** @internal A quoted identifier: `"name"` (PostgreSQL, SQLite), `` `name` `` or SQLite's `[name]`. */
export const QUOTED = 2;
/** @internal A string literal, prefix included (`'a'`, `E'a'`, `X'41'`, `$$a$$`, MySQL `"a"`). */
export const STRING = 3;
/** @internal A numeric literal, a sign directly before it included. */
export const NUMBER = 4;
/** @internal A placeholder: `?`, `$1`; in SQLite also `?1`, `:name`, `@name`, `$name`. */
export const PARAM = 5;
/** @internal A comment (`-- ...`, `/* ... *\/`, MySQL `# ...`). */
export const COMMENT = 6;
/** @internal Any other single character: `(`, `)`, `,`, `;`, `.`, operators. */
export const PUNCT = 7;

/** @internal Token kinds. */
export type TokenKind = number;

const SPACE_MAX = 32; // space and control characters separate tokens
/** Letters (lower case) that turn a following `'...'` into a prefixed literal: B'01', E'\n', N'a', X'41'. */
const PREFIXES = new Set([98, 101, 110, 120]);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}
function isWordPart(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 36; // `$` continues identifiers in both families
}

/**
 * Scans the first `limit` characters of a statement one token at a time:
 * call `next()`, then read `kind`, `start` and `pos`. `pos` may be assigned
 * to rewind to an earlier token end.
 * @internal
 */
export class SqlScanner {
  /** Kind of the current token. */
  kind: TokenKind = EOF;
  /** Start of the current token. */
  start = 0;
  /** End of the current token (where the next scan starts). */
  pos = 0;
  /** The scanned text: the input cut at the scan limit. */
  readonly text: string;
  /** `text.length`. */
  readonly end: number;
  private readonly mysql: boolean;
  private readonly sqlite: boolean;

  constructor(input: string, limit: number, dialect: SqlDialect) {
    // Cut first, so that no search (a dollar-quote's end) runs past the limit.
    this.text = input.length > limit ? input.slice(0, limit) : input;
    this.end = this.text.length;
    this.mysql = dialect === 'mysql';
    this.sqlite = dialect === 'sqlite';
  }

  /** The character code at `i`, or -1 past the end. */
  private at(i: number): number {
    return i < this.end ? this.text.charCodeAt(i) : -1;
  }

  /** Advances to the next token (white space is skipped) and returns its kind. */
  next(): TokenKind {
    let i = this.pos;
    while (i < this.end && this.text.charCodeAt(i) <= SPACE_MAX) i++;
    this.start = i;
    if (i >= this.end) {
      this.pos = this.end;
      return (this.kind = EOF);
    }
    const c = this.text.charCodeAt(i);
    const d = this.at(i + 1);
    let kind: TokenKind = PUNCT;
    let to = i + 1;
    if (c === 39) {
      to = this.quoted(i + 1, 39, this.mysql); // '...'
      kind = STRING;
    } else if (c === 34) {
      to = this.quoted(i + 1, 34, this.mysql); // "...": a string in MySQL, a name in PostgreSQL
      kind = this.mysql ? STRING : QUOTED;
    } else if (c === 96) {
      to = this.quoted(i + 1, 96, false);
      kind = QUOTED;
    } else if (c === 91 && this.sqlite) {
      const close = this.text.indexOf(']', i + 1); // [name]: no escapes inside
      to = close < 0 ? this.end : close + 1;
      kind = QUOTED;
    } else if (isDigit(c) || (c === 46 && isDigit(d))) {
      to = this.number(i);
      kind = NUMBER;
    } else if ((c === 43 || c === 45) && (isDigit(d) || (d === 46 && isDigit(this.at(i + 2))))) {
      to = this.number(i + 1); // a sign belongs to the literal: `-12` is one value
      kind = NUMBER;
    } else if (c === 45 && d === 45 && (!this.mysql || this.at(i + 2) <= SPACE_MAX)) {
      to = this.lineEnd(i + 2); // MySQL needs white space (or the end) after `--`
      kind = COMMENT;
    } else if (c === 35 && this.mysql) {
      to = this.lineEnd(i + 1);
      kind = COMMENT;
    } else if (c === 47 && d === 42) {
      to = this.blockEnd(i + 2);
      kind = COMMENT;
    } else if (c === 63) {
      kind = PARAM;
      if (this.sqlite) while (to < this.end && isDigit(this.text.charCodeAt(to))) to++; // ?NNN
    } else if (this.sqlite && (c === 58 || c === 64 || c === 36) && isWordPart(d)) {
      to = i + 2; // :name, @name, $name
      while (to < this.end && isWordPart(this.text.charCodeAt(to))) to++;
      kind = PARAM;
    } else if (c === 36 && !this.mysql && !this.sqlite) {
      kind = this.dollar(i);
      to = this.pos;
    } else if (isLetter(c) || c === 36) {
      to = i + 1;
      while (to < this.end && isWordPart(this.text.charCodeAt(to))) to++;
      kind = WORD;
      if (to === i + 1 && this.at(to) === 39 && PREFIXES.has(c | 32)) {
        // B'01', E'a\'b', N'abc', X'41': the prefix is part of the literal
        to = this.quoted(to + 1, 39, this.mysql || (!this.sqlite && (c === 69 || c === 101)));
        kind = STRING;
      }
    }
    this.pos = to;
    return (this.kind = kind);
  }

  /** End of a literal opened before `i`: a doubled quote stays inside; `\` escapes if asked. */
  private quoted(i: number, quote: number, backslash: boolean): number {
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (c === 92 && backslash) i += 2;
      else if (c !== quote) i++;
      else if (this.at(i + 1) === quote) i += 2;
      else return i + 1;
    }
    return this.end; // unterminated (or cut at the scan limit): the rest is the literal
  }

  private number(i: number): number {
    if (this.text.charCodeAt(i) === 48) {
      const x = this.at(i + 1) | 32; // 0x.., 0b.., 0o..
      if ((x === 120 && isHexDigit(this.at(i + 2))) || ((x === 98 || x === 111) && isDigit(this.at(i + 2)))) {
        i += 2;
        while (i < this.end && (isHexDigit(this.text.charCodeAt(i)) || this.text.charCodeAt(i) === 95)) i++;
        return i;
      }
    }
    while (i < this.end && (isDigit(this.text.charCodeAt(i)) || this.text.charCodeAt(i) === 95)) i++;
    if (this.at(i) === 46) {
      i++;
      while (i < this.end && isDigit(this.text.charCodeAt(i))) i++;
    }
    const e = this.at(i) | 32;
    if (e === 101) {
      const s = this.at(i + 1);
      const first = s === 43 || s === 45 ? i + 2 : i + 1;
      if (isDigit(this.at(first))) {
        i = first;
        while (i < this.end && isDigit(this.text.charCodeAt(i))) i++;
      }
    }
    return i;
  }

  private lineEnd(i: number): number {
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (c === 10 || c === 13) return i;
      i++;
    }
    return this.end;
  }

  /** End of a block comment; PostgreSQL nests them, MySQL and SQLite do not. */
  private blockEnd(i: number): number {
    let depth = 1;
    while (i < this.end) {
      const c = this.text.charCodeAt(i);
      if (c === 42 && this.at(i + 1) === 47) {
        i += 2;
        if (--depth === 0) return i;
      } else if (c === 47 && this.at(i + 1) === 42 && !this.mysql && !this.sqlite) {
        i += 2;
        depth++;
      } else i++;
    }
    return this.end;
  }

  /** PostgreSQL `$1` (a parameter) or `$tag$ ... $tag$` (a string); else a lone `$`. Sets `pos`. */
  private dollar(i: number): TokenKind {
    let j = i + 1;
    if (isDigit(this.at(j))) {
      while (isDigit(this.at(j))) j++;
      this.pos = j;
      return PARAM;
    }
    while (j < this.end && isWordPart(this.text.charCodeAt(j)) && this.text.charCodeAt(j) !== 36) j++;
    if (this.at(j) !== 36) {
      this.pos = i + 1;
      return PUNCT;
    }
    const tag = this.text.slice(i, j + 1);
    const close = this.text.indexOf(tag, j + 1); // `text` is already cut at the scan limit
    this.pos = close < 0 ? this.end : close + tag.length;
    return STRING;
  }
}

