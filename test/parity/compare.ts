/**
 * Compares the two runs of a scenario operation by operation: pairs the
 * spans, normalises volatile values, maps the official's legacy attribute
 * names to their stable form, and lists every difference as a finding.
 */
import type { AttributeValue } from '@opentelemetry/api';
import type { OperationSpans, RecordedSpan, ScenarioRun } from './run.js';
import type { Library } from './scenario.js';

/**
 * Legacy attribute names an official instrumentation may still set, with
 * their stable equivalent (`null`: none). A legacy name is ignored when its
 * stable equivalent is on the span too, and compared under the stable name
 * when it is not.
 */
export const LEGACY_NAMES: Readonly<Record<string, string | null>> = {
  'db.system': 'db.system.name',
  'db.name': 'db.namespace',
  'db.redis.database_index': 'db.namespace',
  'db.statement': 'db.query.text',
  'db.operation': 'db.operation.name',
  'db.sql.table': 'db.collection.name',
  'net.peer.name': 'server.address',
  'net.peer.port': 'server.port',
  'db.user': null,
  'db.connection_string': null,
};

/**
 * The attributes of the stable database conventions (and the general ones
 * they use) that a client span may carry; the doc marks any other attribute
 * an official instrumentation sets as outside them.
 */
export const STABLE_ATTRIBUTES: ReadonlySet<string> = new Set([
  'db.system.name', 'db.namespace', 'db.collection.name', 'db.operation.name', 'db.query.text', 'db.query.summary',
  'db.operation.batch.size', 'db.response.status_code', 'db.stored_procedure.name', 'error.type',
  'server.address', 'server.port', 'network.peer.address', 'network.peer.port',
]);

/** What differs: the official sets it and ours not, ours sets it and the official not, or both with other values. */
export type Differs = 'missing' | 'extra' | 'value';

/** One difference between the official span and ours. */
export interface Finding {
  library: Library;
  operation: string;
  /** An attribute name, `span name`, `span kind`, `span status`, or `span <name>` for a span only one side has. */
  attribute: string;
  differs: Differs;
  official?: AttributeValue;
  ours?: AttributeValue;
}

/** A span as the doc shows it: values normalised, legacy names folded into stable ones. */
export interface ShownSpan {
  name: string;
  kind: string;
  status: string;
  attributes: Record<string, AttributeValue>;
  /** Legacy names read as their stable equivalent (`db.statement` → `db.query.text`). */
  renamed: string[];
  /** Legacy names ignored because their stable equivalent is on the span too. */
  ignored: string[];
}

/** Official and our span of one operation that correspond (either may be absent). */
export interface SpanPair {
  official?: ShownSpan;
  ours?: ShownSpan;
}

/** One operation's pairs and findings. */
export interface OperationComparison {
  id: string;
  pairs: SpanPair[];
  findings: Finding[];
}

/** Replaces this run's unique names by the scenario's placeholder. */
function normaliser(run: ScenarioRun): (value: AttributeValue | undefined) => AttributeValue | undefined {
  const { placeholder } = run.scenario;
  const replace = (s: string) => run.names.reduce((acc, name) => acc.split(name).join(placeholder), s);
  return (value) => {
    if (typeof value === 'string') return replace(value);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? replace(v) : v)) as AttributeValue;
    return value;
  };
}

/** The doc's view of a span; `official` spans get their legacy names folded. */
function show(span: RecordedSpan, normalise: ReturnType<typeof normaliser>, official: boolean): ShownSpan {
  const attributes: Record<string, AttributeValue> = {};
  const renamed: string[] = [];
  const ignored: string[] = [];
  for (const [key, raw] of Object.entries(span.attributes)) {
    const value = normalise(raw);
    if (value === undefined) continue;
    const stable = official ? LEGACY_NAMES[key] : undefined;
    if (stable === undefined || stable === null) {
      attributes[key] = value;
    } else if (span.attributes[stable] === undefined && attributes[stable] === undefined) {
      attributes[stable] = value; // compared under its stable name
      renamed.push(`${key} → ${stable}`);
    } else {
      ignored.push(key); // the stable form is on the span and is what is compared
    }
  }
  const sorted: Record<string, AttributeValue> = {};
  for (const key of Object.keys(attributes).sort()) sorted[key] = attributes[key]!;
  return { name: String(normalise(span.name)), kind: span.kind, status: span.status, attributes: sorted, renamed: renamed.sort(), ignored: ignored.sort() };
}

/**
 * Pairs an operation's spans: a batch's one span of ours with each official
 * span; otherwise in start order within the scenario's roles.
 */
function pair(run: ScenarioRun, op: OperationSpans): Array<[RecordedSpan | undefined, RecordedSpan | undefined]> {
  const operation = run.scenario.operations.find((o) => o.id === op.id);
  if (operation?.batch === true && op.ours.length === 1) return op.official.map((o) => [o, op.ours[0]]);
  const role = run.scenario.role ?? (() => 'span');
  const pairs: Array<[RecordedSpan | undefined, RecordedSpan | undefined]> = [];
  const ours = [...op.ours];
  for (const official of op.official) {
    const i = ours.findIndex((s) => role(s.name) === role(official.name));
    pairs.push([official, i < 0 ? undefined : ours.splice(i, 1)[0]]);
  }
  for (const rest of ours) pairs.push([undefined, rest]);
  return pairs;
}

const same = (a: AttributeValue | undefined, b: AttributeValue | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The findings of one pair. */
function differences(library: Library, operation: string, { official, ours }: SpanPair): Finding[] {
  const at = { library, operation };
  if (official === undefined) return ours === undefined ? [] : [{ ...at, attribute: `span ${ours.name}`, differs: 'extra' }];
  if (ours === undefined) return [{ ...at, attribute: `span ${official.name}`, differs: 'missing' }];
  const out: Finding[] = [];
  for (const [what, a, b] of [['name', official.name, ours.name], ['kind', official.kind, ours.kind], ['status', official.status, ours.status]] as const) {
    if (a !== b) out.push({ ...at, attribute: `span ${what}`, differs: 'value', official: a, ours: b });
  }
  const keys = [...new Set([...Object.keys(official.attributes), ...Object.keys(ours.attributes)])].sort();
  for (const key of keys) {
    const a = official.attributes[key];
    const b = ours.attributes[key];
    if (same(a, b)) continue;
    const differs: Differs = a === undefined ? 'extra' : b === undefined ? 'missing' : 'value';
    out.push({ ...at, attribute: key, differs, ...(a === undefined ? {} : { official: a }), ...(b === undefined ? {} : { ours: b }) });
  }
  return out;
}

/** Every operation of a run: its span pairs and what differs in each. */
export function compareRun(run: ScenarioRun): OperationComparison[] {
  const normalise = normaliser(run);
  return run.operations.map((op) => {
    const pairs: SpanPair[] = pair(run, op).map(([o, t]) => ({
      ...(o === undefined ? {} : { official: show(o, normalise, true) }),
      ...(t === undefined ? {} : { ours: show(t, normalise, false) }),
    }));
    return { id: op.id, pairs, findings: pairs.flatMap((p) => differences(run.scenario.library, op.id, p)) };
  });
}
