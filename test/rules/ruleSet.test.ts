import { describe, expect, it } from 'vitest';
import { builtinRules, resolveRuleSet, resolvedBuiltinRules } from '../../src/rules/index.js';
import { validateRules } from '../../src/rules/validate.js';
import { errorOf } from './helpers.js';

const userGet = validateRules([{ id: 'http.get', join: 'call', module: 'http', export: 'get', span: { name: 'GET' } }], 'rules.json');
const pg = validateRules([{ id: 'shop.query', join: 'method', module: 'pg', class: 'Client', name: 'query' }], 'rules.json');
const pgAgain = validateRules([{ id: 'shop.query', join: 'method', module: 'pg', class: 'Pool', name: 'query' }], 'tsconfig.json plugins[].rules');
const ids = (rules: { id: string }[]) => rules.map((r) => r.id);

describe('resolveRuleSet', () => {
  it('returns the built-in catalog in order, validated once', () => {
    const rules = resolveRuleSet({ builtin: true, user: [], disable: [], source: 'tsconfig.json' });
    expect(ids(rules)).toEqual(builtinRules.map((r) => r.id));
    expect(rules.every((r) => r.source === 'builtin')).toBe(true);
    expect(resolvedBuiltinRules()).toBe(resolvedBuiltinRules());
    // Built without parsing the `versions` ranges (trusted): the same rules as full validation gives.
    expect(resolvedBuiltinRules()).toEqual(validateRules(builtinRules, 'builtin'));
  });

  it('appends user rules; a user rule with a built-in id replaces it in place', () => {
    const rules = resolveRuleSet({ builtin: true, user: [...pg, ...userGet], disable: [], source: 'tsconfig.json' });
    expect(ids(rules)).toEqual([...builtinRules.map((r) => r.id), 'shop.query']);
    const get = rules.find((r) => r.id === 'http.get')!;
    expect(get.source).toBe('rules.json');
    expect(get.span.name).toBe('GET');
  });

  it('builtin: false keeps only user rules', () => {
    expect(ids(resolveRuleSet({ builtin: false, user: pg, disable: [], source: 'tsconfig.json' }))).toEqual(['shop.query']);
  });

  it('disable drops built-in and user rules; built-in ids are known even with builtin: false', () => {
    const rules = resolveRuleSet({ builtin: true, user: pg, disable: ['http.get', 'shop.query', 'http.get'], source: 'tsconfig.json' });
    expect(ids(rules)).not.toContain('http.get');
    expect(ids(rules)).not.toContain('shop.query');
    expect(ids(resolveRuleSet({ builtin: false, user: pg, disable: ['fetch'], source: 'tsconfig.json' }))).toEqual(['shop.query']);
  });

  it('an unknown id in disable is an error with a did-you-mean', () => {
    expect(errorOf(() => resolveRuleSet({ builtin: true, user: [], disable: ['htp.get', 'nothing.like.it'], source: 'tsconfig.json' }))).toBe(
      [
        '[tracewright] tsconfig.json: option "disable": "htp.get" names no rule; did you mean "http.get"?',
        '[tracewright] tsconfig.json: option "disable": "nothing.like.it" names no rule; list rule ids such as "http.get"',
      ].join('\n'),
    );
  });

  it('two user rules with the same id name both sources', () => {
    expect(errorOf(() => resolveRuleSet({ builtin: true, user: [...pg, ...pgAgain], disable: [], source: 'tsconfig.json' }))).toBe(
      '[tracewright] tsconfig.json plugins[].rules: rule "shop.query": duplicate id, also defined in rules.json; rename one of them',
    );
  });
});
