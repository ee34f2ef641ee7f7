/**
 * Runs the patched tsc in this process, as `node tsc.js ...args` would, with a
 * V8 code cache beside it. Without the cache V8 parses and compiles the 9 MB
 * compiler on every start (what `tspc` pays, on top of patching); with it V8
 * deserialises the functions the last run compiled. The cache is written at
 * the end of a run that had none (or had one this V8 rejected), so it holds
 * every function a real compile needed, not just the top level.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vm from 'node:vm';
import type { CompilerLocation } from './locateCompiler.js';

/** The code cache's file: V8's format depends on the V8 version and the CPU architecture. */
export function codeCacheFile(location: CompilerLocation): string {
  return join(location.cacheDir, `tsc.v8-${process.versions.v8}-${process.arch}.cache`);
}

/**
 * Starts tsc on `args`. tsc ends the process itself (`process.exit` with its
 * exit code) except in watch mode, so this returns only to let it run.
 */
export function runPatchedCompiler(location: CompilerLocation, patchedFile: string, args: string[]): void {
  const cacheFile = codeCacheFile(location);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // first run with this V8
  }
  const source = readFileSync(patchedFile, 'utf8');
  // The real compiler's path: tsc finds its lib.*.d.ts files beside `__filename`, and stack
  // traces name TypeScript's file as under tspc.
  const filename = location.tscFile;
  const script = new vm.Script(source, {
    filename,
    ...(cachedData ? { cachedData } : {}),
    // Node >= 21: `import()` in the compiler (ESM plugins) uses the main context's loader.
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  } as vm.ScriptOptions);
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => writeCodeCache(cacheFile, script));
  }
  // tsc reads its arguments from process.argv.slice(2).
  process.argv = [process.argv[0]!, filename, ...args];
  const module = { exports: {}, filename, id: '.', loaded: false };
  // Plugins and ts-node resolve from ts-patch's compiler directory, as under `tspc`.
  const require = createRequire(join(location.tsPatchDir, 'compiler', 'tsc.js'));
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, require, module, filename, dirname(filename));
}

/** Writes V8's code cache of `script`; a failure only costs the next run the uncached load. */
function writeCodeCache(file: string, script: vm.Script): void {
  try {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, file);
  } catch {
    // read-only node_modules: run without a cache
  }
}
