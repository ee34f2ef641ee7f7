/**
 * A front-end build: vite bundles browser code whose fetch is instrumented.
 * The runtime must come along without any Node built-in (a static
 * `node:diagnostics_channel` import would fail or stub out the build), and
 * the bundle must run where `process` does not exist, its fetch still
 * answering as before.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { beforeAll, expect, test } from 'vitest';
import { ensurePackage, TMP, withLock } from './package.js';
import { run } from './run.js';

const DIR = join(TMP, 'browser-app');

beforeAll(async () => {
  await ensurePackage();
  await withLock('browser-app', async () => {
    mkdirSync(join(DIR, 'src'), { recursive: true });
    writeFileSync(join(DIR, 'src/web.ts'), `export async function greet(): Promise<string> {
  const res = await fetch('/api/greeting');
  return 'status ' + res.status;
}
`);
    writeFileSync(join(DIR, 'build.mjs'), `import { build } from 'vite';
import tracewright from 'tracewright/vite';
await build({
  root: ${JSON.stringify(DIR)}, configFile: false, logLevel: 'silent', plugins: [tracewright()],
  build: { outDir: 'out', emptyOutDir: true, minify: false, lib: { entry: 'src/web.ts', formats: ['iife'], name: 'web', fileName: () => 'web.js' } },
});
`);
  });
}, 300_000);

test('vite builds browser code with instrumented fetch, and the bundle runs without process', async () => {
  await run(process.execPath, [join(DIR, 'build.mjs')], DIR);
  const files = readdirSync(join(DIR, 'out'));
  expect(files).toEqual(['web.js']);
  const code = readFileSync(join(DIR, 'out/web.js'), 'utf8');
  expect(code).toContain('tracewright');
  expect(code).not.toMatch(/__vite-browser-external|require\(["']node:|from ["']node:/);
  // A browser-like global: fetch, no process, no require.
  const calls: string[] = [];
  const sandbox: Record<string, unknown> = {
    fetch: async (url: string) => { calls.push(url); return { status: 204 }; },
    console, setTimeout, queueMicrotask, Promise, Symbol, Object, Reflect, Error, TypeError, Array, Map, WeakMap, Set, JSON, Math, Date, String, Number,
  };
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  runInNewContext(code, sandbox);
  const web = sandbox.web as { greet(): Promise<string> };
  expect(await web.greet()).toBe('status 204');
  expect(calls).toEqual(['/api/greeting']);
});
