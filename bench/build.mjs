// Build overhead of tracewright (`npm run bench:build`, after `node scripts/build.mjs`).
// One generated project (bench/buildProject.mjs: 300+ TypeScript modules, plus the
// semver and @opentelemetry/api modules esbuild bundles) built plain and instrumented,
// side by side, interleaved (the order alternates every round), each build a fresh
// `node` process timed from spawn to exit, as `npm run build` would run it:
//   esbuild: bundle, platform node            vs the same with tracewright/esbuild
//   vite:    SSR build (deps external)         vs the same with tracewright/vite
//   tsc:     `tsc -p` (type-check + emit)      vs `tspc -p` with tracewright/tsc
// Medians; writes bench/results/build.json and prints a table. Not a test.
// The plugin runs' first build writes tracewright's TypeScript code cache
// (node_modules/.cache/tracewright), as a user's first build would; later runs use it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './buildProject.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(repo, 'bench/.tmp/build-project');
const require = createRequire(join(repo, 'package.json'));
const ROUNDS = { esbuild: 9, vite: 7, tsc: 5 };

// A private copy of the built package (dist/ must exist: `npm run bench:build` builds it),
// so a concurrent `scripts/build.mjs` cannot pull it away mid-run.
const pkg = join(repo, 'bench/.tmp/tracewright');
rmSync(pkg, { recursive: true, force: true });
for (const part of ['package.json', 'dist', 'schema']) cpSync(join(repo, part), join(pkg, part), { recursive: true });
// BENCH_FEATURES scales the project (10 modules per feature; default 30 → 301 modules).
const modules = generateProject(project, { tracewright: pkg, features: Number(process.env.BENCH_FEATURES ?? 30) });

const SCRIPTS = {
  'esbuild.mjs': `import { build } from 'esbuild';
const instrumented = process.argv[2] === 'plugin';
const plugins = instrumented ? [(await import(${JSON.stringify(join(pkg, 'dist/esm/plugins/esbuild.js'))})).default()] : [];
const result = await build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm', outdir: instrumented ? 'out/esbuild-plugin' : 'out/esbuild', plugins, logLevel: 'error', metafile: true });
console.log(JSON.stringify({ inputs: Object.keys(result.metafile.inputs).length }));
`,
  'vite.mjs': `import { build } from 'vite';
const instrumented = process.argv[2] === 'plugin';
const plugins = instrumented ? [(await import(${JSON.stringify(join(pkg, 'dist/esm/plugins/vite.js'))})).default()] : [];
await build({ configFile: false, logLevel: 'error', plugins, build: { ssr: 'src/main.ts', outDir: instrumented ? 'out/vite-plugin' : 'out/vite', emptyOutDir: true, minify: false } });
`,
};
for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(project, name), text);

const tsc = require.resolve('typescript/bin/tsc');
const tspc = join(dirname(require.resolve('ts-patch/package.json')), 'bin/tspc.js');
const COMMANDS = {
  esbuild: { plain: ['esbuild.mjs', 'plain'], plugin: ['esbuild.mjs', 'plugin'] },
  vite: { plain: ['vite.mjs', 'plain'], plugin: ['vite.mjs', 'plugin'] },
  tsc: { plain: [tsc, '-p', 'tsconfig.json'], plugin: [tspc, '-p', 'tsconfig.plugin.json'] },
};

/** Wall time of one build, in ms; stdout kept for the first run's sanity checks. */
function time(args) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // tsc exits 2 on type errors; the generated project has none, so any failure is real.
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  return { ms, stdout: child.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Instrumented sites in an output directory (each site has one `__tw_site(<n>),`). */
function countSites(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, entry);
    if (statSync(path).isFile() && /\.m?js$/.test(path)) n += (readFileSync(path, 'utf8').match(/__tw_site[\w$]*\(\d+\),/g) ?? []).length;
  }
  return n;
}

const results = {};
for (const [tool, commands] of Object.entries(COMMANDS)) {
  const samples = { plain: [], plugin: [] };
  let inputs;
  time(commands.plain.slice()); // warm the file system cache
  for (let round = 0; round < ROUNDS[tool]; round++) {
    const order = round % 2 === 0 ? ['plain', 'plugin'] : ['plugin', 'plain'];
    for (const mode of order) {
      const { ms, stdout } = time(commands[mode]);
      samples[mode].push(ms);
      if (tool === 'esbuild' && mode === 'plain' && stdout) inputs = JSON.parse(stdout).inputs;
    }
  }
  const plain = median(samples.plain);
  const plugin = median(samples.plugin);
  const outDir = { esbuild: 'out/esbuild-plugin', vite: 'out/vite-plugin', tsc: 'out/tspc' }[tool];
  results[tool] = {
    ratio: Math.round((plugin / plain) * 1000) / 1000,
    plainMs: Math.round(plain), instrumentedMs: Math.round(plugin), rounds: ROUNDS[tool],
    instrumentedSites: countSites(join(project, outDir)),
    ...(inputs ? { bundledModules: inputs } : {}),
    samplesMs: { plain: samples.plain.map(Math.round), instrumented: samples.plugin.map(Math.round) },
  };
}

const output = {
  esbuild: results.esbuild.ratio,
  vite: results.vite.ratio,
  tsc: results.tsc.ratio,
  targets: { esbuild: 1.5, vite: 1.2, tsc: 1.15 },
  project: { typescriptModules: modules, generator: 'bench/buildProject.mjs' },
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  details: results,
};
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(join(repo, 'bench/results/build.json'), JSON.stringify(output, null, 2) + '\n');

console.log(`build overhead, ${modules} TypeScript modules (${results.esbuild.bundledModules} modules in the esbuild bundle), medians, fresh process per build`);
console.log('tool      plain ms  instrumented ms  ratio  target  sites');
for (const tool of ['esbuild', 'vite', 'tsc']) {
  const r = results[tool];
  console.log(`${tool.padEnd(8)}  ${String(r.plainMs).padStart(8)}  ${String(r.instrumentedMs).padStart(15)}  ${r.ratio.toFixed(2).padStart(5)}  ${('<= ' + output.targets[tool]).padStart(6)}  ${String(r.instrumentedSites).padStart(5)}`);
}
