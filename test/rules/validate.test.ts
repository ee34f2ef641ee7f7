import { describe, expect, it } from 'vitest';
import { normalizeModuleName, validateRules } from '../../src/rules/validate.js';
import { errorOf, thrown } from './helpers.js';
import { HOOK_IDS } from '../../src/rules/hookIds.js';

// The message lists every known hook id, in HOOK_IDS order (the list grows with each hook family).
const HOOK_CHOICES = `use one of ${HOOK_IDS.map((id) => JSON.stringify(id)).join(', ')}, or remove it`;

const S = 'rules.json';
const pgQuery = { id: 'pg.query', join: 'method', module: 'pg', class: ['Client', 'Pool'], name: 'query' };
/** Validate one rule (in an array) and return the error message. */
const one = (rule: unknown) => errorOf(() => validateRules([rule], S));

describe('validateRules: valid input', () => {
  it('fills defaults and normalises lists', () => {
    expect(validateRules([pgQuery], S)).toEqual([
      {
        id: 'pg.query', join: 'method', module: 'pg', exports: [], classes: ['Client', 'Pool'], names: ['query'],
        path: [], versions: undefined, span: { name: 'pg.query', kind: 'internal', attributes: {}, args: {} },
        hooks: undefined, result: 'auto', source: S,
      },
    ]);
  });

  it('compiles span args, keeps attributes, splits paths, strips node:', () => {
    const [openai, http, fn] = validateRules(
      {
        $schema: '../node_modules/tracewright/schema/rules.schema.json',
        rules: [
          { id: 'openai.chat', join: 'method', module: 'openai', class: 'OpenAI', path: 'chat.completions.create', versions: '>=4 <6',
            span: { name: 'chat', kind: 'client', attributes: { 'gen_ai.system': 'openai', n: 1, b: true }, args: { 'gen_ai.request.model': 'args[0].model' } },
            result: 'promise' },
          { id: 'my.http', join: 'call', module: 'node:http', export: ['get', 'request'], hooks: 'http' },
          { id: 'app.service', join: 'function', module: './src/services/**', name: ['handle*', 'get?'] },
        ],
      },
      S,
    );
    expect(openai).toMatchObject({ path: ['chat', 'completions', 'create'], names: [], versions: '>=4 <6',
      span: { name: 'chat', kind: 'client', attributes: { 'gen_ai.system': 'openai', n: 1, b: true }, args: { 'gen_ai.request.model': [[0, 'model']] } } });
    expect(http).toMatchObject({ module: 'http', exports: ['get', 'request'], hooks: 'http' });
    expect(fn).toMatchObject({ module: './src/services/**', names: ['handle*', 'get?'] });
  });

  it('accepts class "*" (every class and interface of the module): "every method call into ./src/**" is one rule', () => {
    expect(validateRules([{ id: 'app.methods', join: 'method', module: './src/**', class: '*', name: '*' }], S)[0])
      .toMatchObject({ module: './src/**', classes: ['*'], names: ['*'] });
    expect(one({ ...pgQuery, class: 'Cli*' })).toBe(
      '[tracewright] rules.json: rule "pg.query" (#0): field "class": "Cli*" is not a class name; write e.g. "Client", ["Client", "Pool"] or "*"');
  });

  it('accepts an empty list and single-segment ids', () => {
    expect(validateRules([], S)).toEqual([]);
    expect(validateRules({ rules: [] }, S)).toEqual([]);
    expect(validateRules([{ id: 'fetch', join: 'call', module: 'global', export: 'fetch' }], S)).toHaveLength(1);
  });

  it('normalizeModuleName strips node: from built-ins only', () => {
    expect(normalizeModuleName('node:http')).toBe('http');
    expect(normalizeModuleName('node:fs/promises')).toBe('fs/promises');
    expect(normalizeModuleName('http')).toBe('http');
    expect(normalizeModuleName('node:test')).toBe('node:test'); // prefix-only built-in: "test" is an npm package
    expect(normalizeModuleName('pg')).toBe('pg');
  });
});

