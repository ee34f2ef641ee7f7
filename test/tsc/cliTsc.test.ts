/**
 * `tracewright tsc` is `tspc` without its start-up cost: on the same project it
 * writes the same files byte for byte, prints the same diagnostics and exits
 * with the same code — for a clean project, one with a type error and one with
 * an invalid rule — and it passes tsc's own arguments through (`-b`, `--watch`,
 * `--noEmit`). The patched compiler is cached per TypeScript + ts-patch, and a
 * changed TypeScript gets a new cache. Runs the real binary with the TypeScript
 * and ts-patch under test (the CI's Node 22 leg: TypeScript 6 + ts-patch 4).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { TMP } from '../bundlers/package.js';
import { cliBinary, runNode, runTracewright } from '../cli/binary.js';
import { compilerEnv, compilerLabel, tsPatchDir, tspcPath } from '../helpers/typescript.js';
import { locateCompiler } from '../../src/cli/tsc/locateCompiler.js';

const env = { ...compilerEnv(), TRACEWRIGHT_TS_PATCH: tsPatchDir() };

/** Writes a project under test/.tmp/projects/<name>: tsconfig with the plugin, `files` under src/. */
function writeProject(name: string, files: Record<string, string>, plugin: Record<string, unknown> = {}): string {
  const dir = join(TMP, 'projects', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: [], rootDir: 'src', sourceMap: true, declaration: true,
      plugins: [{ transform: 'tracewright/tsc', ...plugin }] },
    include: ['src'],
  }, null, 2));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

/** Every file under `dir`, relative path → text. */
function readTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) tree[join(entry.parentPath, entry.name).slice(dir.length + 1)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return tree;
}

/** Builds `dir` with tspc and with `tracewright tsc` into two out dirs; returns both runs and trees. */
async function buildBoth(dir: string) {
  const tspc = await runNode(tspcPath(), ['-p', '.', '--outDir', 'out-tspc'], dir, env);
  const ours = await runTracewright(['tsc', '-p', '.', '--outDir', 'out-tw'], dir, env);
  const tree = (name: string) => { try { return readTree(join(dir, name)); } catch { return {}; } };
  return { tspc, ours, tspcTree: tree('out-tspc'), oursTree: tree('out-tw') };
}

const SOURCE = "export async function load(url: string): Promise<number> {\n  const res = await fetch(url);\n  return res.status;\n}\n";

describe(`tracewright tsc against tspc (${compilerLabel()})`, () => {
  beforeAll(async () => {
    await cliBinary();
    // The first run of a new TypeScript + ts-patch pair patches the compiler and says so on stderr.
    await runTracewright(['tsc', '--version'], TMP, env);
  }, 300_000);

  test('a clean project: same files byte for byte, same output, exit 0', async () => {
    const dir = writeProject('cli-tsc-clean', { 'src/client.ts': SOURCE });
    const { tspc, ours, tspcTree, oursTree } = await buildBoth(dir);
    expect(ours).toEqual(tspc);
    expect(ours.code).toBe(0);
    expect(oursTree['client.js']).toContain('__tw.call1(__tw_site(0), fetch, void 0, url)');
    expect(Object.keys(oursTree).sort()).toEqual(['client.d.ts', 'client.js', 'client.js.map']);
    // Source maps name their own file: the out dir differs, the maps must not otherwise.
    expect(oursTree).toEqual(tspcTree);
  }, 300_000);

  test('a type error: same diagnostics on stdout, same files, exit 2', async () => {
    const dir = writeProject('cli-tsc-type-error', { 'src/client.ts': `${SOURCE}export const n: number = 'one';\n` });
    const { tspc, ours, tspcTree, oursTree } = await buildBoth(dir);
    expect(ours).toEqual(tspc);
    expect(ours.code).toBe(2);
    expect(ours.stdout).toContain("src/client.ts(5,14): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(oursTree).toEqual(tspcTree);
  }, 300_000);

  test('an invalid rule: same error naming file, rule and field, nothing written, same exit code', async () => {
    const dir = writeProject('cli-tsc-bad-rule', { 'src/client.ts': SOURCE, 'rules.json': JSON.stringify([{ id: 'app.query', join: 'methd', module: './src/**', class: 'Db', name: 'query' }]) }, { rules: 'rules.json' });
    const { tspc, ours, oursTree } = await buildBoth(dir);
    expect(ours).toEqual(tspc);
    expect(ours.code).not.toBe(0);
    expect(ours.stdout + ours.stderr).toContain('[tracewright] rules.json:1:27: rule "app.query": field "join": "methd" is not a join kind; did you mean "method"?');
    expect(oursTree).toEqual({});
  }, 300_000);

  test("tsc's own arguments pass through: -b builds, --noEmit writes nothing, `-- --version` is tsc's", async () => {
    const dir = writeProject('cli-tsc-args', { 'src/client.ts': SOURCE });
    const noEmit = await runTracewright(['tsc', '-p', '.', '--outDir', 'out', '--noEmit'], dir, env);
    expect(noEmit.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['src', 'tsconfig.json']);
    const build = await runTracewright(['tsc', '-b', '.'], dir, env);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src/client.js'), 'utf8')).toContain('__tw.call1(__tw_site(0), fetch');
    const version = await runTracewright(['tsc', '--', '--version'], dir, env);
    expect(version.stdout).toMatch(/^Version [56]\.\d+\.\d+\n$/);
  }, 300_000);

  test('--watch: builds instrumented, then rebuilds on a change', async () => {
    const dir = writeProject('cli-tsc-watch', { 'src/client.ts': SOURCE });
    const child = spawn(process.execPath, [await cliBinary(), 'tsc', '-p', '.', '--outDir', 'out', '--watch', '--preserveWatchOutput'], { cwd: dir, env: { ...env, NODE_OPTIONS: '' } });
    let stdout = '';
    const watching = (count: number) => new Promise<void>((resolve, reject) => {
      const check = () => { if ((stdout.match(/Watching for file changes/g) ?? []).length >= count) resolve(); };
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); check(); });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      check();
    });
    try {
      await watching(1);
      expect(readFileSync(join(dir, 'out/client.js'), 'utf8')).toContain('__tw.call1(__tw_site(0), fetch');
      // An edit of a file tsc already watches (a file added right after the first "Watching" can be
      // missed by a directory watcher not yet in place); written again until tsc reports the rebuild.
      const edit = () => writeFileSync(join(dir, 'src/client.ts'), `${SOURCE}export const ping = () => fetch('http://127.0.0.1:1/');\n`);
      edit();
      const again = setInterval(edit, 3000);
      try {
        await watching(2);
      } finally {
        clearInterval(again);
      }
      expect(readFileSync(join(dir, 'out/client.js'), 'utf8')).toMatch(/ping = \(\) => __tw\.call1\(__tw_site\(1\), fetch/);
    } finally {
      child.kill();
    }
  }, 300_000);
});

