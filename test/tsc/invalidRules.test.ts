/**
 * What the build says matches what it did (issue 10 item 8): under `tspc`, an invalid rule stops
 * the build — a non-zero exit, the error naming the rules file, the rule id and the field, and no
 * output at all (tsc would otherwise emit every file uninstrumented, `noEmitOnError` being off by
 * default). Runs the real `tspc` of the ts-patch under test on the built package.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { ensurePackage, TMP } from '../bundlers/package.js';
import { compileProject } from '../helpers/compile.js';
import { compilerEnv, compilerLabel, tspcPath } from '../helpers/typescript.js';

const exec = promisify(execFile);

test(`tspc with an invalid rule exits non-zero, names file, rule and field, and writes nothing (${compilerLabel()})`, async () => {
  await ensurePackage(); // tracewright/tsc resolvable from test/.tmp
  const dir = join(TMP, 'projects', 'tspc-invalid-rule');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [], outDir: 'dist', rootDir: 'src',
      plugins: [{ transform: 'tracewright/tsc', rules: 'rules.json' }] },
    include: ['src'],
  }));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify([{ id: 'app.query', join: 'methd', module: './src/**', class: 'Db', name: 'query' }]));
  writeFileSync(join(dir, 'src/a.ts'), "export const a = (): Promise<Response> => fetch('http://a');\n");
  writeFileSync(join(dir, 'src/b.ts'), 'export const b = 1;\n');
  const result = await exec(process.execPath, [tspcPath(), '-p', '.'], { cwd: dir, env: compilerEnv() }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toContain('[tracewright] rules.json:1:27: rule "app.query": field "join": "methd" is not a join kind; did you mean "method"?');
  expect(existsSync(join(dir, 'dist')) ? readdirSync(join(dir, 'dist'), { recursive: true }) : [], 'no output written').toEqual([]);
}, 300_000);

test('in process (the transformer called as ts-patch calls it): the error, and no file emitted', () => {
  const out = compileProject({
    name: 'invalid-rule-no-emit',
    files: { 'src/a.ts': "export const a = () => fetch('http://a');\n", 'src/b.ts': 'export const b = 1;\n' },
    plugin: { rules: [{ id: 'app.query', join: 'method', module: './src/**', class: 'Db', nmae: 'query' }] },
  });
  expect(out.errors).toEqual([expect.stringContaining('rule "app.query" (#0): field "nmae": unknown field; did you mean "name"?')]);
  expect(out.outputs).toEqual({});
});