describe('validateRules: exact error messages', () => {
  it.each<[string, unknown, string]>([
    ['bad join (close)', { ...pgQuery, join: 'methd' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "join": "methd" is not a join kind; did you mean "method"?'],
    ['bad join (far)', { ...pgQuery, join: 'banana' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "join": "banana" is not a join kind; use one of "call", "method", "new", "function", "callback-arg"'],
    ['callback-arg without callback', { id: 'express.route', join: 'callback-arg', module: 'express', class: 'Application', name: 'get' },
      '[tracewright] rules.json: rule "express.route" (#0): field "callback": missing; say which arguments are the callbacks: write args[1] (one argument), args[1..] (every argument from 1 on) or args[0].callback (a property of an options object)'],
    ['missing module', { id: 'x.y', join: 'call', export: 'f' },
      '[tracewright] rules.json: rule "x.y" (#0): field "module": missing; add the package name (e.g. "pg"), "global" or a project glob such as "./src/db/**"'],
    ['global with method', { ...pgQuery, module: 'global' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "module": "global" is only valid with join "call"; name the package that exports it'],
    ['function needs a glob', { id: 'app.fn', join: 'function', module: 'pg', name: 'f' },
      '[tracewright] rules.json: rule "app.fn" (#0): field "module": join "function" needs a project glob, got "pg"; write a glob of your own files such as "./src/**"'],
    ['bad project glob', { id: 'app.fn', join: 'function', module: './src/{a', name: 'f' },
      '[tracewright] rules.json: rule "app.fn" (#0): field "module": invalid glob "./src/{a": unclosed "{" (escape it as "\\{" if it is meant literally); fix the glob syntax'],
    ['bad function name glob', { id: 'app.fn', join: 'function', module: './src/**', name: 'get{' },
      '[tracewright] rules.json: rule "app.fn" (#0): field "name": invalid glob "get{": unclosed "{" (escape it as "\\{" if it is meant literally); write e.g. "handle*" or ["get*", "save"]'],
    ['bad semver', { ...pgQuery, versions: '>=8 <<9' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "versions": ">=8 <<9" is not a valid semver range; write a range such as ">=8 <9" or "^5.0.0"'],
    ['empty semver alternative', { ...pgQuery, versions: '^8 ||' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "versions": "^8 ||" is not a valid semver range; write a range such as ">=8 <9" or "^5.0.0"'],
    ['versions on a built-in', { id: 'my.http', join: 'call', module: 'node:http', export: 'get', versions: '>=20' },
      '[tracewright] rules.json: rule "my.http" (#0): field "versions": a version range only applies to an installed package, not "http"; remove it'],
    ['bad arg path', { ...pgQuery, span: { args: { 'db.query.text': 'args[0].text ?? arg[0]' } } },
      '[tracewright] rules.json: rule "pg.query" (#0): field "span.args["db.query.text"]": invalid arg path "args[0].text ?? arg[0]" at column 17: expected "args[<index>]", found "arg"; write paths such as args[0], args[1].method or args[0]["x-a"], alternatives joined by ??'],
    ['bad hooks id', { ...pgQuery, hooks: 'htp' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "hooks": unknown hook "htp"; did you mean "http"?'],
    ['unknown hooks id', { ...pgQuery, hooks: 'oracledb' },
      `[tracewright] rules.json: rule "pg.query" (#0): field "hooks": unknown hook "oracledb"; ${HOOK_CHOICES}`],
    ['bad result', { ...pgQuery, result: 'promis' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "result": "promis" is not a result mode; did you mean "promise"?'],
    ['bad span kind', { ...pgQuery, span: { kind: 'Client' } },
      '[tracewright] rules.json: rule "pg.query" (#0): field "span.kind": "Client" is not a span kind; did you mean "client"?'],
    ['unknown span field', { ...pgQuery, span: { nmae: 'x' } },
      '[tracewright] rules.json: rule "pg.query" (#0): field "span.nmae": unknown field; did you mean "span.name"?'],
    ['bad attribute value', { ...pgQuery, span: { attributes: { 'db.system.name': null } } },
      '[tracewright] rules.json: rule "pg.query" (#0): field "span.attributes["db.system.name"]": expected a string, number or boolean, got null; use a static value here; values read from arguments go in "span.args"'],
    ['unknown field, far from any', { ...pgQuery, colour: 'red' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "colour": unknown field; remove it (known fields: id, join, module, export, class, name, path, callback, versions, span, hooks, result)'],
    ['field of another join', { ...pgQuery, export: 'Client' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "export": not used by join "method"; remove it, or change "join"'],
    ['name and path', { ...pgQuery, path: 'a.b' },
      '[tracewright] rules.json: rule "pg.query" (#0): field "path": both "name" and "path" are set; keep one: "name" for a method of the instance, "path" for a property path from it'],
    ['bad export name', { id: 'x.y', join: 'call', module: 'x', export: ['ok', 'not-ok'] },
      '[tracewright] rules.json: rule "x.y" (#0): field "export[1]": "not-ok" is not an export name; write e.g. "query", ["get", "request"] or "*"'],
    ['bad id (named by index)', { ...pgQuery, id: 'PG.Query' },
      '[tracewright] rules.json: rule #0: field "id": "PG.Query" is not a valid id; use dotted lower-case segments of a-z, 0-9, "_" and "-", such as "mylib.operation"'],
    ['non-object rule', 'pg.query',
      '[tracewright] rules.json: rule #0: expected an object, got a string; write each rule as { "id": ..., "join": ..., ... }'],
  ])('%s', (_name, rule, message) => {
    expect(one(rule)).toBe(message);
  });

  it('unknown field with did-you-mean, collected with the missing field it hides', () => {
    expect(one({ id: 'pg.query', join: 'method', module: 'pg', class: 'Client', naem: 'query' })).toBe(
      [
        '[tracewright] rules.json: rule "pg.query" (#0): field "naem": unknown field; did you mean "name"?',
        '[tracewright] rules.json: rule "pg.query" (#0): field "name": missing; add "name" (method name, list or "*") or "path" (e.g. "chat.completions.create")',
      ].join('\n'),
    );
  });

  it('collects every problem of every rule, one line each, and names duplicates', () => {
    const error = thrown(() =>
      validateRules([pgQuery, 42, { ...pgQuery, hooks: 'oracledb' }, { join: 'new', module: 'x', export: 'X' }], S),
    );
    expect(error.message).toBe(
      [
        '[tracewright] rules.json: rule #1: expected an object, got a number; write each rule as { "id": ..., "join": ..., ... }',
        '[tracewright] rules.json: rule "pg.query" (#2): field "id": duplicate id "pg.query", also used by rule #0; give each rule a unique id',
        `[tracewright] rules.json: rule "pg.query" (#2): field "hooks": unknown hook "oracledb"; ${HOOK_CHOICES}`,
        '[tracewright] rules.json: rule #3: field "id": missing; add a unique dotted id such as "mylib.operation"',
      ].join('\n'),
    );
    expect(error.problems).toHaveLength(4);
    expect(error.problems[1]).toMatchObject({ file: S, ruleId: 'pg.query', field: 'id' });
    expect(error).toMatchObject({ name: 'TracewrightError', file: S });
  });

  it.each<[unknown, string]>([
    ['x', '[tracewright] rules.json: expected an array of rules or { "rules": [...] }, got a string; write [ { "id": ..., "join": ... } ]'],
    [{ rulez: [] }, '[tracewright] rules.json: field "rulez": unknown field; did you mean "rules"?\n[tracewright] rules.json: field "rules": missing; add "rules": [ ... ]'],
    [{ rules: {} }, '[tracewright] rules.json: field "rules": expected an array, got an object; write "rules": [ { "id": ..., "join": ... } ]'],
  ])('top level %j', (input, message) => {
    expect(errorOf(() => validateRules(input, S))).toBe(message);
  });
});

it('trustRanges skips parsing `versions` with semver, and only that: other checks of the field stay', () => {
  const rule = (versions: string, module = 'pg') => [{ id: 'pg.q', join: 'call', module, export: 'query', versions }];
  expect(() => validateRules(rule('not a range'), 'rules.json')).toThrow(/field "versions": "not a range" is not a valid semver range/);
  expect(validateRules(rule('not a range'), 'builtin', { trustRanges: true })[0]!.versions).toBe('not a range');
  expect(() => validateRules(rule('^5 ||'), 'builtin', { trustRanges: true })).toThrow(/is not a valid semver range/);
  expect(() => validateRules(rule('^5', 'http'), 'builtin', { trustRanges: true })).toThrow(/only applies to an installed package/);
});
