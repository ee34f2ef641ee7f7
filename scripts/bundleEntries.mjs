// The entries a build tool loads on every run, bundled in place into one file each.
// Node loads the ~45 small ES modules behind a plugin entry (plus semver's ~40
// CommonJS files) in ~80 ms, one bundle in ~25 ms, and a cold `esbuild` or
// `vite build` process pays that on every build. The per-module files stay beside
// them for the public `tracewright` entry and the type declarations. Heavy or
// optional packages stay external and load when needed. Used by scripts/build.mjs
// and by the tests' package build (test/bundlers/package.ts), so tests run what ships.
import { createRequire } from 'node:module';
import { join } from 'node:path';

const esbuild = createRequire(import.meta.url)('esbuild');

const PLUGINS = ['plugins/vite.js', 'plugins/esbuild.js', 'plugins/rollup.js', 'plugins/webpack.js', 'plugins/rspack.js'];
/** tsc loads `tracewright/tsc` with require: CommonJS only. */
export const BUNDLED_ENTRIES = { cjs: ['tsc.js', ...PLUGINS], esm: PLUGINS };

/** Loaded at run time, never inlined: the webpack loader must stay a file of its own (webpack takes its path). */
export const EXTERNAL = ['typescript', 'oxc-parser', 'unplugin', 'esbuild', './webpackLoader.cjs'];

/** Rewrites dist/{cjs,esm}/<entry> as single-file bundles of themselves. */
export function bundleEntries(dist) {
  for (const [format, entries] of Object.entries(BUNDLED_ENTRIES)) {
    for (const entry of entries) {
      const file = join(dist, format, entry);
      esbuild.buildSync({
        entryPoints: [file], outfile: file, allowOverwrite: true, bundle: true, platform: 'node', format, target: 'node20',
        external: EXTERNAL, logLevel: 'warning', sourcemap: true, // chains tsc's maps: stack traces name src/*.ts
      });
    }
  }
}
