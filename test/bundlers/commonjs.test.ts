/**
 * The CommonJS build of the plugin entries: a `require`-based build script
 * (`require('tracewright/esbuild').default`) instruments like the ES module
 * one, and every entry loads with `require`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { APP_DIR, ensureApp, PLUGIN_OPTIONS } from './app.js';
import { ensurePackage } from './package.js';
import { buildReferences, run, runApp } from './run.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await Promise.all([ensureApp(), ensurePackage()]);
});
afterAll(async () => server?.close());

test('every plugin entry loads with require and exports a default function', async () => {
  const script = join(APP_DIR, 'require-entries.cjs');
  writeFileSync(script, `console.log(JSON.stringify(['vite', 'esbuild', 'rollup', 'webpack', 'rspack'].map((b) => typeof require('tracewright/' + b).default)));\n`);
  const { stdout } = await run(process.execPath, [script], APP_DIR);
  expect(JSON.parse(stdout)).toEqual(['function', 'function', 'function', 'function', 'function']);
});

test('an esbuild build script in CommonJS instruments like the ES module one', async () => {
  const script = join(APP_DIR, 'build-esbuild-cjs.cjs');
  writeFileSync(script, `const { build } = require('esbuild');
const tracewright = require('tracewright/esbuild').default;
build({
  absWorkingDir: ${JSON.stringify(APP_DIR)}, entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'cjs',
  outfile: 'out/esbuild-cjs/main.cjs', logLevel: 'silent', plugins: [tracewright(${JSON.stringify(PLUGIN_OPTIONS)})],
}).then(() => console.log('ok'), (e) => { console.error(e); process.exitCode = 1; });
`);
  await run(process.execPath, [script], APP_DIR);
  const refs = await buildReferences();
  const [bundled, reference] = await Promise.all([runApp(join(APP_DIR, 'out/esbuild-cjs/main.cjs'), server.url), runApp(refs.instrumented, server.url)]);
  expect(bundled.spans).toEqual(reference.spans);
  expect(bundled.spans.length).toBeGreaterThan(0);
});
