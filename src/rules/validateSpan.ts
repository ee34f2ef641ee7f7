/**
 * Validation of a rule's `span` object, and the small helpers the rule
 * validator shares with it. @internal
 */

import type { ArgPath, ResolvedRule, SpanKindName, StaticAttributeValue } from './types.js';
import { parseArgPath } from './argPath.js';
import { suggestion } from '../util/didYouMean.js';

/** Report one problem of the current rule: field, what is wrong, how to fix it. @internal */
export type Reporter = (field: string, what: string, fix: string) => void;

/** Fields of `span`. */
export const SPAN_FIELDS = ['name', 'kind', 'attributes', 'args'] as const;
/** Span kinds. */
export const SPAN_KINDS = ['internal', 'server', 'client', 'producer', 'consumer'] as const satisfies readonly SpanKindName[];

/** A plain object (not null, not an array). @internal */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "a string", "null", "an array", ... for messages. @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' || type === 'undefined' ? (type === 'object' ? 'an object' : 'nothing') : `a ${type}`;
}

/** `span.attributes["db.system.name"]`: bracketed so dotted attribute names stay readable. */
const keyField = (parent: string, key: string): string => `${parent}[${JSON.stringify(key)}]`;

/** Validate `span` and fill its defaults (name = rule id, kind internal, no attributes). @internal */
export function checkSpan(raw: unknown, ruleId: string, report: Reporter): ResolvedRule['span'] {
  const span: ResolvedRule['span'] = { name: ruleId, kind: 'internal', attributes: {}, args: {} };
  if (raw === undefined) return span;
  if (!isPlainObject(raw)) {
    report('span', `expected an object, got ${describe(raw)}`, 'write e.g. { "name": "query", "kind": "client" }');
    return span;
  }
  for (const key of Object.keys(raw)) {
    if (!(SPAN_FIELDS as readonly string[]).includes(key)) {
      const near = suggestion(key, SPAN_FIELDS).replace(/"([^"]+)"\?$/, '"span.$1"?');
      report(`span.${key}`, 'unknown field', near || `remove it (known fields: ${SPAN_FIELDS.join(', ')})`);
    }
  }
  if (raw.name !== undefined) {
    if (typeof raw.name === 'string' && raw.name !== '') span.name = raw.name;
    else report('span.name', `expected a non-empty string, got ${describe(raw.name)}`, 'write the span name, or remove it to use the rule id');
  }
  if (raw.kind !== undefined) {
    if (typeof raw.kind === 'string' && (SPAN_KINDS as readonly string[]).includes(raw.kind)) {
      span.kind = raw.kind as ResolvedRule['span']['kind'];
    } else {
      const what = typeof raw.kind === 'string' ? `${JSON.stringify(raw.kind)} is not a span kind` : `expected a string, got ${describe(raw.kind)}`;
      const fix = (typeof raw.kind === 'string' && suggestion(raw.kind, SPAN_KINDS)) || `use one of ${SPAN_KINDS.map((k) => `"${k}"`).join(', ')}`;
      report('span.kind', what, fix);
    }
  }
  if (raw.attributes !== undefined) span.attributes = checkAttributes(raw.attributes, report);
  if (raw.args !== undefined) span.args = checkArgs(raw.args, report);
  return span;
}

function checkAttributes(raw: unknown, report: Reporter): Record<string, StaticAttributeValue> {
  const out: Record<string, StaticAttributeValue> = {};
  if (!isPlainObject(raw)) {
    report('span.attributes', `expected an object, got ${describe(raw)}`, 'write e.g. { "db.system.name": "postgresql" }');
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === '') {
      report('span.attributes', 'an attribute name is empty', 'name every attribute');
    } else if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      out[key] = value;
    } else {
      report(keyField('span.attributes', key), `expected a string, number or boolean, got ${describe(value)}`,
        'use a static value here; values read from arguments go in "span.args"');
    }
  }
  return out;
}

function checkArgs(raw: unknown, report: Reporter): Record<string, ArgPath[]> {
  const out: Record<string, ArgPath[]> = {};
  if (!isPlainObject(raw)) {
    report('span.args', `expected an object, got ${describe(raw)}`, 'write e.g. { "db.query.text": "args[0]" }');
    return out;
  }
  const fix = 'write paths such as args[0], args[1].method or args[0]["x-a"], alternatives joined by ??';
  for (const [key, value] of Object.entries(raw)) {
    if (key === '') {
      report('span.args', 'an attribute name is empty', 'name every attribute');
    } else if (typeof value !== 'string') {
      report(keyField('span.args', key), `expected a string, got ${describe(value)}`, fix);
    } else {
      const parsed = parseArgPath(value);
      if (parsed.ok) out[key] = parsed.paths;
      else report(keyField('span.args', key), `invalid arg path ${JSON.stringify(value)} at column ${parsed.error.column}: ${parsed.error.message}`, fix);
    }
  }
  return out;
}
