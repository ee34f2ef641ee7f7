/**
 * Which TypeScript and which ts-patch `tracewright tsc` runs, and the cache key
 * of the patched compiler built from them. Everything here runs on every
 * `tracewright tsc`, so it only reads two package.json files and stats one file:
 * the 6 MB compiler is never read or hashed to decide whether the cache is fresh.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { TracewrightError } from '../../errors.js';
import { ownFile } from '../../util/ownFile.js';

/** A resolved compiler pair and where its patched build is cached. */
export interface CompilerLocation {
  typescriptDir: string;
  typescriptVersion: string;
  tsPatchDir: string;
  tsPatchVersion: string;
  /** The file tsc's code lives in: `lib/_tsc.js` (TypeScript >= 5.7) or `lib/tsc.js`. */
  tscFile: string;
  /** `node_modules/.cache/tracewright/tsc/<typescript>-<ts-patch>-<hash>/` */
  cacheDir: string;
}

/**
 * Bumped when the layout of the cache directory changes, so an older
 * tracewright's cache is never read by a newer one.
 */
const CACHE_FORMAT = 1;

/**
 * Finds the TypeScript and ts-patch to use, the way a project expects:
 * `TSP_COMPILER_TS_PATH` (ts-patch's own variable, honoured by `tspc` too) or
 * the `typescript` the project in `cwd` resolves; `TRACEWRIGHT_TS_PATCH` or the
 * project's `ts-patch`. Each falls back to the one beside tracewright.
 */
export function locateCompiler(cwd: string, env: NodeJS.ProcessEnv = process.env): CompilerLocation {
  const typescriptDir = packageDir('typescript', env.TSP_COMPILER_TS_PATH, cwd);
  const tsPatchDir = packageDir('ts-patch', env.TRACEWRIGHT_TS_PATCH, cwd);
  if (!typescriptDir) {
    throw new TracewrightError(`tsc: no TypeScript found from ${cwd}; install it (npm i -D typescript)`);
  }
  const typescriptVersion = versionOf(typescriptDir);
  if (!/^[56]\./.test(typescriptVersion)) {
    throw new TracewrightError(
      `tsc: TypeScript ${typescriptVersion} (${typescriptDir}) has no transformer plugin API (TypeScript 5.x and 6.x have); ` +
        'build with a bundler plugin (tracewright/vite, /esbuild, /rollup, /webpack, /rspack) instead',
    );
  }
  if (!tsPatchDir) {
    throw new TracewrightError(`tsc: ts-patch is not installed in ${cwd}; install it (npm i -D ts-patch: 3.x for TypeScript 5, 4.x for TypeScript 6)`);
  }
  const tsPatchVersion = versionOf(tsPatchDir);
  const lib = join(typescriptDir, 'lib');
  const tscFile = existsFile(join(lib, '_tsc.js')) ? join(lib, '_tsc.js') : join(lib, 'tsc.js');
  // The hash catches what the versions do not: a reinstalled or locally patched copy of the
  // same version, another ts-patch directory, another Node (the code cache is V8's own format).
  const tsc = statSync(tscFile);
  const hash = createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, tscFile, tsc.size, tsc.mtimeMs, tsPatchDir, statSync(join(tsPatchDir, 'package.json')).mtimeMs]))
    .digest('hex')
    .slice(0, 12);
  const nodeModules = basename(dirname(typescriptDir)) === 'node_modules' ? dirname(typescriptDir) : join(cwd, 'node_modules');
  const cacheDir = join(nodeModules, '.cache/tracewright/tsc', `${typescriptVersion}-${tsPatchVersion}-${hash}`);
  return { typescriptDir, typescriptVersion, tsPatchDir, tsPatchVersion, tscFile, cacheDir };
}

/** The directory of package `name`: from `fromEnv`, else resolved from `cwd`, else from tracewright. */
function packageDir(name: string, fromEnv: string | undefined, cwd: string): string | undefined {
  if (fromEnv) return resolve(cwd, fromEnv);
  for (const base of [join(cwd, 'package.json'), ownFile()]) {
    try {
      return dirname(createRequire(base).resolve(`${name}/package.json`));
    } catch {
      // not resolvable from there
    }
  }
  return undefined;
}

function versionOf(dir: string): string {
  const file = join(dir, 'package.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch (error) {
    throw new TracewrightError(`tsc: cannot read the version in ${file}: ${(error as Error).message}`, { file });
  }
}

function existsFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
