/**
 * A project that cannot resolve `@tracewright/runtime` (installed tracewright as the README says,
 * forgot the runtime) must not get a bundle that crashes at start-up: every bundler's build stops
 * with one error naming the package and the install command. The project lives outside the
 * repository (the OS temp directory), so resolution cannot walk up into this repository's own
 * node_modules; its node_modules links only the bundlers and tracewright.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildWith, type Bundler } from './builders.js';
import { ensurePackage, PACKAGE_DIR, REPO } from './package.js';

const DIR = mkdtempSync(join(tmpdir(), 'tw-no-runtime-'));
const LINKED = ['vite', 'esbuild', 'esbuild-loader', 'rollup', '@rollup/plugin-commonjs', '@rollup/plugin-node-resolve', 'webpack', '@rspack/core'];

beforeAll(async () => {
  await ensurePackage();
  mkdirSync(join(DIR, 'src'), { recursive: true });
  writeFileSync(join(DIR, 'package.json'), '{ "private": true }\n');
  writeFileSync(join(DIR, 'src/main.ts'), `export const get = (url: string) => fetch(url);\nconsole.log(typeof get);\n`);
  const link = (target: string, name: string) => {
    mkdirSync(dirname(join(DIR, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(DIR, 'node_modules', name), 'dir');
  };
  link(PACKAGE_DIR, 'tracewright');
  for (const name of LINKED) link(join(REPO, 'node_modules', name), name);
});
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

test.each(['esbuild', 'vite', 'rollup', 'webpack', 'rspack'] as Bundler[])('%s: the build stops, naming the runtime package and the install command', async (bundler) => {
  const build = await buildWith(bundler, `${bundler}-no-runtime`, {}, 'src/main.ts', DIR);
  expect(build.ok).toBe(false);
  const errors = build.errors.join('\n');
  expect(errors).toContain(`[tracewright] @tracewright/runtime is not installed in ${DIR}: the instrumented code imports it at run time.`);
  expect(errors).toContain('npm i @tracewright/runtime@0.1.0');
});

test('esbuild without the plugin builds the same project (the failure is ours, not the setup\'s)', async () => {
  const build = await buildWith('esbuild', 'esbuild-no-plugin', false, 'src/main.ts', DIR);
  expect(build.errors).toEqual([]);
  expect(build.ok).toBe(true);
});
