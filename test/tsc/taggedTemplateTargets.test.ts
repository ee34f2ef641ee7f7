/**
 * Tagged templates under every emit target tsc offers: from ES2018 on the template stays
 * native; below, tsc turns it into a call with a template object cached per site
 * (`templateObject_1 || (templateObject_1 = __makeTemplateObject(…))`, ES5 for every template,
 * ES2015–ES2017 for those with invalid escapes). The wrapped tag goes through the same cache, so
 * a site passes one strings array on every evaluation, as the plain program does (frozen or
 * not, exactly as plain), and member tags keep `this`.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { compileProject } from '../helpers/compile.js';
import { captureConsole, loadCompiled } from '../helpers/execute.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';
import { typescriptVersion } from '../helpers/typescript.js';

const files = {
  'lib.ts': `
export const seen: TemplateStringsArray[] = [];
export function sql(this: unknown, strings: TemplateStringsArray, ...values: unknown[]): string {
  seen.push(strings);
  return (this === undefined ? '' : 'bound ') + strings.raw.join('?') + values.join(',');
}
`,
  'main.ts': `
import { sql, seen } from './lib';
import * as lib from './lib';
function plain(n: number): string { return sql\`a\${n}b\`; }
function escaped(n: number): string { return sql\`\\\\unicode\${n}\`; }
function member(n: number): string { return lib.sql\`m\${n}\`; }
export function run(): string[] {
  const out = [plain(1), plain(2), escaped(1), escaped(2), member(1), member(2)];
  out.push(String(seen[0] === seen[1]), String(seen[2] === seen[3]), String(seen[4] === seen[5]), String(seen[0] !== seen[2]));
  out.push(String(Object.isFrozen(seen[0])), String(Object.isFrozen(seen[2])));
  return out;
}
`,
};
const RULES = [{ id: 'lib.sql', join: 'call', module: './lib*', export: 'sql' }];

beforeAll(() => {
  setupOtel();
});

const major = Number(typescriptVersion().split('.')[0]);
describe.each(['ES5', 'ES2015', 'ES2017', 'ES2022'])('target %s', (target) => {
  test('one strings array per site, plain and instrumented alike', async () => {
    // TypeScript 6 deprecates ES5 output: still supported behind ignoreDeprecations.
    const compilerOptions = { target, ...(target === 'ES5' && major >= 6 ? { ignoreDeprecations: '6.0' } : {}) };
    const plain = compileProject({ name: `tagged-${target}-plain`, files, plugin: false, compilerOptions });
    const instrumented = compileProject({ name: `tagged-${target}-exec`, files, plugin: { rules: RULES }, compilerOptions });
    expect(plain.errors).toEqual([]);
    expect(instrumented.errors).toEqual([]);
    expect(instrumented.outputs['out/main.js']).toContain('__tw.tag(__tw_site(0), lib_1.sql)');
    const runOf = async (outputs: Record<string, string>, root: string) =>
      captureConsole(async () => (loadCompiled(outputs, 'out/main.js', root).run as () => string[])());
    const expected = await runOf(plain.outputs, plain.root);
    resetSpans();
    const actual = await runOf(instrumented.outputs, instrumented.root);
    expect(actual).toEqual(expected);
    expect(expected.value!.slice(6, 10)).toEqual(['true', 'true', 'true', 'true']);
    expect(actual.value!.slice(4, 6)).toEqual(['bound m?1', 'bound m?2']); // `this` is the namespace
    expect(finishedSpans()).toHaveLength(6);
  });
});
