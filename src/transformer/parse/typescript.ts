/**
 * TypeScript for the bundler path's fallback parser, used only where oxc-parser
 * has no native binding. TypeScript is an optional peer of tracewright (a
 * project on TypeScript 7, the native compiler without a JS API, must not get
 * a second TypeScript from us), so this is whatever `typescript` resolves from
 * tracewright's own location, and it must be a 5.x or 6.x with the JS API; if
 * not, one clear error says what to install.
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
import { TracewrightError } from '../../errors.js';
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
  const file = resolveUsableTypeScript(require);
  if (projectRoot) {
    try {
      return (loaded = requireCached(file, join(projectRoot, 'node_modules/.cache/tracewright')));
    } catch {
      // no usable cache: plain require below
    }
  }
  return (loaded = require(file) as TypeScript);
}

/** The fallback parser's TypeScript majors: the ones with a JS compiler API. */
const USABLE_MAJORS = /^[56]\./;

/** The path of a `typescript` with a JS API resolved by `require`; else a TracewrightError saying what to install. @internal */
export function resolveUsableTypeScript(require: NodeJS.Require): string {
  let found: string | undefined;
  try {
    found = (require('typescript/package.json') as { version?: string }).version;
  } catch { /* not installed */ }
  if (found === undefined || !USABLE_MAJORS.test(found)) {
    const what = found === undefined ? 'no TypeScript is installed' : `the installed TypeScript is ${found}, which has no JS compiler API`;
    throw new TracewrightError(
      `oxc-parser has no native binding for ${process.platform}-${process.arch}, and the fallback parser needs TypeScript 5.x or 6.x; ` +
        `${what}. Install one beside tracewright (npm i -D typescript@5.9), or run the build where oxc-parser has a binding`,
    );
  }
  return require.resolve('typescript');
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
