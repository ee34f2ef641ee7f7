/**
 * The patched tsc on disk. `tspc` asks ts-patch for a patched `tsc.js` on every
 * run and compiles the 9 MB result from scratch; here ts-patch's own API
 * (`getLiveModule`, the function `tspc` itself calls) builds it once per
 * TypeScript + ts-patch pair, and the result stays in the cache directory,
 * already wrapped as a CommonJS function so that loading it is one `vm.Script`.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TracewrightError } from '../../errors.js';
import type { CompilerLocation } from './locateCompiler.js';

/** File name of the wrapped patched compiler inside the cache directory. */
export const PATCHED_TSC = 'tsc.js';

/** The header and footer that make the patched source one CommonJS function expression. */
export const MODULE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) {', '\n})'] as const;

interface TsPatchApi {
  getLiveModule(moduleName: string, options?: { libraryName?: string }): { js: string };
}

/**
 * Path of the patched compiler for `location`, building it when the cache
 * directory has none. `onBuild` is told before the (seconds-long) build starts.
 */
export function ensurePatchedCompiler(location: CompilerLocation, onBuild: () => void): string {
  const file = join(location.cacheDir, PATCHED_TSC);
  if (existsSync(file)) return file;
  onBuild();
  const js = patchWithTsPatch(location);
  // Written beside and renamed into place: a concurrent build or a crash never leaves half a file.
  mkdirSync(location.cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, MODULE_WRAPPER[0] + js + MODULE_WRAPPER[1]);
  renameSync(temp, file);
  return file;
}

function patchWithTsPatch(location: CompilerLocation): string {
  const saved = { path: process.env.TSP_COMPILER_TS_PATH, skip: process.env.TSP_SKIP_CACHE };
  // ts-patch finds the TypeScript to patch through TSP_COMPILER_TS_PATH; its own on-disk cache is
  // skipped because ours replaces it.
  process.env.TSP_COMPILER_TS_PATH = location.typescriptDir;
  process.env.TSP_SKIP_CACHE = 'true';
  try {
    const tsPatch = createRequire(join(location.tsPatchDir, 'package.json'))(location.tsPatchDir) as TsPatchApi;
    if (typeof tsPatch.getLiveModule !== 'function') {
      throw new Error(`ts-patch ${location.tsPatchVersion} exports no getLiveModule`);
    }
    // ts-patch 4 names the patched library; ts-patch 3 ignores the second argument.
    return tsPatch.getLiveModule('tsc.js', { libraryName: 'tsc' }).js;
  } catch (error) {
    rmSync(location.cacheDir, { recursive: true, force: true });
    throw new TracewrightError(
      `tsc: ts-patch ${location.tsPatchVersion} (${location.tsPatchDir}) could not patch TypeScript ${location.typescriptVersion}: ${(error as Error).message}`,
    );
  } finally {
    restore('TSP_COMPILER_TS_PATH', saved.path);
    restore('TSP_SKIP_CACHE', saved.skip);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
