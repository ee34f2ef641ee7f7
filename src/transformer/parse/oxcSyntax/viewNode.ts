import type * as ts from 'typescript';
import { isWhiteSpace, locate } from '../../../util/text.js';

/**
 * One node of the oxc syntax view: the fields every TypeScript node has
 * (`kind`, `pos`, `end`, `flags`, `parent`, `getStart()`), plus the per-kind
 * properties the matcher reads (`expression`, `arguments`, `name`, …), set by
 * the converter. `kids` are the children in source order (`forEachChild`).
 * @internal
 */
export class ViewNode {
  parent: ViewNode | undefined;
  flags = 0;
  modifierFlags = 0;
  /** TypeScript's `isStatement`: set for statement and declaration-statement nodes. */
  statement = false;
  readonly kids: ViewNode[] = [];
  [property: string]: unknown;

  constructor(
    readonly kind: number,
    /** First token (TypeScript's `getStart()`). */
    readonly start: number,
    readonly end: number,
    readonly root: ViewSourceFile | undefined,
  ) {}

  /** TypeScript's `pos`: where the node's leading trivia (white space and comments) begins. */
  get pos(): number {
    return this.root ? this.root.triviaStart(this.start) : 0;
  }

  getStart(): number {
    return this.start;
  }

  getEnd(): number {
    return this.end;
  }

  getSourceFile(): ViewSourceFile {
    return this.root ?? (this as unknown as ViewSourceFile);
  }

  getText(): string {
    return this.getSourceFile().text.slice(this.start, this.end);
  }
}

/** The view's `SourceFile`: the text, line lookup and comment positions (for `pos`). */
export class ViewSourceFile extends ViewNode {
  statements: ViewNode[] = [];
  private lines: number[] | undefined;
  /** Comment end → comment start, to walk trivia backwards. */
  private readonly commentStarts = new Map<number, number>();

  constructor(kind: number, readonly text: string, readonly fileName: string, comments: readonly { start: number; end: number }[]) {
    super(kind, 0, text.length, undefined);
    for (const c of comments) this.commentStarts.set(c.end, c.start);
  }

  /** Start of the white space and comments that end at `start`. */
  triviaStart(start: number): number {
    const text = this.text;
    let pos = start;
    for (;;) {
      while (pos > 0 && isWhiteSpace(text.charCodeAt(pos - 1))) pos--;
      const comment = this.commentStarts.get(pos);
      if (comment === undefined || comment >= pos) return pos;
      pos = comment;
    }
  }

  getLineAndCharacterOfPosition(position: number): ts.LineAndCharacter {
    const { line, column } = locate((this.lines ??= lineStarts(this.text)), position);
    return { line, character: column };
  }
}

/** Line starts with TypeScript's line terminators (LF, CR, CRLF, U+2028, U+2029). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
    }
  }
  return starts;
}
