// The two packages' dist/ folders, built the same way by scripts/build.mjs (what ships) and by
// the tests' package builds (test/bundlers/package.ts), so tests run what ships.
//   tracewright            dist/cjs (every entry; ts-patch loads tracewright/tsc with require)
//                          + dist/esm, plugin entries bundled into one file each
//   @tracewright/runtime   dist/cjs + dist/esm from src/runtime, bundled into one file per entry
//                          plus shared files (bundleRuntime.mjs); declarations per module
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleEntries } from './bundleEntries.mjs';
import { bundleRuntime } from './bundleRuntime.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(join(REPO, 'package.json')).resolve('typescript/bin/tsc');
const exec = promisify(execFile);

/**
 * tsc once as CommonJS and once as ES modules into `dist`, each half marked with its module type.
 * `esmDeclarations: false` leaves declarations to the CommonJS half (the runtime's types, for both
 * conditions: nothing of it has a default export, so ESM importers read CommonJS types alike).
 * `jsComments: false` strips comments from the JavaScript only (a third tsc run writes the
 * declarations, which keep the doc comments editors show): the runtime ships to production images
 * and its comments are for readers of src/runtime, not for its users.
 */
async function compileBoth(project, dist, { esmDeclarations = true, jsComments = true } = {}) {
  const compile = (...args) => exec(process.execPath, [tsc, '-p', project, ...args], { cwd: REPO });
  const strip = jsComments ? [] : ['--removeComments', '--declaration', 'false'];
  await Promise.all([
    compile('--outDir', join(dist, 'cjs'), ...strip),
    ...(jsComments ? [] : [compile('--outDir', join(dist, 'cjs'), '--emitDeclarationOnly')]),
    compile('--module', 'ESNext', '--moduleResolution', 'Bundler', '--outDir', join(dist, 'esm'), ...(esmDeclarations ? [] : ['--declaration', 'false']), ...strip),
  ]);
  for (const [dir, type] of [['cjs', 'commonjs'], ['esm', 'module']]) {
    mkdirSync(join(dist, dir), { recursive: true });
    writeFileSync(join(dist, dir, 'package.json'), JSON.stringify({ type }) + '\n');
  }
}

/** The build-time package `tracewright` into `dist` (the repository's own: `<repo>/dist`). */
export async function buildToolDist(dist) {
  await compileBoth('tsconfig.build.json', dist);
  bundleEntries(dist);
}

/** The runtime package `@tracewright/runtime` into `dist` (the repository's own: `<repo>/packages/runtime/dist`). */
export async function buildRuntimeDist(dist) {
  await compileBoth('packages/runtime/tsconfig.build.json', dist, { esmDeclarations: false, jsComments: false });
  await bundleRuntime(dist);
}
