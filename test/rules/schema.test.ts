import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_MODES, RULE_FIELDS, RULE_ID_PATTERN, SPAN_FIELDS, SPAN_KINDS, SUPPORTED_JOIN_KINDS, validateRules } from '../../src/rules/validate.js';
import { HOOK_IDS } from '../../src/rules/hookIds.js';
import { builtinRules } from '../../src/rules/index.js';
import { TracewrightError } from '../../src/errors.js';
import { isValid } from './miniSchema.js';

const schema = JSON.parse(readFileSync(join(__dirname, '../../schema/rules.schema.json'), 'utf8'));
const rule = schema.$defs.rule;
const span = schema.$defs.span;

const validatorAccepts = (input: unknown): boolean => {
  try {
    validateRules(input, 'x.json');
    return true;
  } catch (error) {
    if (error instanceof TracewrightError) return false;
    throw error;
  }
};

const pg = { id: 'pg.query', join: 'method', module: 'pg', class: ['Client', 'Pool'], name: 'query' };

/** Inputs both must accept. */
const valid: unknown[] = [
  [],
  { $schema: './node_modules/tracewright/schema/rules.schema.json', rules: [] },
  builtinRules,
  [pg],
  [{ ...pg, name: undefined, path: 'chat.completions.create' }].map(({ name: _n, ...r }) => r),
  [{ id: 'fetch', join: 'call', module: 'global', export: 'fetch', hooks: 'fetch', result: 'promise' }],
  [{ id: 'x.new', join: 'new', module: '@scope/pkg/sub', export: ['A', 'B'], versions: '^2 || ^3' }],
  [{ id: 'app.svc', join: 'function', module: './src/**', name: ['handle*'] }],
  [{ id: 'app.methods', join: 'method', module: './src/**', class: '*', name: '*' }],
  [{ ...pg, class: ['Client', '*'] }],
  [{ id: 'express.route', join: 'callback-arg', module: 'express', class: ['Application', 'Router'], name: ['get', 'post'], callback: 'args[1..]' }],
  [{ id: 'lib.on', join: 'callback-arg', module: 'lib', class: 'Emitter', path: 'events.on', callback: 'args[0].callback' }],
  [{ id: 'timers.set', join: 'callback-arg', module: 'global', export: 'setTimeout', callback: 'args[0]', span: { kind: 'internal' } }],
  [{ id: 'lib.q', join: 'callback-arg', module: './src/**', export: '*', callback: 'args[2]["on-message"]' }],
  [{ id: 'http.server', join: 'call', module: 'http', export: 'createServer', hooks: 'http', result: 'install' }],
  [{ ...pg, hooks: 'pg', result: 'install', span: {} }],
  [{ id: 'http2.x', join: 'call', module: 'node:http2', export: '*', span: { name: 'n', kind: 'server',
    attributes: { a: 'x', b: 1.5, c: false }, args: { 'x.y': 'args[0]["x-a"] ?? args[1].b[0]', z: "args[0]['q']" } } }],
];

