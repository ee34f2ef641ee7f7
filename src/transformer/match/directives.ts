import type { SyntaxApi } from '../parse/syntaxApi.js';
import type * as ts from 'typescript';
import type { MatchDiagnostic } from './joinPoint.js';
import { skipTrivia } from '../../util/text.js';

/** An ignore comment: `/* tracewright ignore next|file|start|stop *\/` or the `//` form. */
interface IgnoreDirective {
  verb: 'next' | 'file' | 'start' | 'stop';
  start: number;
  end: number;
  /** Set when it kept at least one site from being instrumented. */
  used: boolean;
}

/** A `/** @span [name] [key=value …] *\/` comment. */
export interface SpanDirective {
  start: number;
  end: number;
  name: string | undefined;
  attributes: Record<string, string | number | boolean>;
  used: boolean;
}

interface IgnoreRange {
  start: number;
  end: number;
  directive: IgnoreDirective;
}

/** A whole comment that is an ignore directive (the directive must open the comment). */
const IGNORE_RE = /^(?:\/\*\s*tracewright\s+ignore\s+(next|file|start|stop)\b[^]*\*\/|\/\/\s*tracewright\s+ignore\s+(next|file|start|stop)\b)/;
/** `@span` as a JSDoc tag: after white space or the comment's `*`, up to the next tag or line end. */
const SPAN_TAG_RE = /(?:^\/\*\*|[\s*])@span(?=[\s*]|$)([^@\n]*)/;

/**
 * Directives of one file, found once before matching. Join points never read
 * comments: the matcher asks this index whether a position is ignored and
 * which `@span` directive sits before a function.
 * @internal
 */
export class DirectiveIndex {
  fileIgnore: IgnoreDirective | undefined;
  private readonly ignores: IgnoreDirective[] = [];
  private readonly spans: SpanDirective[] = [];
  private readonly ranges: IgnoreRange[] = [];
  private readonly pendingNext = new Map<number, IgnoreDirective>();
  private readonly diagnostics: MatchDiagnostic[] = [];

  /**
   * @param comments every comment of the file, when the parser lists them
   * (oxc does); otherwise they are found through TypeScript's trivia scanner.
   */
  constructor(private readonly ts: SyntaxApi, private readonly sf: ts.SourceFile, comments?: readonly { start: number; end: number }[]) {
    const text = sf.text;
    if (!text.includes('tracewright') && !text.includes('@span')) return;
    const ranges = comments ? comments.map((c): [number, number] => [c.start, c.end]) : this.commentRanges();
    for (const [start, end] of ranges) {
      const comment = text.slice(start, end);
      const ignore = IGNORE_RE.exec(comment);
      if (ignore) {
        this.ignores.push({ verb: (ignore[1] ?? ignore[2]) as IgnoreDirective['verb'], start, end, used: false });
        continue;
      }
      const tag = comment.startsWith('/**') ? SPAN_TAG_RE.exec(comment) : null;
      if (tag) this.spans.push({ start, end, used: false, ...parseSpanArgs(tag[1]!) });
    }
    this.placeIgnores();
  }

  /** The ignore directive covering `node`, if any. */
  ignoring(node: ts.Node): { used: boolean } | undefined {
    if (this.fileIgnore) return this.fileIgnore;
    if (this.ranges.length === 0 && this.pendingNext.size === 0) return undefined;
    const start = node.getStart(this.sf);
    const next = node.kind === this.ts.SyntaxKind.SourceFile ? undefined : this.pendingNext.get(start);
    if (next) {
      // The outermost node starting right after the comment is its target (pre-order walk).
      this.pendingNext.delete(start);
      this.ranges.push({ start, end: node.end, directive: next });
    }
    for (const r of this.ranges) if (start >= r.start && start < r.end) return r.directive;
    return undefined;
  }

  /** The `@span` directive in the leading trivia of `node`, marking it used. */
  spanFor(node: ts.Node): SpanDirective | undefined {
    if (this.spans.length === 0) return undefined;
    const from = node.pos;
    const to = node.getStart(this.sf);
    const found = this.spans.find((d) => d.start >= from && d.end <= to);
    if (found) found.used = true;
    return found;
  }

