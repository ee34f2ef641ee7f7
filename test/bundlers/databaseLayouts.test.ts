/**
 * Real esbuild and vite builds of a service whose pg pool lives in its own module: the
 * fixture fixtures/databases/pg-layouts (named import, namespace import, barrel re-export,
 * exported factory, injected repository) bundled with `pg` left external, run against the local
 * PostgreSQL: the same rows as the plain build, and a span at every call site, each file
 * transformed on its own by the bundler (the project-module view links them).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { otelSetup } from '../build/app.js';
import { service } from '../helpers/services.js';
import { ensurePackage, REPO, TMP } from './package.js';
import { run } from './run.js';

const up = await service('postgresql');
const DIR = join(TMP, 'bundlers/db-layouts');
const FIXTURE = join(REPO, 'fixtures/databases/pg-layouts');

const BUILD = `import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightVite from 'tracewright/vite';
const [tool, mode] = process.argv.slice(2);
const plugins = mode === 'plain' ? [] : tool === 'esbuild' ? [tracewrightEsbuild({ cache: false })] : [tracewrightVite({ cache: false })];
const outDir = 'out/' + tool + '-' + mode;
if (tool === 'esbuild') {
  await esbuild({ entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', outfile: outDir + '/main.cjs', logLevel: 'warning', plugins });
} else {
  await vite({ configFile: false, logLevel: 'warn', plugins, build: { ssr: 'src/main.ts', outDir, emptyOutDir: true, minify: false,
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs' } } } });
}
`;

beforeAll(async () => {
  await ensurePackage();
  mkdirSync(join(DIR, 'src'), { recursive: true });
  for (const file of readdirSync(FIXTURE).filter((f) => f.endsWith('.ts'))) cpSync(join(FIXTURE, file), join(DIR, 'src', file));
  writeFileSync(join(DIR, 'src/main.ts'), `import { run } from './input';\nrun().then((rows) => console.log(JSON.stringify(rows)));\n`);
  writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'db-layouts', private: true, type: 'module' }));
  writeFileSync(join(DIR, 'build.mjs'), BUILD);
  writeFileSync(join(DIR, 'otel.cjs'), otelSetup(2));
}, 120_000);

interface Span { name: string; attributes: Record<string, unknown> }

async function buildAndRun(tool: string, mode: string): Promise<{ stdout: string; spans: Span[] }> {
  await run(process.execPath, ['build.mjs', tool, mode], DIR);
  const spansFile = join(DIR, `out/${tool}-${mode}.spans.json`);
  const { stdout } = await run(process.execPath, ['-r', './otel.cjs', `out/${tool}-${mode}/main.cjs`], DIR, { TW_SPANS_FILE: spansFile });
  return { stdout, spans: existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as Span[]) : [] };
}

describe.skipIf(!up).each(['esbuild', 'vite'])('%s, pg external', (tool) => {
  test('the same rows as the plain build, and a span at every call site across the modules', async () => {
    const plain = await buildAndRun(tool, 'plain');
    const traced = await buildAndRun(tool, 'traced');
    expect(plain.spans).toEqual([]);
    expect(traced.stdout).toBe(plain.stdout);
    expect(JSON.parse(traced.stdout)).toEqual([[{ named: 1 }], [{ namespaced: 2 }], [{ barrel: 3 }], [{ n: 1 }], [{ factory: 4 }]]);
    const at = traced.spans.map((s) => `${s.name} ${String(s.attributes['code.file.path'])}:${String(s.attributes['code.line.number'])}`);
    expect(at).toEqual([
      'SELECT src/input.ts:13', 'SELECT src/input.ts:14', 'SELECT src/input.ts:15', 'SELECT src/repo.ts:8',
      'pg.connect src/input.ts:18', 'SELECT src/input.ts:19',
    ]);
  }, 120_000);
});

/**
 * The same through module names a bundler resolves by configuration: fixtures/databases/pg-alias
 * (a tsconfig `paths` alias `@/db`, a barrel reached as '..') and a self-reference through the
 * package's own name and `exports` (`db-alias/db`). esbuild reads the tsconfig's paths and
 * resolves self-references itself; vite is given the alias, as its users configure it.
 */
const ALIAS_DIR = join(TMP, 'bundlers/db-alias');
const ALIAS_FIXTURE = join(REPO, 'fixtures/databases/pg-alias');
const ALIAS_BUILD = BUILD.replace("build: { ssr:", "resolve: { alias: [{ find: /^@\\//, replacement: process.cwd() + '/src/' }, { find: /^db-alias\\/db$/, replacement: process.cwd() + '/src/db.ts' }] }, build: { ssr:");

async function buildAndRunIn(dir: string, tool: string, mode: string): Promise<{ stdout: string; spans: Span[] }> {
  await run(process.execPath, ['build.mjs', tool, mode], dir);
  const spansFile = join(dir, `out/${tool}-${mode}.spans.json`);
  const { stdout } = await run(process.execPath, ['-r', './otel.cjs', `out/${tool}-${mode}/main.cjs`], dir, { TW_SPANS_FILE: spansFile });
  return { stdout, spans: existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as Span[]) : [] };
}

describe.skipIf(!up).each(['esbuild', 'vite'])('%s, pg external, modules named by tsconfig paths and by the package name', (tool) => {
  beforeAll(() => {
    for (const file of ['input.ts', 'src/db.ts', 'src/index.ts', 'src/service/users.ts']) {
      mkdirSync(dirname(join(ALIAS_DIR, file)), { recursive: true });
      cpSync(join(ALIAS_FIXTURE, file), join(ALIAS_DIR, file));
    }
    // The entry, and a module reaching the pool by the package's own name.
    writeFileSync(join(ALIAS_DIR, 'src/main.ts'), `import { selfCount } from './self';\nimport { run } from '../input';\n` +
      `selfCount().then((first) => run().then((rows) => console.log(JSON.stringify([first, ...rows]))));\n`);
    writeFileSync(join(ALIAS_DIR, 'src/self.ts'), `import { pool } from 'db-alias/db';\n\nexport async function selfCount() {\n  return (await pool.query('SELECT 5 AS self')).rows;\n}\n`);
    writeFileSync(join(ALIAS_DIR, 'package.json'), JSON.stringify({ name: 'db-alias', private: true, type: 'module', exports: { './db': './src/db.ts' } }));
    writeFileSync(join(ALIAS_DIR, 'tsconfig.json'), JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }));
    writeFileSync(join(ALIAS_DIR, 'build.mjs'), ALIAS_BUILD);
    writeFileSync(join(ALIAS_DIR, 'otel.cjs'), otelSetup(2));
  });

  test('the same rows as the plain build, and a span at every call site', async () => {
    const plain = await buildAndRunIn(ALIAS_DIR, tool, 'plain');
    const traced = await buildAndRunIn(ALIAS_DIR, tool, 'traced');
    expect(plain.spans).toEqual([]);
    expect(traced.stdout).toBe(plain.stdout);
    expect(JSON.parse(traced.stdout)).toEqual([[{ self: 5 }], [{ alias: 1 }], [{ namespaced: 2 }], [{ factory: 3 }]]);
    const at = traced.spans.map((s) => `${s.name} ${String(s.attributes['code.file.path'])}:${String(s.attributes['code.line.number'])}`);
    expect(at).toEqual([
      'SELECT src/self.ts:4', 'SELECT input.ts:11', 'SELECT src/service/users.ts:6',
      'pg.connect src/service/users.ts:11', 'SELECT src/service/users.ts:13',
    ]);
  }, 120_000);
});
