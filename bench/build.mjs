// Build overhead of tracewright (`npm run bench:build`, after `node scripts/build.mjs`).
// One generated project (bench/buildProject.mjs: 300+ TypeScript modules, plus the
// semver and @opentelemetry/api modules esbuild bundles) built plain and instrumented,
// side by side, interleaved (the order alternates every round), each build a fresh
// `node` process timed from spawn to exit, as `npm run build` would run it:
//   esbuild: bundle, platform node            vs the same with tracewright/esbuild
//   vite:    SSR build (deps external)         vs the same with tracewright/vite
//   tsc:     `tsc -p` (type-check + emit)      vs `tspc -p` with tracewright/tsc, and vs `tracewright tsc -p`
//            (the patched compiler kept in node_modules/.cache/tracewright/tsc, loaded with a V8 code cache)
// The bundler plugins are timed twice: with default options, where every build after
// the first replays unchanged files from the transform cache (node_modules/.cache/
// tracewright/transforms; the cache is emptied first and filled by one untimed build),
// and with `cache: false`, where every build parses and instruments from scratch, as a
// first build or a CI build without a kept cache does. Both ratios are reported.
// Medians; writes bench/results/build.json and prints a table. Not a test.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProject } from './buildProject.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const project = join(repo, 'bench/.tmp/build-project');
const require = createRequire(join(repo, 'package.json'));
const ROUNDS = { esbuild: 11, vite: 9, tsc: 7 };

// A private copy of the built package (dist/ must exist: `npm run bench:build` builds it),
// so a concurrent `scripts/build.mjs` cannot pull it away mid-run.
const pkg = join(repo, 'bench/.tmp/tracewright');
rmSync(pkg, { recursive: true, force: true });
for (const part of ['package.json', 'bin', 'dist', 'schema']) cpSync(join(repo, part), join(pkg, part), { recursive: true });
// BENCH_FEATURES scales the project (10 modules per feature; default 30 → 301 modules).
const modules = generateProject(project, { tracewright: pkg, features: Number(process.env.BENCH_FEATURES ?? 30) });

const SCRIPTS = {
  'esbuild.mjs': `import { build } from 'esbuild';
const instrumented = process.argv[2] !== 'plain';
const options = process.argv[2] === 'cold' ? { cache: false } : {};
const plugins = instrumented ? [(await import(${JSON.stringify(join(pkg, 'dist/esm/plugins/esbuild.js'))})).default(options)] : [];
const result = await build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm', external: ['pg-native'], outdir: instrumented ? 'out/esbuild-plugin' : 'out/esbuild', plugins, logLevel: 'error', metafile: true });
console.log(JSON.stringify({ inputs: Object.keys(result.metafile.inputs).length }));
`,
  'vite.mjs': `import { build } from 'vite';
const instrumented = process.argv[2] !== 'plain';
const options = process.argv[2] === 'cold' ? { cache: false } : {};
const plugins = instrumented ? [(await import(${JSON.stringify(join(pkg, 'dist/esm/plugins/vite.js'))})).default(options)] : [];
await build({ configFile: false, logLevel: 'error', plugins, build: { ssr: 'src/main.ts', outDir: instrumented ? 'out/vite-plugin' : 'out/vite', emptyOutDir: true, minify: false } });
`,
};
for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(project, name), text);

const tsc = require.resolve('typescript/bin/tsc');
const tspc = join(dirname(require.resolve('ts-patch/package.json')), 'bin/tspc.js');
// ts-patch's other mode, on a private copy of TypeScript: `ts-patch install` patches it in place,
// then its plain `tsc` loads the plugin without tspc's per-run recompiling of a patched compiler.
const installedTs = join(repo, 'bench/.tmp/ts-installed/node_modules/typescript');
rmSync(join(repo, 'bench/.tmp/ts-installed'), { recursive: true, force: true });
cpSync(dirname(require.resolve('typescript/package.json')), installedTs, { recursive: true });
spawnSync(process.execPath, [join(dirname(require.resolve('ts-patch/package.json')), 'bin/ts-patch.js'), 'install', '--dir', installedTs], { stdio: 'ignore' });
const COMMANDS = {
  esbuild: { plain: ['esbuild.mjs', 'plain'], plugin: ['esbuild.mjs', 'plugin'], cold: ['esbuild.mjs', 'cold'] },
  vite: { plain: ['vite.mjs', 'plain'], plugin: ['vite.mjs', 'plugin'], cold: ['vite.mjs', 'cold'] },
  // tspc without the plugin too: what ts-patch alone costs, so tracewright's own share shows.
  tsc: {
    plain: [tsc, '-p', 'tsconfig.json'], plugin: [tspc, '-p', 'tsconfig.plugin.json'], tspcAlone: [tspc, '-p', 'tsconfig.json'],
    installed: [join(installedTs, 'bin/tsc'), '-p', 'tsconfig.plugin.json', '--outDir', 'out/tsc-installed'],
    tracewright: [join(pkg, 'bin/tracewright.mjs'), 'tsc', '-p', 'tsconfig.plugin.json', '--outDir', 'out/tracewright-tsc'],
  },
};
rmSync(join(project, 'node_modules/.cache/tracewright'), { recursive: true, force: true });

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

/** A mode's samples in build.json. */
const SAMPLE_NAMES = { plugin: 'instrumented', cold: 'instrumentedCacheOff', tspcAlone: 'tsPatchAlone', installed: 'tsPatchInstall', tracewright: 'tracewrightTsc' };

