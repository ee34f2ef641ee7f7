/**
 * Which TypeScript (and ts-patch) the tsc-path tests compile with.
 *
 * The CI matrix (`.ci/run`) runs the tsc-path suites twice: once with the project's
 * devDependencies (TypeScript 5.x + ts-patch 3) and once with another pair installed
 * elsewhere (TypeScript 6 + ts-patch 4), selected by two environment variables:
 *
 * - `TRACEWRIGHT_TYPESCRIPT` — directory of a `typescript` package;
 * - `TRACEWRIGHT_TS_PATCH` — directory of a `ts-patch` package.
 *
 * Relative values are resolved from the current directory. Every test that compiles through
 * tsc gets its compiler from here, never from `import ts from 'typescript'`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

function packageDir(envName: string, packageName: string): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return resolve(fromEnv);
  return dirname(require.resolve(`${packageName}/package.json`));
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Directory of the `typescript` package under test (`TRACEWRIGHT_TYPESCRIPT` or the devDependency). */
export function typescriptDir(): string {
  return packageDir('TRACEWRIGHT_TYPESCRIPT', 'typescript');
}

/** Directory of the `ts-patch` package under test (`TRACEWRIGHT_TS_PATCH` or the devDependency). */
export function tsPatchDir(): string {
  return packageDir('TRACEWRIGHT_TS_PATCH', 'ts-patch');
}

/** Version of the TypeScript under test, e.g. `5.9.3`. */
export function typescriptVersion(): string {
  return packageVersion(typescriptDir());
}

/** Version of the ts-patch under test, e.g. `3.3.0`. */
export function tsPatchVersion(): string {
  return packageVersion(tsPatchDir());
}

/** The TypeScript module under test (unpatched: the `ts` namespace a transformer receives). */
export function loadTypeScript(): typeof import('typescript') {
  return require(typescriptDir()) as typeof import('typescript');
}

/**
 * Environment for a child `tspc`/`tsc` process, or for {@link loadPatchedTypeScript}: points
 * ts-patch at the TypeScript under test (`TSP_COMPILER_TS_PATH`), whatever sits next to it.
 */
export function compilerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, TSP_COMPILER_TS_PATH: typescriptDir() };
}

/** Path of the `tspc` script of the ts-patch under test; run it with `process.execPath`. */
export function tspcPath(): string {
  return join(tsPatchDir(), 'bin', 'tspc.js');
}

/** Path of the plain `tsc` script of the TypeScript under test; run it with `process.execPath`. */
export function tscPath(): string {
  return join(typescriptDir(), 'bin', 'tsc');
}

/**
 * The TypeScript under test, live-patched by the ts-patch under test (what `tspc` runs):
 * `createProgram` + `emit` honour `"plugins": [{ "transform": ... }]` from compiler options.
 */
export function loadPatchedTypeScript(): typeof import('typescript') {
  process.env.TSP_COMPILER_TS_PATH = typescriptDir();
  return require(join(tsPatchDir(), 'compiler', 'typescript.js')) as typeof import('typescript');
}

/** `TypeScript 5.9.3 + ts-patch 3.3.0 on Node v20.20.2`, for test titles and messages. */
export function compilerLabel(): string {
  return `TypeScript ${typescriptVersion()} + ts-patch ${tsPatchVersion()} on Node ${process.version}`;
}
