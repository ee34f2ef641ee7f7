/**
 * `@tracewright/runtime` ships one file per entry plus a few shared files (scripts/bundleRuntime.mjs),
 * and still has one hook registry, one tracer cache, one copy of every module, however many
 * entries a program loads and in whatever order: the hooks a family entry registers are the ones
 * sites created through the root entry find, under `require`, under `import`, and inside a bundle
 * of the program (the bundler reaches every file through the package and keeps one copy). Sites
 * here are built as the writers emit them; the hooks' effect on the span (pg: `SELECT users`,
 * better-sqlite3: `db.system.name` sqlite) shows whose registry the site looked in. The two
 * families also share one file (the SQL statement parser), which must load once.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { ensurePackage, REPO, RUNTIME_PACKAGE_DIR, TMP } from './package.js';

const exec = promisify(execFile);
const DIR = join(TMP, 'runtime-bundles');
/** Every hook entry the package ships: one per file of src/runtime/hooks/entries. */
const ENTRIES = readdirSync(join(REPO, 'src/runtime/hooks/entries')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
/** The families the programs below load (the two hooked sites need pg and sqlite). */
const FAMILIES = ['pg', 'sqlite', 'mysql', 'redis', 'http', 'fetch'];

/** The program: registers an SDK, loads the runtime entries in `order` ('' is the root), calls two hooked sites. */
function program(format: 'cjs' | 'esm', order: string[]): string {
  const load = (entry: string) => `@tracewright/runtime${entry === '' ? '' : `/hooks/${entry}`}`;
  const imports = format === 'esm'
    ? order.map((e, i) => `import * as m${i} from ${JSON.stringify(load(e))};`).join('\n')
    : order.map((e, i) => `const m${i} = require(${JSON.stringify(load(e))});`).join('\n');
  const sdk = format === 'esm'
    ? `import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';`
    : `const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');`;
  const table = {
    v: 1, f: 'src/db.ts',
    s: [{ r: 'pg.query', n: 'pg.query', k: 2, h: 'pg', m: 'promise' }, { r: 'better-sqlite3.exec', n: 'better-sqlite3.exec', k: 2, h: 'better-sqlite3.exec', m: 'sync' }],
    c: [[0, 1, 1], [1, 2, 1]],
  };
  return `${sdk}
${imports}
const tw = m${order.indexOf('')};
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
const [pgSite, sqliteSite] = tw.sites(${JSON.stringify(JSON.stringify(table))});
const pool = { query: async () => ({ rows: [] }) };
const db = { exec: () => db };
(async () => {
  await tw.method1(pgSite, pool, 'query', 'SELECT * FROM users');
  tw.method1(sqliteSite, db, 'exec', 'DELETE FROM logs');
  const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, system: s.attributes['db.system.name'] }));
  const loaded = typeof require === 'function' && require.cache ? Object.keys(require.cache) : [];
  console.log(JSON.stringify({ spans, loaded }));
})();
`;
}

const HOOKED = [{ name: 'SELECT users', system: 'postgresql' }, { name: 'DELETE logs', system: 'sqlite' }];

async function run(file: string): Promise<{ spans: unknown[]; loaded: string[] }> {
  const { stdout } = await exec(process.execPath, [file], { cwd: DIR, env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(stdout) as { spans: unknown[]; loaded: string[] };
}

beforeAll(async () => {
  await ensurePackage();
  mkdirSync(DIR, { recursive: true });
}, 600_000); // the package build alone took ~2 minutes at load 25

test('each format holds the entries and the shared files only: one .js per entry', () => {
  for (const format of ['cjs', 'esm']) {
    const dir = join(RUNTIME_PACKAGE_DIR, 'dist', format);
    const files = (function walk(d: string): string[] {
      return readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.js') ? [relative(dir, join(d, e.name))] : []);
    })(dir);
    const entries = files.filter((f) => !f.startsWith('shared/')).sort();
    expect(entries, format).toEqual(['index.js', ...ENTRIES.map((f) => `hooks/entries/${f}.js`)].sort());
  }
});

const ORDERS = { 'root first': ['', ...FAMILIES], 'hook entries first': [...FAMILIES, ''], 'root in between': ['pg', '', 'sqlite', 'redis'] };

test.each(Object.entries(ORDERS))('require, %s: sites of the root find the hooks the entries registered', async (_, order) => {
  const file = join(DIR, `require-${order.join('-') || 'root'}.cjs`);
  writeFileSync(file, program('cjs', order));
  const { spans, loaded } = await run(file);
  expect(spans).toEqual(HOOKED);
  const own = loaded.filter((f) => f.startsWith(RUNTIME_PACKAGE_DIR)).map((f) => relative(join(RUNTIME_PACKAGE_DIR, 'dist/cjs'), f));
  expect(new Set(own).size).toBe(own.length);
  expect(own.filter((f) => !f.startsWith('shared/')).sort()).toEqual(order.map((e) => (e === '' ? 'index.js' : `hooks/entries/${e}.js`)).sort());
});

test.each(Object.entries(ORDERS))('import, %s: sites of the root find the hooks the entries registered', async (_, order) => {
  const file = join(DIR, `import-${order.join('-') || 'root'}.mjs`);
  writeFileSync(file, program('esm', order));
  expect((await run(file)).spans).toEqual(HOOKED);
});

test('bundled with esbuild: one registry and one SQL parser in the output, hooks found', async () => {
  const entry = join(DIR, 'bundle-entry.mjs');
  writeFileSync(entry, program('esm', ['pg', '', 'sqlite', 'mysql']));
  const outfile = join(DIR, 'bundle-out.mjs');
  await build({
    entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', external: ['@opentelemetry/*'], logLevel: 'silent', absWorkingDir: DIR,
  });
  const code = readFileSync(outfile, 'utf8');
  expect(code.match(/function registerHooks\(/g)).toHaveLength(1);
  expect(code.match(/function describeSql\(/g)).toHaveLength(1);
  expect((await run(outfile)).spans).toEqual(HOOKED);
});
