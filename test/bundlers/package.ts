/**
 * The tracewright package as the bundler tests install it: `src` compiled by
 * tsc exactly as `scripts/build.mjs` does (CJS + ESM, plugin entries bundled), into
 * `test/.tmp/node_modules/tracewright`, so every temp project under
 * `test/.tmp/` resolves `tracewright/vite`, `tracewright/runtime`, … by
 * walking up (its own dependencies then resolve from the repository). Built
 * once per source change, under a lock shared by parallel test files; the
 * repository's own `dist/` is never touched.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleEntries } from '../../scripts/bundleEntries.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TMP = join(REPO, 'test/.tmp');
export const PACKAGE_DIR = join(TMP, 'node_modules/tracewright');
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

/** Builds the package if `src` changed since the last build; returns its directory. */
export async function ensurePackage(): Promise<string> {
  // Temp projects must resolve `tracewright` from test/.tmp/node_modules: without a package.json
  // of their own above them, Node would take the repository's package.json as their package scope
  // and resolve `tracewright/*` to the repository's (possibly unbuilt) dist/ by self-reference.
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, 'package.json'), JSON.stringify({ name: 'tracewright-test-projects', private: true }) + '\n');
  const stamp = hashTree(join(REPO, 'src')).update(readFileSync(join(REPO, 'package.json'))).update(readFileSync(join(REPO, 'tsconfig.build.json')))
    .update(readFileSync(join(REPO, 'scripts/bundleEntries.mjs'))).digest('hex');
  const stampFile = join(PACKAGE_DIR, '.stamp');
  return withLock('package', async () => {
    if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return PACKAGE_DIR;
    const staging = join(TMP, `package-staging-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    const tsc = join(REPO, 'node_modules/typescript/bin/tsc');
    const build = (...args: string[]) => exec(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...args], { cwd: REPO });
    await Promise.all([
      build('--outDir', join(staging, 'dist/cjs')),
      build('--module', 'ESNext', '--moduleResolution', 'Bundler', '--outDir', join(staging, 'dist/esm')),
    ]);
    for (const [dir, type] of [['cjs', 'commonjs'], ['esm', 'module']] as const) {
      writeFileSync(join(staging, 'dist', dir, 'package.json'), JSON.stringify({ type }) + '\n');
    }
    bundleEntries(join(staging, 'dist'));
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
    delete pkg.scripts; // no prepack when packed for the TypeScript 7 project
    delete pkg.devDependencies;
    writeFileSync(join(staging, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    cpSync(join(REPO, 'schema'), join(staging, 'schema'), { recursive: true });
    writeFileSync(join(staging, '.stamp'), stamp);
    rmSync(PACKAGE_DIR, { recursive: true, force: true });
    mkdirSync(dirname(PACKAGE_DIR), { recursive: true });
    renameSync(staging, PACKAGE_DIR);
    return PACKAGE_DIR;
  });
}

/** `npm pack` of the test package into `test/.tmp/packs/`; returns the tarball path (rebuilt with the package). */
export async function packPackage(): Promise<string> {
  await ensurePackage();
  const stamp = readFileSync(join(PACKAGE_DIR, '.stamp'), 'utf8').slice(0, 12);
  const dir = join(TMP, 'packs');
  const tarball = join(dir, `tracewright-${stamp}.tgz`);
  return withLock('pack', async () => {
    if (existsSync(tarball)) return tarball;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: PACKAGE_DIR });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    renameSync(join(dir, filename!), tarball);
    return tarball;
  });
}
