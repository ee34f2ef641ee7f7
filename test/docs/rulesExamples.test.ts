/**
 * Every JSON block of docs/rules.md is a rule (or a rule file) that a build accepts: it validates
 * against schema/rules.schema.json and through the options path the plugins use
 * (`resolveOptions({ rules })`), so the page cannot drift from the schema or the validator. Every
 * join point and result mode has an example.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions, TS_PATCH_KEYS } from '../../src/options.js';
import { JOIN_KINDS, RESULT_MODES, RULE_FIELDS, SPAN_FIELDS } from '../../src/rules/validate.js';
import { REPO } from '../bundlers/package.js';
import { isValid } from '../rules/miniSchema.js';
import { codeBlocks } from './markdown.js';

const PAGE = join(REPO, 'docs/rules.md');
const schema = JSON.parse(readFileSync(join(REPO, 'schema/rules.schema.json'), 'utf8'));
const examples = codeBlocks(PAGE).filter((b) => b.lang === 'json');

/** The rules of an example: a single rule, an array, or a `{ $schema, rules }` file. */
function rulesOf(example: unknown): Record<string, unknown>[] {
  if (Array.isArray(example)) return example;
  const file = example as { rules?: Record<string, unknown>[] };
  return file.rules ?? [example as Record<string, unknown>];
}
const parsed = examples.map((b) => ({ line: b.line, value: JSON.parse(b.text) as unknown }));
const allRules = parsed.flatMap((p) => rulesOf(p.value));

describe('docs/rules.md examples', () => {
  it.each(parsed.map((p) => [p.line, p.value]))('the block at line %i is valid against the JSON Schema', (_line, value) => {
    const file = Array.isArray(value) || (value as { rules?: unknown }).rules ? value : [value];
    expect(isValid(schema, file, schema)).toBe(true);
  });

  it.each(parsed.map((p) => [p.line, p.value]))('the block at line %i is accepted by the options the plugins read', (_line, value) => {
    const options = resolveOptions({ transform: 'tracewright/tsc', builtin: false, rules: rulesOf(value) }, { configFile: join(REPO, 'tsconfig.json'), projectRoot: REPO, ignoreKeys: TS_PATCH_KEYS });
    expect(options.rules.map((r) => r.id)).toEqual(rulesOf(value).map((r) => r.id));
  });

  it('shows every join point, result mode, rule field and span field in an example', () => {
    expect(new Set(allRules.map((r) => r.join))).toEqual(new Set(JOIN_KINDS));
    expect(RESULT_MODES.filter((m) => !allRules.some((r) => (r.result ?? 'auto') === m))).toEqual([]);
    expect(RULE_FIELDS.filter((f) => !allRules.some((r) => f in r))).toEqual([]);
    expect(SPAN_FIELDS.filter((f) => !allRules.some((r) => typeof r.span === 'object' && r.span !== null && f in r.span))).toEqual([]);
  });

  it('a wrong example would fail: the validator names the rule and the field', () => {
    expect(() => resolveOptions({ rules: [{ id: 'x.y', join: 'method', module: 'pg', class: 'Client', nmae: 'query' }] }, { configFile: join(REPO, 'tsconfig.json'), projectRoot: REPO })).toThrow(/x\.y.*nmae/);
    expect(isValid(schema, [{ id: 'x.y', join: 'method', module: 'pg', class: 'Client', nmae: 'query' }], schema)).toBe(false);
  });
});