  /** Directives that sat where they had no effect, as warnings. */
  finish(): MatchDiagnostic[] {
    const out = [...this.diagnostics];
    const at = (pos: number) => {
      const lc = this.sf.getLineAndCharacterOfPosition(pos);
      return { line: lc.line + 1, column: lc.character + 1 };
    };
    for (const d of this.pendingNext.values()) {
      out.push({ severity: 'warning', ...at(d.start), message: 'tracewright ignore next has no effect: no statement or expression follows it' });
    }
    for (const d of this.ignores) {
      if (d.used || d.verb === 'stop' || this.pendingNextHas(d)) continue;
      out.push({ severity: 'warning', ...at(d.start), message: `tracewright ignore ${d.verb} has no effect: nothing it covers would be instrumented` });
    }
    for (const d of this.spans) {
      if (!d.used) out.push({ severity: 'warning', ...at(d.start), message: '@span has no effect here: it must be the doc comment of a function, method or `const f = () => …`' });
    }
    return out.sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private pendingNextHas(d: IgnoreDirective): boolean {
    for (const p of this.pendingNext.values()) if (p === d) return true;
    return false;
  }

  private placeIgnores(): void {
    const firstStatement = this.sf.statements[0];
    const firstStart = firstStatement ? firstStatement.getStart(this.sf) : this.sf.end;
    let open: IgnoreDirective | undefined;
    for (const d of this.ignores) {
      const lc = this.sf.getLineAndCharacterOfPosition(d.start);
      const where = { line: lc.line + 1, column: lc.character + 1 };
      if (d.verb === 'file') {
        if (d.end <= firstStart) this.fileIgnore = d;
        else {
          d.used = true; // already reported as misplaced; do not report it twice
          this.diagnostics.push({ severity: 'warning', ...where, message: 'tracewright ignore file has no effect: it must come before the first statement' });
        }
      } else if (d.verb === 'next') {
        this.pendingNext.set(skipTrivia(this.sf.text, d.end), d);
      } else if (d.verb === 'start') {
        if (open) this.diagnostics.push({ severity: 'warning', ...where, message: 'tracewright ignore start inside an open ignore start: the first start still applies' });
        else open = d;
      } else if (open) {
        this.ranges.push({ start: open.start, end: d.start, directive: open });
        open = undefined;
      } else {
        this.diagnostics.push({ severity: 'warning', ...where, message: 'tracewright ignore stop has no effect: no ignore start before it' });
      }
    }
    if (open) {
      const lc = this.sf.getLineAndCharacterOfPosition(open.start);
      this.diagnostics.push({ severity: 'warning', line: lc.line + 1, column: lc.character + 1, message: 'tracewright ignore start is never stopped: it applies to the end of the file' });
      this.ranges.push({ start: open.start, end: this.sf.end, directive: open });
    }
  }

  /**
   * Every comment of the file, as the parser sees it: the trivia before each
   * node and after each node's end (which reaches comments before `}` and at
   * the end of the file). Comment-like text inside strings, templates, regular
   * expressions or other comments is never a directive.
   */
  private commentRanges(): [number, number][] {
    const t = this.ts;
    if (!t.getLeadingCommentRanges || !t.getTrailingCommentRanges) throw new Error('tracewright internal error: no comment list and no trivia scanner');
    const { getLeadingCommentRanges, getTrailingCommentRanges } = t;
    const text = this.sf.text;
    const seen = new Map<number, number>();
    const add = (pos: number) => {
      // Comments on the rest of the line count as "trailing", the lines after as "leading".
      for (const r of getTrailingCommentRanges(text, pos) ?? []) seen.set(r.pos, r.end);
      for (const r of getLeadingCommentRanges(text, pos) ?? []) seen.set(r.pos, r.end);
    };
    const visit = (node: ts.Node): void => {
      add(node.pos);
      add(node.end);
      t.forEachChild(node, visit);
    };
    visit(this.sf);
    return [...seen.entries()].sort((a, b) => a[0] - b[0]);
  }
}

/** `@span users.list db=primary retries=3` → name and typed attributes. */
export function parseSpanArgs(raw: string): { name: string | undefined; attributes: Record<string, string | number | boolean> } {
  const tokens = raw.replace(/\*\/\s*$/, '').split('\n')[0]!.replace(/\*+\/?$/, '').match(/[^\s="]+="[^"]*"|"[^"]*"|\S+/g) ?? [];
  let name: string | undefined;
  const attributes: Record<string, string | number | boolean> = {};
  for (const token of tokens) {
    const eq = token.indexOf('=');
    if (eq <= 0) {
      if (name === undefined) name = unquote(token);
      continue;
    }
    const raw = token.slice(eq + 1);
    // A quoted value is a string as written ("0042" stays "0042").
    attributes[token.slice(0, eq)] = raw.startsWith('"') ? unquote(raw) : raw === 'true' ? true : raw === 'false' ? false :
      /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
  return { name, attributes };
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}
