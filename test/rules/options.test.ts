import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXCLUDE, resolveOptions, TS_PATCH_KEYS } from '../../src/options.js';
import { builtinRules } from '../../src/rules/index.js';
import { errorOf, thrown } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'tw-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'config'));
const ctx = { configFile: join(root, 'tsconfig.json'), projectRoot: root, ignoreKeys: TS_PATCH_KEYS };
const write = (name: string, text: string) => writeFileSync(join(root, name), text);
const pgRule = { id: 'shop.query', join: 'method', module: 'pg', class: 'Client', name: 'query' };

describe('resolveOptions', () => {
  it('defaults: built-in rules, everything included but node_modules and .d.ts', () => {
    const options = resolveOptions(undefined, ctx);
    expect(options.rules.map((r) => r.id)).toEqual(builtinRules.map((r) => r.id));
    expect(options).toMatchObject({ include: ['**'], exclude: [...DEFAULT_EXCLUDE], strict: false });
    expect(options.reportPath).toBeUndefined();
    expect(options.isIncluded(join(root, 'src/a.ts'))).toBe(true);
    expect(options.isIncluded('src/a.ts')).toBe(true);
    expect(options.isIncluded(join(root, 'node_modules/pg/index.js'))).toBe(false);
    expect(options.isIncluded(join(root, 'src/types.d.ts'))).toBe(false);
  });

  it('ignores the host keys, reads every option', () => {
    write('rules.json', JSON.stringify({ $schema: 'x', rules: [pgRule] }));
    const options = resolveOptions(
      { transform: 'tracewright/tsc', afterDeclarations: false, rules: './rules.json', builtin: false, disable: [], include: ['src/**'], exclude: ['src/gen/**'], report: 'out/tw.json', strict: true },
      ctx,
    );
    expect(options.rules.map((r) => [r.id, r.source])).toEqual([['shop.query', 'rules.json']]);
    expect(options.reportPath).toBe(join(root, 'out/tw.json'));
    expect(options.strict).toBe(true);
    expect(options.isIncluded('src/a.ts')).toBe(true);
    expect(options.isIncluded('src/gen/a.ts')).toBe(false);
    expect(options.isIncluded('test/a.ts')).toBe(false);
  });

  it('reads a rule file relative to the config file directory', () => {
    write('config/rules.json', JSON.stringify([pgRule]));
    const options = resolveOptions({ rules: 'rules.json' }, { ...ctx, configFile: join(root, 'config/tsconfig.json') });
    expect(options.rules.at(-1)).toMatchObject({ id: 'shop.query', source: 'config/rules.json' });
  });

  it('unknown option with did-you-mean; host keys are unknown unless ignored', () => {
    expect(errorOf(() => resolveOptions({ rulse: [] }, ctx))).toBe('[tracewright] tsconfig.json: option "rulse": unknown option; did you mean "rules"?');
    expect(errorOf(() => resolveOptions({ transform: 'tracewright/tsc' }, { ...ctx, ignoreKeys: [] }))).toBe(
      '[tracewright] tsconfig.json: option "transform": unknown option; remove it (options: rules, builtin, disable, include, exclude, report, strict, server, ignorePaths, handlerSpans)',
    );
  });

  it('wrong types name the option and the expected type, all at once', () => {
    expect(errorOf(() => resolveOptions({ builtin: 'yes', include: 'src/**', report: 3, rules: {} }, ctx))).toBe(
      [
        '[tracewright] tsconfig.json: option "builtin": expected a boolean, got a string; write true or false',
        '[tracewright] tsconfig.json: option "include": expected an array of strings, got a string; write e.g. ["src/**"]',
        '[tracewright] tsconfig.json: option "report": expected a file path, got a number; write e.g. "tracewright-report.json"',
        '[tracewright] tsconfig.json: option "rules": expected an array of rules or the path of a JSON rule file, got an object; write e.g. "./tracewright.rules.json"',
      ].join('\n'),
    );
    expect(errorOf(() => resolveOptions('rules.json', ctx))).toBe(
      '[tracewright] tsconfig.json: tracewright options must be an object, got a string; write e.g. { "rules": "./tracewright.rules.json" }',
    );
  });

  it('a bad glob names the option and its index', () => {
    expect(errorOf(() => resolveOptions({ exclude: ['ok/**', '/abs/**'] }, ctx))).toBe(
      '[tracewright] tsconfig.json: option "exclude[1]": invalid glob "/abs/**": globs are relative to the project root; remove the leading "/"; fix the pattern',
    );
  });

  it('a missing rule file names the path, the real directory and the rule files there', () => {
    expect(errorOf(() => resolveOptions({ rules: './missing.json' }, ctx))).toBe(
      `[tracewright] tsconfig.json: option "rules": rule file ./missing.json (relative to the directory of tsconfig.json) does not exist: no missing.json in ${root}; rule files there: rules.json`,
    );
  });

  it('a rule file that is not JSON names the path and the position', () => {
    write('bad.json', '[\n  { "id": "a.b", }\n]\n');
    const error = thrown(() => resolveOptions({ rules: 'bad.json' }, ctx));
    expect(error.message).toBe(
      `[tracewright] bad.json:2:18: not valid JSON: Expected double-quoted property name in JSON; fix the JSON syntax`,
    );
    expect(error).toMatchObject({ file: join(root, 'bad.json'), line: 2, column: 18 });
    write('empty.json', '');
    expect(errorOf(() => resolveOptions({ rules: 'empty.json' }, ctx))).toBe(
      '[tracewright] empty.json:1:1: not valid JSON: Unexpected end of JSON input; fix the JSON syntax',
    );
  });

  it('rule errors name the rule file, or the config file for inline rules', () => {
    write('typo.json', JSON.stringify([{ ...pgRule, hooks: 'htp' }]));
    expect(errorOf(() => resolveOptions({ rules: 'typo.json' }, ctx))).toBe(
      '[tracewright] typo.json:1:91: rule "shop.query": field "hooks": unknown hook "htp"; did you mean "http"?',
    );
    expect(errorOf(() => resolveOptions({ rules: [{ ...pgRule, hooks: 'htp' }] }, ctx))).toBe(
      '[tracewright] tsconfig.json plugins[].rules: rule "shop.query" (#0): field "hooks": unknown hook "htp"; did you mean "http"?',
    );
  });

  it('disable errors come with option errors; skipped when the rules themselves are broken', () => {
    expect(errorOf(() => resolveOptions({ disable: ['http.gett'], strict: 1 }, ctx))).toBe(
      [
        '[tracewright] tsconfig.json: option "strict": expected a boolean, got a number; write true or false',
        '[tracewright] tsconfig.json: option "disable": "http.gett" names no rule; did you mean "http.get"?',
      ].join('\n'),
    );
    expect(errorOf(() => resolveOptions({ disable: ['my.rule'], rules: [{ id: 'my.rule', join: 'call' }] }, ctx))).toBe(
      '[tracewright] tsconfig.json plugins[].rules: rule "my.rule" (#0): field "module": missing; add the package name (e.g. "pg"), "global" or a project glob such as "./src/db/**"\n' +
        '[tracewright] tsconfig.json plugins[].rules: rule "my.rule" (#0): field "export": missing; add the export name, a list of names, or "*"',
    );
  });
});
