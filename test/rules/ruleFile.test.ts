import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { fieldPath, parseRuleFile } from '../../src/rules/ruleFile.js';
import { resolveOptions } from '../../src/options.js';
import { TracewrightError } from '../../src/errors.js';
import { missingModules } from '../../src/transformer/session/session.js';
import type { ResolvedRule } from '../../src/rules/types.js';
import { isValid } from './miniSchema.js';
import { errorOf } from './helpers.js';

const problemsOf = (text: string, file: string): string[] => {
  try {
    parseRuleFile(text, file, file);
  } catch (error) {
    if (error instanceof TracewrightError) return error.message.split('\n');
    throw error;
  }
  throw new Error('no error');
};

// Line 7, column 11 is the value of `kind`.
const badYaml = `# yaml-language-server: $schema=./node_modules/tracewright/schema/rules.schema.json
rules:
  - id: db.query
    join: method
    module: pg
    class: Client
    name: query
    span: { kind: clinet }
  - id: app.svc
    join: function
    module: ./src/**
    name: handle*
    colour: red
`;

describe('rule files: positions of problems', () => {
  it('YAML: a bad value points at the value, an unknown field at its key', () => {
    expect(problemsOf(badYaml, 'rules.yaml')).toEqual([
      '[tracewright] rules.yaml:8:19: rule "db.query": field "span.kind": "clinet" is not a span kind; did you mean "client"?',
      '[tracewright] rules.yaml:13:5: rule "app.svc": field "colour": unknown field; remove it (known fields: id, join, module, export, class, name, path, callback, versions, span, hooks, result)',
    ]);
  });

  it('JSON: the same problems at their JSON positions, with the structured location', () => {
    const text = '[\n  {\n    "id": "db.query",\n    "join": "method",\n    "module": "pg",\n    "class": ["Client", 7],\n    "name": "query"\n  }\n]\n';
    let error: TracewrightError | undefined;
    try {
      parseRuleFile(text, 'rules.json', 'rules.json');
    } catch (e) {
      error = e as TracewrightError;
    }
    expect(error?.message).toBe('[tracewright] rules.json:6:25: rule "db.query": field "class[1]": expected a non-empty string, got a number; write e.g. "Client", ["Client", "Pool"] or "*"');
    expect(error?.problems[0]).toMatchObject({ line: 6, column: 25, ruleId: 'db.query', field: 'class[1]' });
  });

  it('a missing field points at the rule that lacks it; top-level problems at the top', () => {
    expect(problemsOf('{\n  "rules": [\n    { "id": "a.b", "join": "call", "module": "pg" }\n  ]\n}\n', 'r.json')).toEqual([
      '[tracewright] r.json:3:5: rule "a.b": field "export": missing; add the export name, a list of names, or "*"',
    ]);
    expect(problemsOf('rulez: []\n', 'r.yml')).toEqual([
      '[tracewright] r.yml:1:1: field "rulez": unknown field; did you mean "rules"?',
      '[tracewright] r.yml:1:1: field "rules": missing; add "rules": [ ... ]',
    ]);
  });

  it('dotted attribute names are found as one key', () => {
    expect(fieldPath('span.attributes["db.system.name"]')).toEqual(['span', 'attributes', 'db.system.name']);
    expect(fieldPath('export[1]')).toEqual(['export', 1]);
    const yaml = '- id: a.b\n  join: call\n  module: pg\n  export: query\n  span:\n    attributes:\n      db.system.name: [1]\n';
    expect(problemsOf(yaml, 'r.yaml')[0]).toMatch(/^\[tracewright\] r\.yaml:7:23: rule "a\.b": field "span\.attributes\["db\.system\.name"\]": expected a string, number or boolean/);
  });

  it('syntax errors: line and column, for YAML and JSON', () => {
    expect(problemsOf('- id: a\n  join: [call\n', 'r.yaml')[0]).toMatch(/^\[tracewright\] r\.yaml:3:1: not valid YAML: .+; fix the YAML syntax$/);
    expect(problemsOf('[\n  { "id": "a", }\n]', 'r.json')[0]).toMatch(/^\[tracewright\] r\.json:2:16: not valid JSON: .+; fix the JSON syntax$/);
    expect(problemsOf('a: 1\na: 2\n', 'r.yaml')[0]).toMatch(/^\[tracewright\] r\.yaml:2:1: not valid YAML: Map keys must be unique/);
  });

  it('a valid YAML file gives the same rules as the same JSON file', () => {
    const rules = [{ id: 'db.query', join: 'method', module: 'pg', class: ['Client'], name: 'query', span: { kind: 'client', attributes: { 'db.system.name': 'postgresql' } } }];
    const yaml = '- id: db.query\n  join: method\n  module: pg\n  class: [Client]\n  name: query\n  span:\n    kind: client\n    attributes:\n      db.system.name: postgresql\n';
    expect(parseRuleFile(yaml, 'r.yaml', 'r.yaml')).toEqual(parseRuleFile(JSON.stringify(rules), 'r.yaml', 'r.yaml'));
    expect(parseRuleFile(yaml, 'r.yaml', 'r.yaml')[0]).toMatchObject({ id: 'db.query', source: 'r.yaml', span: { kind: 'client' } });
  });

  it('the JSON Schema accepts both $schema forms: the JSON key, and YAML whose comment carries it', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schema/rules.schema.json'), 'utf8'));
    const fromYaml = parseDocument(badYaml.replace('clinet', 'client').replace('    colour: red\n', '')).toJS();
    expect(isValid(schema, fromYaml, schema)).toBe(true);
    expect(isValid(schema, { $schema: './node_modules/tracewright/schema/rules.schema.json', rules: fromYaml.rules }, schema)).toBe(true);
    expect(isValid(schema, { ...fromYaml, colour: 1 }, schema)).toBe(false);
  });
});