const results = {};
for (const [tool, commands] of Object.entries(COMMANDS)) {
  const modes = Object.keys(commands);
  const samples = Object.fromEntries(modes.map((m) => [m, []]));
  let inputs;
  time(commands.plain.slice()); // warm the file system cache
  if (commands.cold) time(commands.plugin.slice()); // the first build: fills the transform cache
  if (commands.tracewright) time(commands.tracewright); // builds the patched compiler and its code cache once
  for (let round = 0; round < ROUNDS[tool]; round++) {
    const order = round % 2 === 0 ? modes : [...modes].reverse();
    for (const mode of order) {
      const { ms, stdout } = time(commands[mode]);
      samples[mode].push(ms);
      if (tool === 'esbuild' && mode === 'plain' && stdout) inputs = JSON.parse(stdout).inputs;
    }
  }
  const plain = median(samples.plain);
  const ratio = (mode) => Math.round((median(samples[mode]) / plain) * 1000) / 1000;
  const outDir = { esbuild: 'out/esbuild-plugin', vite: 'out/vite-plugin', tsc: 'out/tspc' }[tool];
  results[tool] = {
    ratio: ratio('plugin'),
    ...(commands.cold ? { ratioCacheOff: ratio('cold') } : {}),
    ...(commands.tspcAlone ? { ratioTsPatchAlone: ratio('tspcAlone'), tsPatchAloneMs: Math.round(median(samples.tspcAlone)) } : {}),
    ...(commands.installed ? { ratioTsPatchInstall: ratio('installed'), tsPatchInstallMs: Math.round(median(samples.installed)), tsPatchInstallSites: countSites(join(project, 'out/tsc-installed')) } : {}),
    ...(commands.tracewright ? { ratioTracewrightTsc: ratio('tracewright'), tracewrightTscMs: Math.round(median(samples.tracewright)), tracewrightTscSites: countSites(join(project, 'out/tracewright-tsc')) } : {}),
    plainMs: Math.round(plain), instrumentedMs: Math.round(median(samples.plugin)),
    ...(commands.cold ? { instrumentedCacheOffMs: Math.round(median(samples.cold)) } : {}),
    rounds: ROUNDS[tool],
    instrumentedSites: countSites(join(project, outDir)),
    ...(inputs ? { bundledModules: inputs } : {}),
    samplesMs: Object.fromEntries(modes.map((m) => [SAMPLE_NAMES[m] ?? m, samples[m].map(Math.round)])),
  };
}

if (results.tsc.tracewrightTscSites !== results.tsc.instrumentedSites) {
  throw new Error(`tracewright tsc instrumented ${results.tsc.tracewrightTscSites} sites, tspc ${results.tsc.instrumentedSites}`);
}
if (results.tsc.tsPatchInstallSites !== results.tsc.instrumentedSites) {
  throw new Error(`ts-patch install build instrumented ${results.tsc.tsPatchInstallSites} sites, tspc ${results.tsc.instrumentedSites}: the install did not take`);
}

const output = {
  esbuild: results.esbuild.ratio,
  vite: results.vite.ratio,
  tsc: results.tsc.ratio,
  // tsc with the plugin through `ts-patch install` (plain tsc of a patched TypeScript) instead of tspc.
  tscTsPatchInstall: results.tsc.ratioTsPatchInstall,
  // `tracewright tsc` (ours / plain tsc): the same plugin work as tscTsPatchInstall, without patching TypeScript in place.
  tracewrightTscRatio: results.tsc.ratioTracewrightTsc,
  // Start-up alone: `tracewright tsc` against the `ts-patch install`ed tsc running the same plugin.
  tracewrightTscVsTsPatchInstall: Math.round((results.tsc.tracewrightTscMs / results.tsc.tsPatchInstallMs) * 1000) / 1000,
  // Every build from scratch (`cache: false`): a first build, or CI without a kept cache.
  cacheOff: { esbuild: results.esbuild.ratioCacheOff, vite: results.vite.ratioCacheOff },
  targets: { esbuild: 1.5, vite: 1.2, tsc: 1.15 },
  project: { typescriptModules: modules, generator: 'bench/buildProject.mjs' },
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  details: results,
};
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(join(repo, 'bench/results/build.json'), JSON.stringify(output, null, 2) + '\n');

console.log(`build overhead, ${modules} TypeScript modules (${results.esbuild.bundledModules} modules in the esbuild bundle), medians, fresh process per build`);
console.log('tool      plain ms  instrumented ms  ratio  cache off ms  ratio  target  sites');
for (const tool of ['esbuild', 'vite', 'tsc']) {
  const r = results[tool];
  const off = r.ratioCacheOff === undefined ? ['–', '–'] : [String(r.instrumentedCacheOffMs), r.ratioCacheOff.toFixed(2)];
  console.log(`${tool.padEnd(8)}  ${String(r.plainMs).padStart(8)}  ${String(r.instrumentedMs).padStart(15)}  ${r.ratio.toFixed(2).padStart(5)}  ${off[0].padStart(12)}  ${off[1].padStart(5)}  ${('<= ' + output.targets[tool]).padStart(6)}  ${String(r.instrumentedSites).padStart(5)}`);
}
console.log(`tsc: ts-patch alone (tspc, no plugin) ${results.tsc.tsPatchAloneMs} ms, ratio ${results.tsc.ratioTsPatchAlone.toFixed(2)}; ` +
  `plain tsc of a TypeScript patched by \`ts-patch install\`, with the plugin: ${results.tsc.tsPatchInstallMs} ms, ratio ${results.tsc.ratioTsPatchInstall.toFixed(2)}; ` +
  `tracewright tsc: ${results.tsc.tracewrightTscMs} ms, ratio ${results.tsc.ratioTracewrightTsc.toFixed(2)}`);
console.log('cache off = every bundler build parses from scratch (cache: false)');
