/**
 * In a workspace or with `npm link`, tracewright and @tracewright/runtime resolve to real paths
 * outside node_modules. Their files must never be instrumented (the runtime wrapping its own
 * calls, @span doc comments in its declarations). Here both are linked into a project by
 * symlinks to directories outside any node_modules, and an esbuild build bundles the runtime.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { ensurePackage, PACKAGE_DIR, RUNTIME_PACKAGE_DIR, TMP } from './package.js';

const DIR = join(TMP, 'linked');

beforeAll(async () => {
  await ensurePackage();
  rmSync(DIR, { recursive: true, force: true });
  // Copies outside node_modules, linked into the project's node_modules (what workspaces do).
  cpSync(PACKAGE_DIR, join(DIR, 'packages/tracewright'), { recursive: true });
  cpSync(RUNTIME_PACKAGE_DIR, join(DIR, 'packages/runtime'), { recursive: true });
  mkdirSync(join(DIR, 'app/node_modules/@tracewright'), { recursive: true });
  symlinkSync(join(DIR, 'packages/tracewright'), join(DIR, 'app/node_modules/tracewright'), 'dir');
  symlinkSync(join(DIR, 'packages/runtime'), join(DIR, 'app/node_modules/@tracewright/runtime'), 'dir');
  mkdirSync(join(DIR, 'app/src'), { recursive: true });
  writeFileSync(join(DIR, 'app/package.json'), '{ "private": true }\n');
  writeFileSync(join(DIR, 'app/src/main.ts'), `export const get = (url: string) => fetch(url);\n`);
});

test('a bundle of a linked runtime instruments only the project\'s files', async () => {
  const plugin = ((await import(join(DIR, 'packages/tracewright/dist/esm/plugins/esbuild.js'))) as { default: (o: object) => Plugin }).default;
  const result = await build({
    absWorkingDir: join(DIR, 'app'), entryPoints: ['./src/main.ts'], bundle: true, platform: 'node', format: 'esm', write: false,
    external: ['@opentelemetry/api'], logLevel: 'silent', plugins: [plugin({ cache: false, report: 'report.json' })],
  });
  expect(result.warnings.map((w) => w.text)).toEqual([]);
  const report = JSON.parse(readFileSync(join(DIR, 'app/report.json'), 'utf8')) as { files: number; matched: { file: string }[] };
  expect(report.matched.map((m) => m.file)).toEqual(['src/main.ts']);
  expect(report.files).toBe(1);
});
