// @tracewright/runtime as a few files instead of ~50: an instrumented program requires the
// runtime and one entry per hook family it uses, and Node pays per file (resolve, stat, read,
// compile wrapper) — ~48 CommonJS files cost about twice the CPU time of the same code in 9.
// Rollup bundles tsc's ES module output (dist/esm) with code splitting, once as ES modules and
// once as CommonJS, so every source module exists in exactly one output file and state (the hook
// registry, the tracer cache, the OpenTelemetry-global watch, route state) exists once however
// many entries a program loads:
//   dist/{esm,cjs}/index.js                the root entry, with every module it reaches; hook
//                                          entries import what they share with it from here
//   dist/{esm,cjs}/hooks/entries/<f>.js    one per file of src/runtime/hooks/entries (found, not
//                                          listed), with what only that family uses
//   dist/esm/shared/<name>.js              modules several hook entries use and the root does not
//                                          (SQL statement parsing, metrics): loaded only by them,
//                                          so a browser bundle of fetch never carries them
//   dist/cjs/shared/common.js              the same modules in one file: Node pays per file
// Relative paths between the files, so a bundler that resolves `@tracewright/runtime` and
// `@tracewright/runtime/hooks/pg` reaches the same index.js and keeps one copy. The CommonJS root
// exports plain data properties (`exports.call1 = …`), as tsc's output did: the emitted code reads
// `__tw.call1` on every call and a getter there costs several ns. The root also exports, under
// their source names, the internals its hook entries import (`registerHooks`, `endSpan`, …): not
// in its declarations, not an API. tsc's per-module .js files are removed; its declarations stay
// (the exports map points types at dist/cjs/**/*.d.ts).
// Used by scripts/buildDist.mjs, so by scripts/build.mjs and the tests' package build alike.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { rollup } from 'rollup';

/** Only the OpenTelemetry API is loaded from outside the package. */
const EXTERNAL = new Set(['@opentelemetry/api']);

/** The entry points: `index` and `hooks/entries/<family>` for every .js tsc wrote there. */
export function runtimeEntries(esmDir) {
  const input = { index: join(esmDir, 'index.js') };
  for (const file of readdirSync(join(esmDir, 'hooks/entries'))) {
    if (file.endsWith('.js')) input[`hooks/entries/${file.slice(0, -3)}`] = join(esmDir, 'hooks/entries', file);
  }
  return input;
}

/** The modules `from` reaches through static imports (itself included), externals left out. */
function reachable(from, getModuleInfo) {
  const graph = new Set();
  const stack = [from];
  while (stack.length > 0) {
    const module = stack.pop();
    if (graph.has(module)) continue;
    graph.add(module);
    for (const imported of getModuleInfo(module).importedIds) if (!getModuleInfo(imported).isExternal) stack.push(imported);
  }
  return graph;
}

/**
 * Every module the root entry reaches: placed in the root's own file (`manualChunks` naming the
 * entry's chunk). With `oneShared`, every module two or more hook entries reach (and the root
 * does not) goes to one file, `shared/common.js`, instead of a file per combination of entries.
 */
function rootChunk(input, { oneShared = false } = {}) {
  let root;
  let shared;
  return (id, { getModuleInfo }) => {
    if (root === undefined) {
      root = reachable(input.index, getModuleInfo);
      const reachedBy = new Map();
      if (oneShared) {
        for (const [name, entry] of Object.entries(input)) {
          if (name === 'index') continue;
          for (const module of reachable(entry, getModuleInfo)) reachedBy.set(module, (reachedBy.get(module) ?? 0) + 1);
        }
      }
      shared = new Set([...reachedBy].filter(([module, count]) => count > 1 && !root.has(module)).map(([module]) => module));
    }
    return root.has(id) ? 'index' : shared.has(id) ? 'common' : undefined;
  };
}

/** Removes the .js files under `dir` (tsc's per-module output), keeping declarations and package.json. */
function removeModules(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeModules(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (entry.name.endsWith('.js')) rmSync(path);
  }
}

/**
 * Replaces tsc's per-module JavaScript in `dist/esm` and `dist/cjs` by the bundled entries and
 * shared files. Returns the files written, relative to each format's directory.
 */
export async function bundleRuntime(dist) {
  const esm = join(dist, 'esm');
  const input = runtimeEntries(esm);
  const bundle = await rollup({
    input,
    external: (id) => EXTERNAL.has(id),
    // The root may export more than its source does (the internals its hook entries import);
    // its declared exports are the source's, from dist/cjs/index.d.ts.
    preserveEntrySignatures: 'allow-extension',
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
  });
  const common = {
    entryFileNames: '[name].js', chunkFileNames: 'shared/[name].js',
    generatedCode: { preset: 'es2015', symbols: false }, minifyInternalExports: false,
  };
  // CommonJS is what Node loads file by file, and each file costs it about as much as tens of KB
  // of code (resolve, stat, read, compile wrapper: measured under callgrind at start-up), so there
  // what hook entries share is one file; ES modules keep a file per combination, so that a
  // bundle of one family never carries another's shared code (a bundler keeps whole modules).
  const outputs = {
    esm: await bundle.generate({ ...common, manualChunks: rootChunk(input), format: 'es' }),
    cjs: await bundle.generate({ ...common, manualChunks: rootChunk(input, { oneShared: true }), format: 'cjs', esModule: true, interop: 'default' }),
  };
  await bundle.close();
  const written = [];
  for (const [format, { output }] of Object.entries(outputs)) {
    const dir = join(dist, format);
    removeModules(dir);
    for (const chunk of output) {
      const file = join(dir, chunk.fileName);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, chunk.type === 'chunk' ? chunk.code : chunk.source);
      if (format === 'esm') written.push(relative(dir, file));
    }
  }
  return written.sort();
}