describe('the patched compiler cache', () => {
  /** A stand-in TypeScript + ts-patch pair: locating never runs them. */
  function fakePair(name: string, version: string): { typescript: string; tsPatch: string } {
    const root = join(TMP, 'projects', name, 'node_modules');
    rmSync(join(TMP, 'projects', name), { recursive: true, force: true });
    mkdirSync(join(root, 'typescript/lib'), { recursive: true });
    mkdirSync(join(root, 'ts-patch'), { recursive: true });
    writeFileSync(join(root, 'typescript/package.json'), JSON.stringify({ name: 'typescript', version }));
    writeFileSync(join(root, 'typescript/lib/_tsc.js'), '// compiler\n');
    writeFileSync(join(root, 'ts-patch/package.json'), JSON.stringify({ name: 'ts-patch', version: '3.3.0' }));
    return { typescript: join(root, 'typescript'), tsPatch: join(root, 'ts-patch') };
  }

  test('lives in the node_modules of that TypeScript, keyed by both versions and a hash; a changed compiler gets a new key', () => {
    const pair = fakePair('cli-tsc-cache-key', '5.9.3');
    const pairEnv = { TSP_COMPILER_TS_PATH: pair.typescript, TRACEWRIGHT_TS_PATCH: pair.tsPatch };
    const first = locateCompiler(TMP, pairEnv);
    expect(first.cacheDir).toMatch(new RegExp(`^${join(pair.typescript, '../.cache/tracewright/tsc/5.9.3-3.3.0-')}[0-9a-f]{12}$`));
    expect(locateCompiler(TMP, pairEnv).cacheDir).toBe(first.cacheDir);
    // Same version, reinstalled or patched in place: the file changed, so the key does.
    writeFileSync(join(pair.typescript, 'lib/_tsc.js'), '// compiler, patched\n');
    const changed = locateCompiler(TMP, pairEnv);
    expect(changed.cacheDir).not.toBe(first.cacheDir);
    expect(changed.cacheDir).toContain('/5.9.3-3.3.0-');
    // An upgrade: the version is in the key.
    writeFileSync(join(pair.typescript, 'package.json'), JSON.stringify({ name: 'typescript', version: '5.9.4' }));
    utimesSync(join(pair.typescript, 'lib/_tsc.js'), new Date(), new Date(Date.now() + 5000));
    expect(locateCompiler(TMP, pairEnv).cacheDir).toContain('/5.9.4-3.3.0-');
  });

  test('TypeScript 7 (no plugin API) is refused with what to use instead', async () => {
    const pair = fakePair('cli-tsc-ts7', '7.0.0');
    const run = await runTracewright(['tsc', '-p', '.'], TMP, { ...process.env, TSP_COMPILER_TS_PATH: pair.typescript, TRACEWRIGHT_TS_PATCH: pair.tsPatch });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `tracewright tsc: [tracewright] tsc: TypeScript 7.0.0 (${pair.typescript}) has no transformer plugin API (TypeScript 5.x and 6.x have); ` +
        'build with a bundler plugin (tracewright/vite, /esbuild, /rollup, /webpack, /rspack) instead\n',
    );
  }, 300_000);
});
