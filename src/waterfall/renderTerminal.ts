/**
 * The terminal waterfall: one block per trace, one line per span with its
 * tree branch, name, kind, a duration bar scaled to the trace, the duration,
 * key attributes and the call site. ANSI colour only when asked for (the
 * caller decides from the TTY and NO_COLOR); without it the text is plain, so
 * tests and logs read the same characters.
 * @internal
 */
import type { SpanData } from './spanData.js';
import { spanFacts } from './spanFacts.js';
import { buildTraces, flattenTrace, type SpanNode, type Trace } from './spanTree.js';
import { barCells, formatDuration } from './timeline.js';

/** Options of {@link renderTerminal}. @internal */
export interface TerminalOptions {
  /** ANSI colours. */
  color: boolean;
  /** Cells of the duration bar. Default 30. */
  barWidth?: number;
}

const ANSI = { reset: '\x1b[0m', dim: '\x1b[2m', bold: '\x1b[1m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', blue: '\x1b[34m', magenta: '\x1b[35m', cyan: '\x1b[36m' } as const;
type Paint = (style: keyof typeof ANSI, text: string) => string;

const KIND_COLOUR: Record<SpanData['kind'], keyof typeof ANSI> = { server: 'green', client: 'blue', internal: 'yellow', producer: 'magenta', consumer: 'cyan' };

/** Renders every trace of `spans` as a waterfall. @internal */
export function renderTerminal(spans: readonly SpanData[], options: TerminalOptions): string {
  return buildTraces(spans).map((trace) => renderTrace(trace, options)).join('\n');
}

/** Renders one trace: a header line, then its rows. @internal */
export function renderTrace(trace: Trace, options: TerminalOptions): string {
  const paint: Paint = options.color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
  const width = options.barWidth ?? 30;
  const rows = flattenTrace(trace);
  const labels = rows.map((node) => `${branch(node, rows)}${node.span.name}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const root = trace.roots[0]!.span;
  const failed = rows.some((n) => n.span.status.code === 'error');
  const header = `${paint('bold', `trace ${trace.traceId.slice(0, 8)}`)}  ${root.name}  ${formatDuration(trace.endMs - trace.startMs)}  ${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'}${failed ? `  ${paint('red', '✗ error')}` : ''}`;
  const lines = rows.map((node, i) => {
    const { span } = node;
    const facts = spanFacts(span);
    const { offset, length } = barCells(span, trace, width);
    const colour = facts.error ? 'red' : KIND_COLOUR[span.kind];
    const bar = `${' '.repeat(offset)}${paint(colour, '█'.repeat(length))}${' '.repeat(width - offset - length)}`;
    const details = [
      ...facts.attributes.map(([k, v]) => `${paint('dim', `${k}=`)}${v}`),
      ...(facts.error ? [paint('red', `✗ ${facts.error}`)] : []),
      ...(facts.callSite ? [paint('cyan', `@ ${facts.callSite}`)] : []),
      ...(node.missingParent ? [paint('dim', '(parent not received)')] : []),
    ];
    return `  ${labels[i]!.padEnd(labelWidth)}  ${span.kind.padEnd(8)} │${bar}│ ${formatDuration(span.endMs - span.startMs).padStart(8)}  ${details.join('  ')}`.trimEnd();
  });
  return `${header}\n${lines.join('\n')}\n`;
}

/** The tree drawing before a row's name: `│  ` per open ancestor, then `├─ ` or `└─ `. */
function branch(node: SpanNode, rows: readonly SpanNode[]): string {
  if (node.depth === 0) return '';
  const index = rows.indexOf(node);
  let prefix = '';
  // For each ancestor level, whether a later sibling at that level is still to come.
  for (let level = 1; level <= node.depth; level++) {
    const more = hasLaterAt(rows, index, level);
    prefix += level === node.depth ? (more ? '├─ ' : '└─ ') : more ? '│  ' : '   ';
  }
  return prefix;
}

/** Whether a row at `depth` follows row `index` before the tree climbs above `depth`. */
function hasLaterAt(rows: readonly SpanNode[], index: number, depth: number): boolean {
  for (let i = index + 1; i < rows.length; i++) {
    const d = rows[i]!.depth;
    if (d < depth) return false;
    if (d === depth) return true;
  }
  return false;
}
