/**
 * Writes docs/parity.md from the compared runs: a summary, then per library
 * its operations, the spans side by side, and the differences it shows with
 * their reasons. Deterministic: operations in table order, attributes sorted,
 * unique names replaced by placeholders, no timings.
 */
import type { AttributeValue } from '@opentelemetry/api';
import { STABLE_ATTRIBUTES, type Finding, type OperationComparison, type ShownSpan, type SpanPair } from './compare.js';
import type { Difference } from './differences.js';
import type { ScenarioRun } from './run.js';
import { explains } from './verdict.js';

/** One scenario's run and its comparison. */
export interface ComparedRun {
  run: ScenarioRun;
  operations: OperationComparison[];
}

/** The command that refreshes the doc. */
export const REFRESH_COMMAND = 'npm run parity';

/** Inline code, with a fence longer than any backtick run inside; pipes escaped for tables. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`.replace(/\|/g, '\\|');
}

function value(v: AttributeValue | undefined): string {
  if (v === undefined) return '—';
  return code(typeof v === 'string' ? v : JSON.stringify(v));
}

/** The call site attributes, shown as one row. */
const CALL_SITE = ['code.file.path', 'code.line.number', 'code.column.number'];

const VERDICT = { same: 'same', value: 'other value', missing: 'missing from ours', extra: 'ours only' } as const;

function verdict(a: unknown, b: unknown): string {
  if (a === undefined) return VERDICT.extra;
  if (b === undefined) return VERDICT.missing;
  return JSON.stringify(a) === JSON.stringify(b) ? VERDICT.same : VERDICT.value;
}

