/**
 * Globs for `include`/`exclude` and for project-glob rule modules
 * (`"module": "./src/db/**"`). Patterns and paths are `/`-separated and
 * relative to the project root. The syntax, exactly:
 *
 * - `*` matches any run of characters except `/` (also an empty run, also a
 *   leading dot: `*.ts` matches `.eslintrc.ts`, unlike a shell);
 * - `?` matches one character except `/`;
 * - `**` as a whole segment matches zero or more segments (`a/**` matches `a`,
 *   `a/b`, `a/b/c`; `**` alone matches every path); `**` inside a segment
 *   (`a**b`) is the same as `*`;
 * - `{a,b}` matches either alternative, may nest and may contain `/`;
 *   `{a}` is just `a`;
 * - `\` makes the next character literal (`\*`, `\{`);
 * - a leading `./` is ignored (on patterns and on paths), a trailing `/` means
 *   "everything below" (`dist/` is `dist/**`), repeated `/` count as one;
 * - everything else, including `[`, `]`, `(`, `!`, is a literal character;
 *   matching is case-sensitive.
 *
 * A pattern starting with `/` is an error: globs are relative.
 */

import { TracewrightError } from '../errors.js';

/** Upper bound on brace alternatives, so `{a,b}{c,d}...` cannot blow up. */
const MAX_EXPANSIONS = 1024;

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function invalid(pattern: string, reason: string): TracewrightError {
  return new TracewrightError(`invalid glob ${JSON.stringify(pattern)}: ${reason}`);
}

/** Index of the `}` closing the `{` at `open`, skipping escapes and nested braces; -1 if none. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Split `a,b{c,d},e` on top-level commas. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Expand braces into brace-free patterns (escapes kept for the segment compiler). */
function expandBraces(pattern: string, whole: string): string[] {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '}') {
      throw invalid(whole, `unmatched "}" (escape it as "\\}" if it is meant literally)`);
    } else if (ch === '{') {
      const close = closingBrace(pattern, i);
      if (close < 0) throw invalid(whole, `unclosed "{" (escape it as "\\{" if it is meant literally)`);
      const head = pattern.slice(0, i);
      const tails = expandBraces(pattern.slice(close + 1), whole);
      const out: string[] = [];
      for (const alternative of splitAlternatives(pattern.slice(i + 1, close))) {
        for (const middle of expandBraces(alternative, whole)) {
          for (const tail of tails) out.push(head + middle + tail);
          if (out.length > MAX_EXPANSIONS) throw invalid(whole, `more than ${MAX_EXPANSIONS} brace alternatives`);
        }
      }
      return out;
    }
  }
  return [pattern];
}

/** Regex source for one segment (no `/`, not `**`). */
function segmentSource(segment: string, whole: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]!;
    if (ch === '\\') {
      const next = segment[i + 1];
      if (next === undefined) throw invalid(whole, 'it ends with a lone "\\"');
      out += escapeRegex(next);
      i++;
    } else if (ch === '*') {
      while (segment[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (ch === '?') {
      out += '[^/]';
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

/** Strip `./` prefixes and collapse repeated slashes. */
function normalize(text: string): string {
  let out = text.replace(/\/{2,}/g, '/');
  while (out.startsWith('./')) out = out.slice(2);
  return out;
}

/** Regex source for one brace-free pattern. */
function patternSource(expanded: string, whole: string): string {
  let text = normalize(expanded);
  if (text.endsWith('/')) text += '**';
  if (text === '' || text === '.') return '';
  const segments = text.split('/').filter((s, i, all) => !(s === '**' && all[i - 1] === '**'));
  let out = '';
  let slashPending = false; // does the next plain segment need a leading "/"?
  segments.forEach((segment, i) => {
    const first = i === 0;
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (first && last) out += '.*';
      else if (first) out += '(?:.*/)?';
      else if (last) out += '(?:/.*)?';
      else out += '(?:/.*)?/';
      slashPending = last;
    } else {
      out += (slashPending ? '/' : '') + segmentSource(segment, whole);
      slashPending = true;
    }
  });
  return out;
}

/**
 * Compile a glob (syntax above) into a matcher for `/`-separated relative paths.
 * @throws TracewrightError for an empty or absolute pattern, unbalanced braces,
 *   or a trailing lone `\`
 */
export function compileGlob(pattern: string): (path: string) => boolean {
  if (pattern === '') throw invalid(pattern, 'it is empty');
  if (pattern.startsWith('/')) {
    throw invalid(pattern, 'globs are relative to the project root; remove the leading "/"');
  }
  const sources = expandBraces(pattern, pattern).map((p) => patternSource(p, pattern));
  const regex = new RegExp(`^(?:${[...new Set(sources)].join('|')})$`, 's');
  return (path) => regex.test(normalize(path));
}
