import { describe, expect, it } from 'vitest';
import * as tracewright from '../../src/index.js';
import { TracewrightError } from '../../src/errors.js';

describe('TracewrightError', () => {
  it('prefixes once and keeps structured fields', () => {
    const error = new TracewrightError('a.ts:3:4: boom; fix it', { file: 'a.ts', line: 3, column: 4, ruleId: 'x.y', field: 'span' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TracewrightError');
    expect(error.message).toBe('[tracewright] a.ts:3:4: boom; fix it');
    expect(new TracewrightError('[tracewright] once').message).toBe('[tracewright] once');
    expect(error).toMatchObject({ file: 'a.ts', line: 3, column: 4, ruleId: 'x.y', field: 'span' });
    expect(error.problems).toEqual([{ file: 'a.ts', line: 3, column: 4, ruleId: 'x.y', field: 'span', message: 'a.ts:3:4: boom; fix it' }]);
    expect(String(error)).toBe('TracewrightError: [tracewright] a.ts:3:4: boom; fix it');
  });

  it('from(): one line per problem, location of the first', () => {
    const error = TracewrightError.from([{ message: 'one', file: 'f' }, { message: 'two', field: 'g' }]);
    expect(error.message).toBe('[tracewright] one\n[tracewright] two');
    expect(error.file).toBe('f');
    expect(error.field).toBeUndefined();
    expect(error.problems).toHaveLength(2);
  });
});

describe('public entry', () => {
  it('exports defineConfig, defineRule, TracewrightError and the catalog', () => {
    expect(Object.keys(tracewright).sort()).toEqual(['TracewrightError', 'builtinRules', 'defineConfig', 'defineRule']);
    const rule: tracewright.Rule = tracewright.defineRule({ id: 'a.b', join: 'call', module: 'a', export: 'b' });
    expect(rule.id).toBe('a.b');
  });
});
