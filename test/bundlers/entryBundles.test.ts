/**
 * The plugin entries (and `tracewright/tsc`) ship as one file each, so a
 * cold build loads one module instead of ~45 (scripts/bundleEntries.mjs):
 * requiring a CommonJS entry puts exactly one tracewright file in
 * `require.cache`; an ES module entry imports nothing relative but the
 * webpack loader; each still exports the plugin factory. The vite, rollup and
 * esbuild entries never load unplugin.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, test } from 'vitest';
import { BUNDLED_ENTRIES } from '../../scripts/bundleEntries.mjs';
import { ensurePackage, PACKAGE_DIR } from './package.js';

const exec = promisify(execFile);

beforeAll(async () => {
  await ensurePackage();
});

test.each(BUNDLED_ENTRIES.cjs)('dist/cjs/%s loads as a single tracewright file', async (entry) => {
  const file = join(PACKAGE_DIR, 'dist/cjs', entry);
  const script = `const m = require(${JSON.stringify(file)});
const own = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(PACKAGE_DIR)}));
console.log(JSON.stringify({ own, type: typeof (m.default ?? m) }));`;
  const { stdout } = await exec(process.execPath, ['-e', script], { env: { ...process.env, NODE_OPTIONS: '' } });
  const { own, type } = JSON.parse(stdout) as { own: string[]; type: string };
  expect(own).toEqual([file]);
  expect(type).toBe('function');
});

test.each(BUNDLED_ENTRIES.esm)('dist/esm/%s imports no other tracewright module', async (entry) => {
  const file = join(PACKAGE_DIR, 'dist/esm', entry);
  const relativeImports = [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  expect(relativeImports.filter((s) => s !== './webpackLoader.cjs')).toEqual([]);
  const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(file)}); console.log(typeof m.default);`],
    { env: { ...process.env, NODE_OPTIONS: '' } });
  expect(stdout.trim()).toBe('function');
});

test.each(['vite', 'rollup', 'esbuild'])('the %s entry never loads unplugin (~60 ms of a cold build); webpack and rspack do', (name) => {
  const loadsUnplugin = (file: string) => /(?:\bfrom\s*|\brequire\s*\(\s*)["']unplugin["']/.test(readFileSync(file, 'utf8'));
  for (const format of ['esm', 'cjs']) {
    expect(loadsUnplugin(join(PACKAGE_DIR, `dist/${format}/plugins/${name}.js`)), `${format} ${name}`).toBe(false);
    expect(loadsUnplugin(join(PACKAGE_DIR, `dist/${format}/plugins/webpack.js`)), `${format} webpack`).toBe(true);
  }
});
