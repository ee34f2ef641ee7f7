/**
 * tracewright's own TypeScript (the 5.x `dependencies` entry), for the bundler
 * path: never the project's, which may be TypeScript 7 (no JS API).
 *
 * Load time matters here: a fresh `esbuild`/`vite build` process pays it on
 * every build. So TypeScript is loaded lazily (on the first file that passes
 * the text prefilter), as CommonJS even from the ES module build (importing
 * the 9 MB `typescript.js` from ESM makes Node scan it for named exports:
 * ~600 ms instead of ~200 ms), and with a V8 code cache kept in
 * `node_modules/.cache/tracewright/` (~60 ms instead of ~200 ms; written once,
 * after the first build, so it holds the parser already compiled).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ownFile } from '../../util/ownFile.js';

type TypeScript = typeof import('typescript');

let loaded: TypeScript | undefined;
/** Set when the code cache is missing or stale: where to write it, and the script to take it from. */
let pendingCache: { file: string; script: Script } | undefined;

/** Runs `file` as a CommonJS module through a V8 code cache under `cacheDir`. */
function requireCached(file: string, cacheDir: string): TypeScript {
  const source = readFileSync(file, 'utf8');
  const version = /"version"\s*:\s*"([^"]+)"/.exec(readFileSync(join(dirname(file), '../package.json'), 'utf8'))?.[1] ?? 'unknown';
  const cacheFile = join(cacheDir, `typescript-${version}-node-${process.versions.v8}-${process.arch}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch { /* first build */ }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) pendingCache = { file: cacheFile, script };
  const module = { exports: {} as TypeScript };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/**
 * The `typescript` module resolved from tracewright's own location; loaded once.
 * @param projectRoot where `node_modules/.cache/tracewright/` goes (no cache without it)
 */
export function loadTypeScript(projectRoot?: string): TypeScript {
  if (loaded) return loaded;
  const require = createRequire(ownFile());
  const file = require.resolve('typescript');
  if (projectRoot) {
    try {
      return (loaded = requireCached(file, join(projectRoot, 'node_modules/.cache/tracewright')));
    } catch {
      // no usable cache: plain require below
    }
  }
  return (loaded = require(file) as TypeScript);
}

/** Writes the code cache if this process had none (call at the end of a build; never throws). */
export function saveTypeScriptCache(): void {
  const pending = pendingCache;
  pendingCache = undefined;
  if (!pending) return;
  try {
    mkdirSync(dirname(pending.file), { recursive: true });
    const temp = `${pending.file}.${process.pid}.tmp`;
    writeFileSync(temp, pending.script.createCachedData());
    renameSync(temp, pending.file);
  } catch {
    // a read-only node_modules only costs the next build the uncached load
  }
}
