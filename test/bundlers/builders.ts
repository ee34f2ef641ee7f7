/**
 * One build script per bundler, written into the app directory and run with
 * Node as a user's build would run (the plugin imported as
 * `tracewright/<bundler>` from the installed package). Each script prints one
 * JSON line: `{ ok, warnings, errors }` as the bundler reported them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_DIR } from './app.js';
import { run } from './run.js';

export type Bundler = 'esbuild' | 'vite' | 'rollup' | 'webpack' | 'rspack';

/** What a build reported. */
export interface BuildReport {
  ok: boolean;
  warnings: string[];
  errors: string[];
  /** The built entry (CommonJS). */
  entry: string;
  stderr: string;
}

const SCRIPTS: Record<Bundler, string> = {
  esbuild: `import { build } from 'esbuild';
import tracewright from 'tracewright/esbuild';
try {
  const result = await build({
    absWorkingDir: APP, entryPoints: [ENTRY], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    outfile: OUT + '/main.cjs', sourcemap: true, logLevel: 'silent', plugins: OPTIONS ? [tracewright(OPTIONS)] : [],
  });
  done(true, result.warnings.map((m) => m.text), []);
} catch (error) {
  done(false, (error.warnings ?? []).map((m) => m.text), error.errors ? error.errors.map((m) => m.text) : [String(error.message)]);
}
`,
  vite: `import { build } from 'vite';
import tracewright from 'tracewright/vite';
const warnings = [];
const logger = { info() {}, warn: (m) => warnings.push(m), warnOnce: (m) => warnings.push(m), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false };
try {
  await build({
    root: APP, configFile: false, logLevel: 'warn', customLogger: logger, plugins: OPTIONS ? [tracewright(OPTIONS)] : [],
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: ENTRY, outDir: OUT, emptyOutDir: true, sourcemap: true, minify: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name]-[hash].cjs' } },
    },
  });
  done(true, warnings, []);
} catch (error) {
  done(false, warnings, [String(error.message)]);
}
`,
  rollup: `import { rollup } from 'rollup';
import { builtinModules } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import tracewright from 'tracewright/rollup';
// TypeScript and JSX stripped by esbuild's transform API: the lightest TS plugin for rollup.
const stripTypes = {
  name: 'strip-types',
  async transform(code, id) {
    if (!/\\.tsx?$/.test(id)) return null;
    const out = await transform(code, { loader: id.endsWith('x') ? 'tsx' : 'ts', sourcemap: true, sourcefile: id, format: 'esm', target: 'node20' });
    return { code: out.code, map: out.map };
  },
};
const warnings = [];
try {
  const bundle = await rollup({
    input: APP + '/' + ENTRY,
    external: (id) => id.startsWith('node:') || builtinModules.includes(id),
    onwarn: (w) => warnings.push(w.message),
    plugins: [...(OPTIONS ? [tracewright(OPTIONS)] : []), nodeResolve({ extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs'], preferBuiltins: true }), stripTypes, commonjs({ extensions: ['.js', '.cjs'] })],
  });
  await bundle.write({ dir: OUT, format: 'cjs', entryFileNames: 'main.cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true });
  await bundle.close();
  done(true, warnings, []);
} catch (error) {
  done(false, warnings, [String(error.message)]);
}
`,
  webpack: `import webpack from 'webpack';
import tracewright from 'tracewright/webpack';
const compiler = webpack({
  mode: 'none', target: 'node20', context: APP, entry: './' + ENTRY, devtool: 'source-map',
  output: { path: OUT, filename: 'main.cjs', chunkFilename: '[name].cjs', library: { type: 'commonjs2' } },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs'] },
  module: { rules: [{ test: /\\.tsx?$/, loader: 'esbuild-loader', options: { target: 'node20' } }] },
  plugins: OPTIONS ? [tracewright(OPTIONS)] : [],
  infrastructureLogging: { level: 'error' },
});
compiler.run((error, stats) => {
  compiler.close(() => {});
  if (error) return done(false, [], [String(error.message)]);
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  done(!stats.hasErrors(), json.warnings.map((w) => w.message), json.errors.map((e) => e.message));
});
`,
  rspack: `import { rspack } from '@rspack/core';
import tracewright from 'tracewright/rspack';
const swc = (tsx) => ({ loader: 'builtin:swc-loader', options: { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx }, transform: { react: { runtime: 'classic', pragma: 'h' } } } } });
const compiler = rspack({
  mode: 'none', target: 'node20', context: APP, entry: './' + ENTRY, devtool: 'source-map',
  output: { path: OUT, filename: 'main.cjs', chunkFilename: '[name].cjs', library: { type: 'commonjs2' } },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs'] },
  module: { rules: [{ test: /\\.ts$/, ...swc(false) }, { test: /\\.tsx$/, ...swc(true) }] },
  plugins: OPTIONS ? [tracewright(OPTIONS)] : [],
  infrastructureLogging: { level: 'error' },
});
compiler.run((error, stats) => {
  compiler.close(() => {});
  if (error) return done(false, [], [String(error.message)]);
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  done(!stats.hasErrors(), json.warnings.map((w) => w.message), json.errors.map((e) => e.message));
});
`,
};

/**
 * Builds `entry` of the app with `bundler` into `out/<name>/`; `options`
 * false builds without the plugin.
 */
export async function buildWith(bundler: Bundler, name: string, options: unknown, entry = 'src/main.ts', appDir = APP_DIR): Promise<BuildReport> {
  const outDir = join(appDir, 'out', name);
  const script = join(appDir, `build-${name}.mjs`);
  writeFileSync(script, `const APP = ${JSON.stringify(appDir)};
const OUT = ${JSON.stringify(outDir)};
const ENTRY = ${JSON.stringify(entry)};
const OPTIONS = ${JSON.stringify(options === false ? null : options)};
const done = (ok, warnings, errors) => { console.log('BUILD ' + JSON.stringify({ ok, warnings, errors })); };
${SCRIPTS[bundler]}`);
  const { stdout, stderr } = await run(process.execPath, [script], appDir);
  const line = stdout.split('\n').find((l) => l.startsWith('BUILD '));
  if (!line) throw new Error(`${bundler} build printed no result:\n${stdout}\n${stderr}`);
  return { ...(JSON.parse(line.slice(6)) as Omit<BuildReport, 'entry' | 'stderr'>), entry: join(outDir, 'main.cjs'), stderr };
}