describe('rule files through the options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-rulefile-'));
  const ctx = { configFile: join(dir, 'tsconfig.json'), projectRoot: dir };

  it('reads a YAML rule file and places its problems in it', () => {
    writeFileSync(join(dir, 'good.yml'), '- id: my.fn\n  join: call\n  module: node:fs\n  export: readFileSync\n');
    expect(resolveOptions({ rules: './good.yml', builtin: false }, ctx).rules.map((r) => [r.id, r.source])).toEqual([['my.fn', 'good.yml']]);
    writeFileSync(join(dir, 'bad.yaml'), badYaml);
    expect(errorOf(() => resolveOptions({ rules: 'bad.yaml' }, ctx))).toContain('[tracewright] bad.yaml:8:19: rule "db.query": field "span.kind"');
  });

  it('a missing rule file names the real directory and the near name', () => {
    writeFileSync(join(dir, 'tracewright.rules.json'), '[]');
    expect(errorOf(() => resolveOptions({ rules: './tracewright.rule.json' }, ctx))).toBe(
      `[tracewright] tsconfig.json: option "rules": rule file ./tracewright.rule.json (relative to the directory of tsconfig.json) does not exist: no tracewright.rule.json in ${dir}; did you mean "./tracewright.rules.json"?`);
    expect(errorOf(() => resolveOptions({ rules: 'config/rules.json' }, ctx))).toBe(
      `[tracewright] tsconfig.json: option "rules": rule file config/rules.json (relative to the directory of tsconfig.json) does not exist: there is no directory ${join(dir, 'config')}`);
    expect(errorOf(() => resolveOptions({ rules: 'other.json' }, ctx))).toBe(
      `[tracewright] tsconfig.json: option "rules": rule file other.json (relative to the directory of tsconfig.json) does not exist: no other.json in ${dir}; rule files there: tracewright.rules.json`);
  });
});

describe('a project glob without "./"', () => {
  const rule = { id: 'app.svc', join: 'call', module: 'src/services/**', export: '*' };

  it('is an error that says project globs start with "./" and gives the glob to write', () => {
    expect(problemsOf(JSON.stringify([rule]), 'r.json')).toEqual([
      '[tracewright] r.json:1:41: rule "app.svc": field "module": "src/services/**" is a glob but not a project glob, which starts with "./"; write "./src/services/**" (resolved from the project root)',
    ]);
  });

  it('a folder of the project named like a package: the not-installed warning says the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-glob-'));
    mkdirSync(join(dir, 'src/services'), { recursive: true });
    const rules = [{ ...rule, module: 'src/services', source: 'rules.json' }, { ...rule, id: 'x.y', module: 'left-pad', source: 'rules.json' }] as unknown as ResolvedRule[];
    expect(missingModules(rules, dir)).toEqual([
      'rule app.svc (from rules.json): module "src/services" is not installed in this project; project globs start with "./": write "./src/services/**" to match your own files',
      'rule x.y (from rules.json): module "left-pad" is not installed in this project; the rule cannot match',
    ]);
  });
});