/** Inputs both must reject (only problems the schema can express). */
const invalid: unknown[] = [
  'rules',
  { rules: [], extra: 1 },
  { $schema: 'x' },
  [42],
  [{ ...pg, id: 'PG.Query' }],
  [{ ...pg, id: undefined }].map(({ id: _i, ...r }) => r),
  [{ ...pg, join: 'methd' }],
  [{ ...pg, join: 'callback-arg' }],
  [{ ...pg, join: 'callback-arg', callback: 'args[1..].x' }],
  [{ ...pg, join: 'callback-arg', callback: 'args[01]' }],
  [{ ...pg, join: 'callback-arg', callback: 'args[0].a-b' }],
  [{ ...pg, join: 'callback-arg', callback: 1 }],
  [{ ...pg, join: 'callback-arg', callback: 'args[0]', module: 'global' }],
  [{ id: 'x.y', join: 'callback-arg', module: 'x', export: 'on', class: 'E', callback: 'args[1]' }],
  [{ ...pg, callback: 'args[1]' }],
  [{ ...pg, result: 'install' }],
  [{ ...pg, hooks: 'pg', result: 'install', span: { name: 'x' } }],
  [{ id: 'x.y', join: 'function', module: './src/**', name: 'f', hooks: 'pg', result: 'install' }],
  [{ id: 'x.y', join: 'callback-arg', module: 'x', export: 'on', callback: 'args[1]', hooks: 'pg', result: 'install' }],
  [{ ...pg, module: undefined }].map(({ module: _m, ...r }) => r),
  [{ ...pg, module: 'global' }],
  [{ ...pg, module: '../outside' }],
  [{ ...pg, module: 'has space' }],
  [{ ...pg, naem: 'x' }],
  [{ ...pg, export: 'x' }],
  [{ ...pg, path: 'a.b' }],
  [{ ...pg, path: 'a..b' }].map(({ name: _n, ...r }) => r),
  [{ ...pg, class: [] }],
  [{ ...pg, class: 'not-a-class' }],
  [{ ...pg, class: '**' }],
  [{ ...pg, name: '' }],
  [{ ...pg, versions: '' }],
  [{ ...pg, hooks: 'htp' }],
  [{ ...pg, result: 'promis' }],
  [{ ...pg, span: 'x' }],
  [{ ...pg, span: { nmae: 'x' } }],
  [{ ...pg, span: { kind: 'Client' } }],
  [{ ...pg, span: { name: '' } }],
  [{ ...pg, span: { attributes: { a: null } } }],
  [{ ...pg, span: { attributes: { a: [1] } } }],
  [{ ...pg, span: { args: { a: 'arg[0]' } } }],
  [{ ...pg, span: { args: { a: 'args[0].x-y' } } }],
  [{ ...pg, span: { args: { a: 1 } } }],
  [{ ...pg, span: { args: { '': 'args[0]' } } }],
  [{ id: 'x.y', join: 'call', module: 'x' }],
  [{ id: 'x.y', join: 'call', module: 'x', export: 'not-ok' }],
  [{ id: 'x.y', join: 'call', module: 'x', export: 'a', class: 'A' }],
  [{ id: 'x.y', join: 'new', module: 'global', export: 'A' }],
  [{ id: 'x.y', join: 'call', module: 'global', export: 'f', versions: '>=1' }],
  [{ id: 'x.y', join: 'function', module: 'pg', name: 'f' }],
  [{ id: 'x.y', join: 'function', module: './src/**' }],
  [{ id: 'x.y', join: 'function', module: './src/**', name: 'f', versions: '>=1' }],
];

describe('schema/rules.schema.json', () => {
  it('lists exactly the fields of types.ts', () => {
    expect(Object.keys(rule.properties).sort()).toEqual([...RULE_FIELDS].sort());
    expect(Object.keys(span.properties).sort()).toEqual([...SPAN_FIELDS].sort());
  });

  it('has the validator enums and id pattern', () => {
    expect(rule.properties.join.enum).toEqual([...SUPPORTED_JOIN_KINDS]);
    expect(rule.properties.result.enum).toEqual([...RESULT_MODES]);
    expect(rule.properties.hooks.enum).toEqual([...HOOK_IDS]);
    expect(span.properties.kind.enum).toEqual([...SPAN_KINDS]);
    expect(rule.properties.id.pattern).toBe(RULE_ID_PATTERN.source);
  });

  it.each(valid.map((v) => [JSON.stringify(v).slice(0, 90), v]))('both accept %s', (_label, input) => {
    expect(validatorAccepts(input)).toBe(true);
    expect(isValid(schema, input, schema)).toBe(true);
  });

  // One case per rule, so a catalog rule the schema rejects is named (the whole catalog is also in `valid`).
  it.each(builtinRules.map((r) => [r.id, r]))('accepts built-in rule %s', (_id, builtin) => {
    expect(isValid(schema, [builtin], schema)).toBe(true);
  });

  it.each(invalid.map((v) => [JSON.stringify(v).slice(0, 90), v]))('both reject %s', (_label, input) => {
    expect(validatorAccepts(input)).toBe(false);
    expect(isValid(schema, input, schema)).toBe(false);
  });
});
