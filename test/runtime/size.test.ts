/**
 * The runtime ships to production and into browser bundles: it must stay small. Two budgets,
 * measured on the package as it is packed (test/bundlers/package.ts builds it like
 * scripts/build.mjs does):
 * - the unpacked size `npm pack` reports for `@tracewright/runtime` (both module formats and
 *   their declarations);
 * - the bytes the runtime adds to a minified browser bundle (esbuild, ESM, `@opentelemetry/api`
 *   external as in any app that already uses it) of a module that calls `fetch`, instrumented by
 *   the tracewright esbuild plugin, against the same module built without it.
 * Raise a budget only on purpose, in the same commit as the code that needs it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { ensurePackage, PACKAGE_DIR, RUNTIME_PACKAGE_DIR, TMP } from '../bundlers/package.js';

/**
 * Budgets in bytes. Measured 2026-12-05: 441,243 unpacked with the HTTP, Redis, SQL and SQLite
 * hooks and declarations once (CommonJS ones serve both conditions); 509,830 before that, with
 * ESM declarations too; 265,692 with the HTTP hooks only.
 * 18,095 added to the bundle (core ~11 KB, fetch hooks ~7 KB: no other family's hooks reach it).
 * Leaf spans (suppress.ts) brought them to 497,523 and 18,917.
 * Tagged templates and forwarded calls (tagged.ts, forwarded.ts: ~15 KB over both formats and
 * declarations, half of it doc comments) brought the unpacked size to 506,075; the bundle is
 * unchanged (esbuild drops helpers a module does not use). The metrics module, optional calls
 * and the pg cursor hooks grew it further; shipping the JavaScript without comments (the
 * declarations keep them, scripts/buildDist.mjs) brought it to 372,437. Later hooks and the server
 * contracts grew it to 379,016; shipping one file per entry plus shared files instead of tsc's
 * per-module output (scripts/bundleRuntime.mjs) brought it to 350,718, and the fetch bundle from
 * 19,766 to 19,375 bytes.
 */
const UNPACKED_BUDGET = 500_000;
const BUNDLE_BUDGET = 20_000;

const exec = promisify(execFile);
const DIR = join(TMP, 'runtime-size');

beforeAll(async () => {
  await ensurePackage();
  mkdirSync(join(DIR, 'src'), { recursive: true });
  writeFileSync(join(DIR, 'src/main.ts'), `export async function status(url: string): Promise<number> {\n  const response = await fetch(url);\n  return response.status;\n}\n`);
});

test(`@tracewright/runtime unpacks to at most ${UNPACKED_BUDGET} bytes`, async () => {
  const { stdout } = await exec('npm', ['pack', '--dry-run', '--json'], { cwd: RUNTIME_PACKAGE_DIR });
  const [{ unpackedSize, files }] = JSON.parse(stdout) as { unpackedSize: number; files: { path: string }[] }[];
  expect(files.map((f) => f.path).filter((p) => !/^(dist\/cjs\/.+\.(js|d\.ts)|dist\/esm\/.+\.js|dist\/(cjs|esm)\/package\.json|package\.json|README\.md)$/.test(p))).toEqual([]);
  expect(unpackedSize).toBeLessThanOrEqual(UNPACKED_BUDGET);
});

test(`fetch instrumentation adds at most ${BUNDLE_BUDGET} bytes to a minified browser bundle`, async () => {
  const plugin = ((await import(join(PACKAGE_DIR, 'dist/esm/plugins/esbuild.js'))) as { default: (o: object) => Plugin }).default;
  const size = async (plugins: Plugin[]) => {
    const result = await build({
      entryPoints: [join(DIR, 'src/main.ts')], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
      external: ['@opentelemetry/api'], absWorkingDir: DIR, plugins, logLevel: 'silent',
    });
    return { bytes: result.outputFiles[0]!.contents.byteLength, text: result.outputFiles[0]!.text };
  };
  const plain = await size([]);
  const instrumented = await size([plugin({ cache: false })]);
  expect(instrumented.text).toContain('fetch'); // the bundle still calls fetch, now through the runtime
  const added = instrumented.bytes - plain.bytes;
  expect(added).toBeGreaterThan(1000); // the runtime really is in the bundle
  expect(added).toBeLessThanOrEqual(BUNDLE_BUDGET);
});
