/**
 * Runs compiled CommonJS output in this process, so spans land in the test's
 * in-memory exporter: relative requires load other compiled files,
 * `@tracewright/runtime` loads the runtime under test, everything else the
 * repository's node_modules.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as runtime from '../../src/runtime/index.js';
import { HOOK_FAMILIES } from '../../src/rules/hookIds.js';
import { NATIVE_MODULES, requireNative, type NativeModuleName } from './services.js';
import { pathsTargets } from '../../src/transformer/match/tsconfigPaths.js';

const HOOK_MODULE = /^@tracewright\/runtime\/hooks\/([\w.-]+)$/;
const FAMILIES = new Set(Object.values(HOOK_FAMILIES));

// What `@tracewright/runtime/hooks/<family>` imports do: register every built-in hook family
// (each family HOOK_FAMILIES names, so a new family needs no line here).
for (const family of FAMILIES) await import(`../../src/runtime/hooks/entries/${family}.ts`);

const repoRequire = createRequire(new URL('../../package.json', import.meta.url));

/** A loaded set of compiled modules. */
export interface LoadedProgram {
  require(path: string): Record<string, unknown>;
  /** Lines the program wrote through `console.log` while loading/running (captured by {@link captureConsole}). */
}

/**
 * Loads `entry` (an output path like `out/input.js`) from `outputs` and
 * returns its exports. Each call gets fresh module instances.
 */
export function loadCompiled(outputs: Record<string, string>, entry: string, root: string, paths?: Record<string, string[]>): Record<string, unknown> {
  const cache = new Map<string, { exports: unknown }>();
  const load = (path: string): unknown => {
    // One instance per file however it is named (`..`, `../`, `../index`).
    const asked = normalize(path);
    const key = [asked, asked + '.js', join(asked, 'index.js')].find((k) => outputs[k] !== undefined) ?? asked;
    const cached = cache.get(key);
    if (cached) return cached.exports;
    const code = outputs[key];
    if (code === undefined) throw new Error(`compiled module not found: ${key}`);
    const module = { exports: {} as unknown };
    cache.set(key, module);
    const localRequire = (spec: string): unknown => {
      if (spec === '@tracewright/runtime') return runtime;
      const family = HOOK_MODULE.exec(spec)?.[1];
      if (family !== undefined) {
        if (!FAMILIES.has(family)) throw new Error(`no hook family ${family}`);
        return {}; // registered above, into the runtime under test
      }
      if (spec.startsWith('.')) {
        const target = normalize(join(dirname(key), spec)).replace(/\.(ts|tsx|mts|cts)$/, '.js');
        return load(outputs[target] !== undefined ? target : target.replace(/\.js$/, ''));
      }
      // A tsconfig `paths` alias (`@/db`): its target's compiled file, as a bundler or tsconfig-paths would load it.
      const aliased = paths && pathsTargets(Object.entries(paths), spec)[0];
      if (aliased !== undefined) return load(join('out', aliased.replace(/^\.\//, '').replace(/\.(ts|tsx|mts|cts)$/, '')));
      // A native module may be another copy than the devDependency (TRACEWRIGHT_BETTER_SQLITE3).
      if (Object.hasOwn(NATIVE_MODULES, spec)) return requireNative(spec as NativeModuleName);
      return repoRequire(spec);
    };
    const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', code);
    fn(module.exports, localRequire, module, join(root, key), dirname(join(root, key)));
    return module.exports;
  };
  return load(entry) as Record<string, unknown>;
}

/** Runs `fn` with console.log captured; returns the lines. */
export async function captureConsole<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; lines: string[] }> {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => { lines.push(args.map((a) => typeof a === 'string' ? a : JSON.stringify(a)).join(' ')); };
  try {
    return { value: await fn(), lines };
  } catch (error) {
    return { error, lines };
  } finally {
    console.log = original;
  }
}

const runtimeEntry = fileURLToPath(new URL('../../src/runtime/index.ts', import.meta.url));
const hookEntries = fileURLToPath(new URL('../../src/runtime/hooks/entries/', import.meta.url));

/**
 * Loads ES module output (`.mjs`, from `.mts` inputs): writes every output
 * file under `dir`, points `@tracewright/runtime` at the runtime under test,
 * and imports `entry` through the test runner (so it shares the runtime and
 * OpenTelemetry instance of the test).
 */
export async function importCompiled(outputs: Record<string, string>, entry: string, dir: string): Promise<Record<string, unknown>> {
  for (const [path, code] of Object.entries(outputs)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    const local = code.split('"@tracewright/runtime"').join(JSON.stringify(runtimeEntry))
      .replace(/"@tracewright\/runtime\/hooks\/([\w.-]+)"/g, (_, family: string) => JSON.stringify(join(hookEntries, `${family}.ts`)));
    writeFileSync(file, local);
  }
  return (await import(/* @vite-ignore */ pathToFileURL(join(dir, entry)).href)) as Record<string, unknown>;
}

/** What an observer sees of one fixture run: return value, console lines, thrown error. */
export interface FixtureRun {
  value: string;
  error: string | undefined;
  lines: string[];
}

/**
 * Runs a fixture's exported `run({ url })` from compiled output (CommonJS
 * in-process, ES modules imported from `esmDir`) and returns what an observer
 * could see, with the test server's port replaced by `<port>`.
 */
export async function runFixtureEntry(
  outputs: Record<string, string>,
  entry: string,
  where: { root: string; esmDir: string; server: { url: string; port: number }; title: string; paths?: Record<string, string[]> },
): Promise<FixtureRun> {
  const observed = await captureConsole(async () => {
    const mod = entry.endsWith('.mjs') ? await importCompiled(outputs, entry, where.esmDir) : loadCompiled(outputs, entry, where.root, where.paths);
    const run = mod.run as ((ctx: { url: string }) => unknown) | undefined;
    if (typeof run !== 'function') throw new Error(`fixture ${where.title} must export run()`);
    return await run({ url: where.server.url });
  });
  // Spans of work finishing right after run() (response 'end' listeners) land on the next turn.
  await new Promise((r) => setTimeout(r, 20));
  const error = observed.error as { name?: string; message?: string } | undefined;
  const port = where.server.port.toString();
  return {
    value: JSON.stringify(observed.value) ?? 'undefined',
    error: error === undefined ? undefined : `${error.name}: ${error.message}`,
    lines: observed.lines.map((l) => l.split(port).join('<port>')),
  };
}
