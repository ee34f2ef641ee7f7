/**
 * The two packages as the bundler tests install them: `src` compiled by
 * tsc exactly as `scripts/build.mjs` does (CJS + ESM, plugin entries bundled), into
 * `test/.tmp/node_modules/tracewright` and `test/.tmp/node_modules/@tracewright/runtime`,
 * so every temp project under `test/.tmp/` resolves `tracewright/vite`,
 * `@tracewright/runtime`, … by walking up (its own dependencies then resolve from the repository). Built
 * once per source change, under a lock shared by parallel test files; the
 * repository's own `dist/` is never touched.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildRuntimeDist, buildToolDist } from '../../scripts/buildDist.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TMP = join(REPO, 'test/.tmp');
export const PACKAGE_DIR = join(TMP, 'node_modules/tracewright');
export const RUNTIME_PACKAGE_DIR = join(TMP, 'node_modules/@tracewright/runtime');
const exec = promisify(execFile);

/** Runs `fn` holding a lock directory (cross-process; a lock older than 5 minutes is stale). */
export async function withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(TMP, `${name}.lock`);
  mkdirSync(TMP, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch { /* released meanwhile */ }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function hashTree(dir: string, hash = createHash('sha256')): ReturnType<typeof createHash> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) hashTree(path, hash);
    else hash.update(path).update(readFileSync(path));
  }
  return hash;
}

/** The package.json a package is installed with: no scripts (no prepack when packed), no devDependencies. */
function installedManifest(file: string): string {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete pkg.scripts;
  delete pkg.devDependencies;
  delete pkg.workspaces;
  return JSON.stringify(pkg, null, 2) + '\n';
}

/** Builds both packages if their sources changed since the last build; returns the tracewright directory. */
export async function ensurePackage(): Promise<string> {
  // Temp projects must resolve `tracewright` from test/.tmp/node_modules: without a package.json
  // of their own above them, Node would take the repository's package.json as their package scope
  // and resolve `tracewright/*` to the repository's (possibly unbuilt) dist/ by self-reference.
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, 'package.json'), JSON.stringify({ name: 'tracewright-test-projects', private: true }) + '\n');
  const hash = hashTree(join(REPO, 'src'));
  for (const file of ['package.json', 'tsconfig.build.json', 'scripts/bundleEntries.mjs', 'scripts/bundleRuntime.mjs', 'scripts/buildDist.mjs', 'packages/runtime/package.json', 'packages/runtime/tsconfig.build.json']) {
    hash.update(readFileSync(join(REPO, file)));
  }
  const stamp = hash.digest('hex');
  const stampFile = join(PACKAGE_DIR, '.stamp');
  return withLock('package', async () => {
    if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return PACKAGE_DIR;
    const staging = join(TMP, `package-staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    await Promise.all([buildToolDist(join(staging, 'tool/dist')), buildRuntimeDist(join(staging, 'runtime/dist'))]);
    writeFileSync(join(staging, 'tool/package.json'), installedManifest(join(REPO, 'package.json')));
    cpSync(join(REPO, 'schema'), join(staging, 'tool/schema'), { recursive: true });
    writeFileSync(join(staging, 'runtime/package.json'), installedManifest(join(REPO, 'packages/runtime/package.json')));
    cpSync(join(REPO, 'packages/runtime/README.md'), join(staging, 'runtime/README.md'));
    writeFileSync(join(staging, 'tool/.stamp'), stamp);
    rmSync(RUNTIME_PACKAGE_DIR, { recursive: true, force: true });
    rmSync(PACKAGE_DIR, { recursive: true, force: true });
    mkdirSync(dirname(RUNTIME_PACKAGE_DIR), { recursive: true });
    renameSync(join(staging, 'runtime'), RUNTIME_PACKAGE_DIR);
    renameSync(join(staging, 'tool'), PACKAGE_DIR);
    rmSync(staging, { recursive: true, force: true });
    return PACKAGE_DIR;
  });
}

/** Tarballs of both test packages (`npm pack` into `test/.tmp/packs/`, rebuilt with the packages). */
export async function packPackage(): Promise<{ tracewright: string; runtime: string }> {
  await ensurePackage();
  const stamp = readFileSync(join(PACKAGE_DIR, '.stamp'), 'utf8').slice(0, 12);
  const dir = join(TMP, 'packs');
  const tarballs = { tracewright: join(dir, `tracewright-${stamp}.tgz`), runtime: join(dir, `tracewright-runtime-${stamp}.tgz`) };
  return withLock('pack', async () => {
    if (existsSync(tarballs.tracewright) && existsSync(tarballs.runtime)) return tarballs;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const [name, from] of [['tracewright', PACKAGE_DIR], ['runtime', RUNTIME_PACKAGE_DIR]] as const) {
      const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: from });
      const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
      renameSync(join(dir, filename!), tarballs[name]);
    }
    return tarballs;
  });
}
