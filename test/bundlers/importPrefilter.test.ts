/**
 * Real esbuild and vite builds of the layouts the import prefilter must never drop: files that
 * never name pg yet reach its instances only through a directory barrel (`export *`), a value
 * forwarded by `export const`, or a client a project factory creates in the file itself; and a
 * file that calls `get` on a Map while importing those modules, which stays as it is. Each
 * bundler transforms every file on its own (vite's native code filter first), so a site lost to
 * the prefilter is a site missing from the bundle.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensurePackage, TMP } from './package.js';
import { run } from './run.js';

const DIR = join(TMP, 'bundlers/import-prefilter');

const FILES: Record<string, string> = {
  'src/db.ts': `import { Client, Pool } from 'pg';\nexport const pool = new Pool();\nexport function newClient() { return new Client(); }\n`,
  'src/data/index.ts': `export * from '../db';\n`,
  'src/forward.ts': `import { pool } from './db';\nexport const shared = pool;\n`,
  'src/viaBarrel.ts': `import { pool } from './data';\nexport const viaBarrel = () => pool.query('SELECT 1');\n`,
  'src/viaForward.ts': `import { shared } from './forward';\nexport const viaForward = () => shared.query('SELECT 2');\n`,
  'src/localClient.ts': `import { newClient } from './data';\nexport async function localClient() {\n  const c = newClient();\n  await c.connect();\n  return c.query('SELECT 3');\n}\n`,
  'src/plain.ts': `import { viaBarrel } from './viaBarrel';\nconst seen = new Map<string, number>();\nexport const plain = (k: string) => seen.get(k) ?? viaBarrel;\n`,
  'src/main.ts': `export * from './viaBarrel';\nexport * from './viaForward';\nexport * from './localClient';\nexport * from './plain';\n`,
};

const BUILD = `import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightVite from 'tracewright/vite';
const tool = process.argv[2];
const outDir = 'out/' + tool;
if (tool === 'esbuild') {
  await esbuild({ entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'esm', outfile: outDir + '/main.js', logLevel: 'warning', plugins: [tracewrightEsbuild({ cache: false })] });
} else {
  await vite({ configFile: false, logLevel: 'warn', plugins: [tracewrightVite({ cache: false })], build: { ssr: 'src/main.ts', outDir, emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: 'main.js' } } } });
}
`;

beforeAll(async () => {
  await ensurePackage();
  rmSync(DIR, { recursive: true, force: true });
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(DIR, name)), { recursive: true });
    writeFileSync(join(DIR, name), text);
  }
  writeFileSync(join(DIR, 'package.json'), JSON.stringify({ name: 'import-prefilter', private: true, type: 'module' }));
  writeFileSync(join(DIR, 'build.mjs'), BUILD);
}, 300_000);

/** The files named by the bundle's site tables, with their sites' rule ids. */
function siteTables(bundle: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  // Each bundler spells the string its own way (esbuild: single quotes) and renames `__tw` per module.
  for (const m of bundle.matchAll(/__tw\d*\.sites\((["'])((?:(?!\1)[^\\]|\\.)*)\1\)/g)) {
    const text = m[1] === '"' ? (JSON.parse(`"${m[2]!}"`) as string) : m[2]!.replace(/\\(.)/g, '$1');
    const table = JSON.parse(text) as { f: string; s: { r: string }[]; c: [number, number, number][] };
    out[table.f] = table.c.map(([rule]) => table.s[rule]!.r);
  }
  return out;
}

describe.each(['esbuild', 'vite'])('%s', (tool) => {
  test('every site reached only through a barrel, a forwarded value or a local factory call is in the bundle', async () => {
    const { stderr } = await run(process.execPath, ['build.mjs', tool], DIR);
    const tables = siteTables(readFileSync(join(DIR, `out/${tool}/main.js`), 'utf8'));
    expect(tables).toEqual({
      'src/viaBarrel.ts': ['pg.query'],
      'src/viaForward.ts': ['pg.query'],
      'src/localClient.ts': ['pg.connect', 'pg.query'],
    });
    expect(stderr).toContain('4 sites instrumented in 3 of');
  }, 120_000);
});
