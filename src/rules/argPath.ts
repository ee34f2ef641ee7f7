/**
 * The span-args path language. A rule reads attribute values from the call's
 * arguments with expressions such as `args[1].method` or
 * `args[0].text ?? args[0]`. The grammar is deliberately tiny and is parsed
 * here, never evaluated as code:
 *
 * ```
 * expression  := path ( "??" path )*
 * path        := "args" "[" index "]" step*
 * step        := "." identifier | "[" index "]" | "[" string "]"
 * index       := "0" | [1-9][0-9]*            (at most 9 digits)
 * identifier  := [A-Za-z_$][A-Za-z0-9_$]*
 * string      := '"' char* '"' | "'" char* "'"  (escapes: \" \' \\ only)
 * ```
 * Spaces and tabs may surround `??` and the whole expression, nowhere else.
 */

import type { ArgPath } from './types.js';
import { TracewrightError } from '../errors.js';

/** A syntax error in an arg path: what is wrong and where (1-based column). */
export interface ArgPathSyntaxError {
  message: string;
  column: number;
}

/** Result of {@link parseArgPath}. */
export type ArgPathParseResult =
  | { ok: true; paths: ArgPath[] }
  | { ok: false; error: ArgPathSyntaxError };

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;

class Failure {
  constructor(
    readonly message: string,
    readonly index: number,
  ) {}
}

/** Recursive-descent parser over one expression; `pos` is a 0-based offset. */
class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  private fail(message: string, at = this.pos): never {
    throw new Failure(message, at);
  }

  /** What stands at `pos`, for messages: a whole word when it is one (`"arg"`), else one character. */
  private found(): string {
    const ch = this.text[this.pos];
    if (ch === undefined) return 'the end';
    const word = /^[A-Za-z0-9_$]+/.exec(this.text.slice(this.pos));
    return JSON.stringify(word ? word[0] : ch);
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private expect(token: string, what: string): void {
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected ${what}, found ${this.found()}`);
    this.pos += token.length;
  }

  expression(): ArgPath[] {
    const paths: ArgPath[] = [];
    this.skipSpaces();
    paths.push(this.path());
    this.skipSpaces();
    while (this.pos < this.text.length) {
      this.expect('??', '"??" or the end of the expression');
      this.skipSpaces();
      paths.push(this.path());
      this.skipSpaces();
    }
    return paths;
  }

  private path(): ArgPath {
    if (this.pos >= this.text.length) this.fail('expected "args[<index>]", found the end');
    if (!this.text.startsWith('args', this.pos)) this.fail(`expected "args[<index>]", found ${this.found()}`);
    this.pos += 4;
    this.expect('[', '"[" after "args"');
    const path: ArgPath = [this.index()];
    this.expect(']', '"]" after the argument index');
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === '.') {
        this.pos++;
        path.push(this.identifier());
      } else if (ch === '[') {
        this.pos++;
        const q = this.text[this.pos];
        path.push(q === '"' || q === "'" ? this.string(q) : this.index());
        this.expect(']', '"]"');
      } else {
        return path;
      }
    }
  }

  private index(): number {
    const start = this.pos;
    while (DIGIT.test(this.text[this.pos] ?? '')) this.pos++;
    const digits = this.text.slice(start, this.pos);
    if (digits === '') this.fail(`expected an index (0, 1, 2, ...) or a quoted key, found ${this.found()}`);
    if (digits.length > 1 && digits.startsWith('0')) this.fail(`index "${digits}" has a leading zero`, start);
    if (digits.length > 9) this.fail(`index "${digits}" is too large`, start);
    return Number(digits);
  }

  private identifier(): string {
    const start = this.pos;
    if (!IDENT_START.test(this.text[this.pos] ?? '')) {
      this.fail(`expected a property name after ".", found ${this.found()}; quote other keys: ["x-a"]`);
    }
    while (IDENT_PART.test(this.text[this.pos] ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }

  private string(quote: string): string {
    const start = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail(`unterminated string (missing ${quote})`, start);
      if (ch === quote) {
        this.pos++;
        return value;
      }
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next !== '"' && next !== "'" && next !== '\\') {
          this.fail('unsupported escape; only \\", \\\' and \\\\ are allowed');
        }
        value += next;
        this.pos += 2;
      } else {
        value += ch;
        this.pos++;
      }
    }
  }
}

/**
 * Parse an arg-path expression without throwing.
 * @returns the alternatives in order, or the first syntax error with its column (1-based)
 */
export function parseArgPath(expression: string): ArgPathParseResult {
  try {
    return { ok: true, paths: new Parser(expression).expression() };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, error: { message: error.message, column: error.index + 1 } };
  }
}

/**
 * Compile an arg-path expression: `"args[0].text ?? args[0]"` →
 * `[[0, "text"], [0]]`.
 * @throws TracewrightError naming the column and the problem
 */
export function compileArgPath(expression: string): ArgPath[] {
  const result = parseArgPath(expression);
  if (result.ok) return result.paths;
  const { message, column } = result.error;
  throw new TracewrightError(`invalid arg path ${JSON.stringify(expression)} at column ${column}: ${message}`, {
    column,
  });
}

/** Print a compiled path back in the canonical syntax (for reports and messages). */
export function formatArgPath(path: ArgPath): string {
  const [index, ...keys] = path;
  let out = `args[${index}]`;
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += `.${key}`;
    else out += `["${key.replace(/[\\"]/g, '\\$&')}"]`;
  }
  return out;
}
