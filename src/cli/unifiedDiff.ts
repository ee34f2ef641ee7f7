/**
 * A unified diff of two texts, line by line (Myers' O(ND) algorithm), for `tracewright diff`.
 * No dependency: the CLI ships with the build-time package and needs only this much.
 */

/** One line of an edit script: kept, removed from `a`, or added from `b`. */
interface Edit {
  op: ' ' | '-' | '+';
  text: string;
  /** 0-based line in a (for ' ' and '-') and in b (for ' ' and '+') at this point. */
  aLine: number;
  bLine: number;
}

/** The shortest edit script turning lines `a` into lines `b`. */
function editScript(a: readonly string[], b: readonly string[]): Edit[] {
  const max = a.length + b.length;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) { x++; y++; }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) { trace.push(v); break outer; }
    }
  }
  // Walk the trace back from the end to recover the path.
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { x--; y--; edits.push({ op: ' ', text: a[x]!, aLine: x, bLine: y }); }
    if (d === 0) break;
    if (x === prevX) { y--; edits.push({ op: '+', text: b[y]!, aLine: x, bLine: y }); }
    else { x--; edits.push({ op: '-', text: a[x]!, aLine: x, bLine: y }); }
  }
  return edits.reverse();
}

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Labels of the `---` and `+++` lines. */
  fromLabel: string;
  toLabel: string;
  /** Lines of context around each change. Default 3. */
  context?: number;
  /** Colour removed lines red, added ones green, hunk headers cyan (ANSI). */
  color?: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', reset: '\x1b[0m' };

/** The unified diff of `before` and `after`, or the empty string when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  if (before === after) return '';
  const edits = editScript(splitLines(before), splitLines(after));
  const context = options.context ?? 3;
  const paint = (color: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[color]}${text}${ANSI.reset}` : text);
  const out = [`--- ${options.fromLabel}`, `+++ ${options.toLabel}`];
  let i = 0;
  while (i < edits.length) {
    if (edits[i]!.op === ' ') { i++; continue; }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is at most 2 * context kept lines further on.
    const start = Math.max(0, i - context);
    let end = i;
    for (let j = i, kept = 0; j < edits.length; j++) {
      if (edits[j]!.op === ' ') { if (++kept > 2 * context) break; } else { kept = 0; end = j; }
    }
    const stop = Math.min(edits.length, end + 1 + context);
    const hunk = edits.slice(start, stop);
    const aCount = hunk.filter((e) => e.op !== '+').length;
    const bCount = hunk.filter((e) => e.op !== '-').length;
    const first = hunk[0]!;
    out.push(paint('cyan', `@@ -${aCount ? first.aLine + 1 : first.aLine},${aCount} +${bCount ? first.bLine + 1 : first.bLine},${bCount} @@`));
    for (const e of hunk) {
      const line = `${e.op}${e.text}`;
      out.push(e.op === '-' ? paint('red', line) : e.op === '+' ? paint('green', line) : line);
    }
    i = stop;
  }
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