/** The rows of one span pair. */
function pairRows(pair: SpanPair): string[][] {
  const { official: o, ours: t } = pair;
  const kind = (s: ShownSpan | undefined) => (s === undefined ? undefined : `${s.kind}, ${s.status}`);
  const rows = [
    ['span', o === undefined ? '—' : code(o.name), t === undefined ? '—' : code(t.name), verdict(o?.name, t?.name)],
    ['kind, status', kind(o) ?? '—', kind(t) ?? '—', verdict(kind(o), kind(t))],
  ];
  if (o === undefined || t === undefined) {
    // A span only one side has: its attributes for reference, nothing to compare them with.
    rows[0]![3] = o === undefined ? 'span only ours' : 'span missing from ours';
    rows[1]![3] = '';
  }
  const keys = [...new Set([...Object.keys(o?.attributes ?? {}), ...Object.keys(t?.attributes ?? {})])].sort();
  if (keys.some((k) => k.startsWith('code.'))) {
    // The call site in one row: `file:line:column`.
    const site = (s: ShownSpan | undefined) => {
      const a = s?.attributes;
      return a?.['code.file.path'] === undefined ? undefined : `${a['code.file.path']}:${a['code.line.number']}:${a['code.column.number']}`;
    };
    const [a, b] = [site(o), site(t)];
    rows.push([`${code('code.*')} (call site)`, value(a), value(b), o === undefined || t === undefined ? '' : verdict(a, b)]);
  }
  for (const key of keys.filter((k) => !CALL_SITE.includes(k))) {
    const a = o?.attributes[key];
    const b = t?.attributes[key];
    rows.push([code(key), value(a), value(b), o === undefined || t === undefined ? '' : verdict(a, b)]);
  }
  const legacy = [...(o?.renamed ?? []), ...(o?.ignored ?? []).map((k) => `${k} ignored`)];
  if (legacy.length > 0) rows.push(['legacy names', legacy.map(code).join(', '), '', '']);
  return rows;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

type Tally = { same: number; value: number; missing: number };

/** Code-unit order: the same on every machine and locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per official attribute: in how many compared spans it is the same, other, missing. */
function attributeTally(c: ComparedRun): Map<string, Tally> {
  const tally = new Map<string, Tally>();
  for (const op of c.operations) {
    for (const { official, ours } of op.pairs) {
      if (official === undefined || ours === undefined) continue;
      for (const [key, a] of Object.entries(official.attributes)) {
        const t = tally.get(key) ?? { same: 0, value: 0, missing: 0 };
        const b = ours.attributes[key];
        if (b === undefined) t.missing++;
        else if (JSON.stringify(a) === JSON.stringify(b)) t.same++;
        else t.value++;
        tally.set(key, t);
      }
    }
  }
  return tally;
}

function summaryRow(c: ComparedRun, entries: readonly Difference[]): string[] {
  const tally = [...attributeTally(c)].sort(([a], [b]) => byText(a, b));
  const total = (t: Tally) => t.same + t.value + t.missing;
  const mark = (k: string) => (STABLE_ATTRIBUTES.has(k) ? '' : '†');
  const list = (pick: (t: Tally) => number) =>
    tally.filter(([, t]) => pick(t) > 0).map(([k, t]) => `${code(k)}${mark(k)} (${pick(t)} of ${total(t)})`).join(', ') || '—';
  const same = tally.filter(([, t]) => t.same === total(t)).map(([k]) => code(k) + mark(k)).join(', ') || '—';
  const ours = new Set(c.operations.flatMap((o) => o.findings)
    .filter((f) => f.differs === 'extra' && !f.attribute.startsWith('span '))
    .map((f) => (CALL_SITE.includes(f.attribute) ? 'code.*' : f.attribute)));
  const { scenario, versions } = c.run;
  return [
    `${scenario.module} ${versions.library}`,
    `${code(scenario.official.package)} ${versions.instrumentation}`,
    String(scenario.operations.length),
    same,
    list((t) => t.value),
    list((t) => t.missing),
    [...ours].sort().map(code).join(', ') || '—',
    String(usedEntries(c, entries).length),
  ];
}

function usedEntries(c: ComparedRun, entries: readonly Difference[]): Difference[] {
  const findings = c.operations.flatMap((o) => o.findings);
  return entries.filter((e) => findings.some((f) => explains(e, f)));
}

function differencesSection(c: ComparedRun, entries: readonly Difference[]): string[] {
  const findings = c.operations.flatMap((o) => o.findings);
  const rows = usedEntries(c, entries)
    .map((e) => {
      const ops = [...new Set(findings.filter((f) => explains(e, f)).map((f) => f.operation))];
      const all = ops.length === c.run.scenario.operations.length ? 'all' : ops.map(code).join(', ');
      return [e.attribute.startsWith('span ') ? e.attribute : code(e.attribute), VERDICT[e.differs], all, `${e.gap ? '**Known gap.** ' : ''}${e.reason}`];
    })
    .sort((a, b) => byText(a[0]!, b[0]!) || byText(a[1]!, b[1]!));
  const unexplained = findings.filter((f: Finding) => !entries.some((e) => explains(e, f)));
  const out = table(['attribute', 'difference', 'operations', 'reason'], rows);
  if (unexplained.length > 0) out.push('', `**${unexplained.length} difference(s) without a listed reason** (the parity test fails).`);
  return out;
}

function librarySection(c: ComparedRun, entries: readonly Difference[]): string[] {
  const { scenario, versions } = c.run;
  const calls = scenario.operations.map((o) => [code(o.id), o.title + (o.batch ? ' (one span of ours, compared with each official span)' : ''), code(o.code.trim().split('\n').map((l) => l.trim()).join(' '))]);
  const spanRows = c.operations.flatMap((op) => op.pairs.flatMap((pair, i) => pairRows(pair).map((r, j) => [i === 0 && j === 0 ? code(op.id) : '', ...r])));
  return [
    `## ${scenario.title}`,
    '',
    `${code(scenario.module)} ${versions.library} under ${code(scenario.official.package)} ${versions.instrumentation} (default configuration), against the local ${scenario.service === 'mariadb' ? 'MariaDB' : scenario.service === 'postgresql' ? 'PostgreSQL' : 'Redis'}. Scenario: ${code(`test/parity/scenarios/${scenario.library}.ts`)}.`,
    '',
    '### Operations',
    '',
    ...table(['operation', 'what', 'calls'], calls),
    '',
    '### Spans',
    '',
    ...table(['operation', '', 'official', 'tracewright', ''], spanRows),
    '',
    '### Deliberate differences',
    '',
    ...differencesSection(c, entries),
    '',
  ];
}

/** The whole of docs/parity.md. */
export function renderParity(runs: readonly ComparedRun[], entries: readonly Difference[]): string {
  return [
    '# Parity with the official OpenTelemetry instrumentations',
    '',
    `<!-- Generated by \`${REFRESH_COMMAND}\` from test/parity: do not edit by hand. -->`,
    '',
    'For each database library with an official OpenTelemetry JS instrumentation, one scenario',
    '(`test/parity/scenarios/<library>.ts`: a list of operations and the calls each makes) is run twice',
    'against the real server: under the official instrumentation (default configuration, in a process of',
    'its own, with `OTEL_SEMCONV_STABILITY_OPT_IN=database` so that it emits the stable attribute names',
    'where it supports them), and built with tracewright (`tracewright/tsc`, built-in catalog). The',
    'spans of each operation are compared side by side: name, kind, status and every attribute.',
    'Spans pair up in start order (pg\'s connect spans with connect spans); for a pipeline or',
    'transaction, our one span is compared with each of the official\'s per-command spans. A legacy',
    'attribute name (`db.statement`, `net.peer.name`, ...) counts as its stable equivalent when the',
    'official sets no stable one, and is ignored when it does. The unique table names and keys of a',
    'run read `<table>` and `<key>`; nothing timed is shown, so the file only changes with the spans.',
    '',
    '`test/parity/parity.test.ts` fails when an attribute the official instrumentation sets is missing',
    'from our span, or anything else differs, without an entry in `test/parity/differences.ts` (listed',
    `below with its reason), and when this file is stale: refresh it with \`${REFRESH_COMMAND}\`.`,
    '',
    '`mariadb` (the MariaDB connector) has no official OpenTelemetry instrumentation, so it has no',
    'parity scenario; its spans are covered by `test/hooks/mariadb.test.ts` and',
    '`fixtures/databases/mariadb-pool`.',
    '',
    '## Summary',
    '',
    'Of the attributes the official instrumentation sets, counted over the spans compared (†: not an',
    'attribute of the stable database conventions):',
    '',
    ...table(
      ['library', 'official instrumentation', 'operations', 'same in every span', 'other value (spans)', 'missing from ours (spans)', 'ours only', 'listed differences'],
      runs.map((c) => summaryRow(c, entries)),
    ),
    '',
    ...runs.flatMap((c) => librarySection(c, entries)),
  ].join('\n').replace(/\n+$/, '\n');
}
