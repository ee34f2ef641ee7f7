/** White space and line terminators, as TypeScript's scanner skips them (a char code). */
export function isWhiteSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff ||
    c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200b) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x85;
}

/** Position of the next token at or after `pos` in JS/TS source: white space and comments skipped. */
export function skipTrivia(text: string, pos: number): number {
  for (;;) {
    while (pos < text.length && isWhiteSpace(text.charCodeAt(pos))) pos++;
    if (text.startsWith('//', pos)) {
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', pos)) {
      const close = text.indexOf('*/', pos + 2);
      pos = close < 0 ? text.length : close + 2;
    } else {
      return pos;
    }
  }
}

/** 0-based line and column of `offset`, given the sorted offsets where lines start. */
export function locate(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, column: offset - lineStarts[lo]! };
}

/** 1-based line and column of a character offset in `text` (for messages about a file read once). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
