/**
 * Runs a `tracewright.config.mjs` / `.ts` synchronously, because the tsc plugin
 * is synchronous: `.mjs` through `require()` of an ES module (unflagged since
 * Node 20.19 / 22.12, the engines range), `.ts` transpiled to CommonJS with the
 * project's `typescript` and compiled as a module of its own directory.
 * @internal
 */
import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { TracewrightError } from '../errors.js';
import { ownFile } from '../util/ownFile.js';

/** Content hash of each `.mjs` config already evaluated: Node's ES module cache never forgets a path. */
const evaluated = new Map<string, string>();

/** The default export (or `module.exports`) of a config module. */
export function evaluateConfig(file: string): unknown {
  const exports = file.endsWith('.ts') ? evaluateTypeScript(file) : requireEsm(file);
  const value = exports as { default?: unknown; __esModule?: boolean } | null;
  return value !== null && typeof value === 'object' && 'default' in value ? value.default : value;
}

function requireEsm(file: string): unknown {
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
  const require = createRequire(file);
  const seen = evaluated.get(file);
  if (seen === undefined || seen === hash) {
    evaluated.set(file, hash);
    return loading(file, () => require(file));
  }
  // Changed since it was evaluated (watch mode): a copy beside it, so its relative imports
  // still resolve, under a new path that the module cache has never seen.
  const copy = join(dirname(file), `.${basename(file)}.${hash}.mjs`);
  writeFileSync(copy, readFileSync(file));
  try {
    return loading(file, () => require(copy));
  } finally {
    unlinkSync(copy);
  }
}

function evaluateTypeScript(file: string): unknown {
  const ts = loadTypeScript(file);
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  // A module of the config's directory: its imports resolve as the config's own would.
  const ModuleClass = Module as unknown as {
    new (id: string): { filename: string; paths: string[]; exports: unknown; _compile(code: string, file: string): void };
    _nodeModulePaths(dir: string): string[];
  };
  const mod = new ModuleClass(file);
  mod.filename = file;
  mod.paths = ModuleClass._nodeModulePaths(dirname(file));
  return loading(file, () => {
    mod._compile(outputText, file);
    return mod.exports;
  });
}

function loadTypeScript(file: string): typeof import('typescript') {
  // The project's own TypeScript first, then the one installed beside tracewright.
  for (const from of [file, ownFile()]) {
    try {
      return createRequire(from)('typescript') as typeof import('typescript');
    } catch { /* try the next */ }
  }
  throw new TracewrightError(`${file}: a TypeScript config file needs the "typescript" package, which is not installed; install typescript or use tracewright.config.mjs/json`, { file });
}

/** Runs `load`; an exception of the config's own code becomes an error naming the file. */
function loading(file: string, load: () => unknown): unknown {
  try {
    return load();
  } catch (error) {
    if (error instanceof TracewrightError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const fix = code === 'ERR_REQUIRE_ASYNC_MODULE'
      ? '; a config file cannot use top-level await (the tsc plugin loads it synchronously)'
      : code === 'ERR_REQUIRE_ESM' ? '; Node >= 20.19 or >= 22.12 loads .mjs config files, or use tracewright.config.json' : '';
    throw new TracewrightError(`${file}: the config file failed to load: ${(error as Error)?.message ?? String(error)}${fix}`, { file });
  }
}
