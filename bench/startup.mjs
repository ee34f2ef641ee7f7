// Start-up cost of tracewright against @opentelemetry/auto-instrumentations-node
// (`npm run bench:startup`, after `node scripts/build.mjs`). One app (bench/startup/app.ts:
// loads pg, ioredis, mysql2 and node:http, then runs one query on each of PostgreSQL, Redis
// and MariaDB and one local HTTP request) started in fresh processes, side by side,
// interleaved (the order rotates every round), medians over RUNS rounds:
//   plain        the app built with tsc, no SDK
//   tracewright  the app built with tspc + tracewright/tsc, SDK preloaded (bench/startup/sdk.cjs:
//                NodeTracerProvider 2.x, BatchSpanProcessor, an exporter that drops spans)
//   auto         the plain build under getNodeAutoInstrumentations() over the same SDK,
//                processor and exporter, preloaded with --require (bench/startup/auto.cjs)
// and, for context (not in the ratio): the plain build with the SDK alone, the tracewright
// build without an SDK, and the plain build under auto-instrumentations-node's own `register`
// entry as shipped (NodeSDK, OTLP exporter, every resource detector).
// The measure is the app's `performance.now()` (ms since its process's time origin) when its
// first query (PostgreSQL, `pool.query`) resolved. Each run reports the spans its exporter saw;
// the bench fails when a traced run saw none. Writes bench/results/startup.json and prints a
// table. Not a test; stops with a message naming a service that is not reachable.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(repo, 'package.json'));
const app = join(repo, 'bench/.tmp/startup');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const SERVICES = [
  { name: 'PostgreSQL (user postgres, database test)', host: '127.0.0.1', port: 5432 },
  { name: 'Redis', host: '127.0.0.1', port: 6379 },
  { name: 'MariaDB (root, no password, database test)', host: '127.0.0.1', port: 3306 },
];

/** Whether a TCP connection to host:port opens within a second. */
function portOpen(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const down = [];
for (const s of SERVICES) if (!(await portOpen(s.host, s.port))) down.push(`${s.name} on ${s.host}:${s.port}`);
if (down.length > 0) {
  console.error(`bench:startup needs ${down.join(', ')}: not reachable. Start the service and run again.`);
  process.exit(1);
}

// ---- build the app twice ---------------------------------------------------------------------
// Private copies of both packages (dist/ must exist: `npm run bench:startup` builds them), so a
// concurrent `scripts/build.mjs` cannot pull them away mid-run. The app's `@tracewright/runtime`
// resolves to the copy in its node_modules; everything else (pg, the SDK, @opentelemetry/api)
// from this repository's node_modules.
rmSync(app, { recursive: true, force: true });
const tool = join(app, 'tracewright');
for (const part of ['package.json', 'dist', 'schema']) cpSync(join(repo, part), join(tool, part), { recursive: true });
const runtime = join(app, 'node_modules/@tracewright/runtime');
for (const part of ['package.json', 'dist']) cpSync(join(repo, 'packages/runtime', part), join(runtime, part), { recursive: true });
mkdirSync(join(app, 'src'), { recursive: true });
cpSync(join(repo, 'bench/startup/app.ts'), join(app, 'src/app.ts'));
const compilerOptions = {
  target: 'ES2022', module: 'CommonJS', moduleResolution: 'Node10', strict: true, esModuleInterop: true,
  skipLibCheck: true, types: ['node'], rootDir: 'src', outDir: 'out/plain',
};
writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
writeFileSync(join(app, 'tsconfig.plugin.json'), JSON.stringify({
  extends: './tsconfig.json',
  compilerOptions: { outDir: 'out/tracewright', plugins: [{ transform: join(tool, 'dist/cjs/tsc.js') }] },
}, null, 2));
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bench-startup-app', private: true }, null, 2));
const tsc = require.resolve('typescript/bin/tsc');
const tspc = join(dirname(require.resolve('ts-patch/package.json')), 'bin/tspc.js');
for (const args of [[tsc, '-p', 'tsconfig.json'], [tspc, '-p', 'tsconfig.plugin.json']]) {
  const r = spawnSync(process.execPath, args, { cwd: app, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}
// The app's four operations (pg, Redis, MariaDB, HTTP client), each one site, plus `redis.quit()`
// at the end (after the report), plus the local server's `http.createServer` (a server root: its
// requests get SERVER spans, as under auto-instrumentations-node's http instrumentation).
const OPERATIONS = 4;
const EXPECTED_SITES = OPERATIONS + 2;
const sites = (readFileSync(join(app, 'out/tracewright/app.js'), 'utf8').match(/__tw_site\(\d+\)/g) ?? []).length;
if (sites !== EXPECTED_SITES) throw new Error(`the tracewright build of bench/startup/app.ts has ${sites} instrumented sites, expected ${EXPECTED_SITES}`);

// ---- the variants ----------------------------------------------------------------------------
const plainApp = join(app, 'out/plain/app.js');
const twApp = join(app, 'out/tracewright/app.js');
const sdk = join(repo, 'bench/startup/sdk.cjs');
const auto = join(repo, 'bench/startup/auto.cjs');
/**
 * name → how to start it; `traced`: every run must report spans (through the preload's counting
 * exporter); `inRatio`: one of the three the ratio compares.
 */
const VARIANTS = {
  plain: { args: [plainApp], traced: false, inRatio: true },
  tracewright: { args: ['--require', sdk, twApp], traced: true, inRatio: true },
  auto: { args: ['--require', auto, plainApp], traced: true, inRatio: true },
  sdkOnly: { args: ['--require', sdk, plainApp], traced: false },
  tracewrightNoSdk: { args: [twApp], traced: false },
  // As shipped: NodeSDK with the OTLP exporter (nothing listens; export happens after the
  // measure) and every resource detector. Its GCP detector keeps the process waiting ~10 s on
  // the metadata server, so the run is killed once the app has reported. Its spans are counted
  // once, in a verification run with OTEL_TRACES_EXPORTER=console.
  autoRegister: { args: ['--require', '@opentelemetry/auto-instrumentations-node/register', plainApp], traced: false, killAfterReport: true },
};

/** One fresh process: the app's report, plus the wall time from spawn to its first query. */
function run(name, extraEnv = {}) {
  const variant = VARIANTS[name];
  // The environment of a user who set nothing: no NODE_OPTIONS, no OTEL_* of ours.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('OTEL_')));
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.timeOrigin + performance.now();
    const child = spawn(process.execPath, variant.args, { cwd: app, env: { ...env, ...extraEnv } });
    let stdout = '';
    let stderr = '';
    let report;
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (report === undefined) {
        const line = stdout.split('\n').find((l) => l.startsWith('{"loaded"'));
        if (line !== undefined) {
          report = JSON.parse(line);
          if (variant.killAfterReport && !extraEnv.OTEL_TRACES_EXPORTER) child.kill('SIGKILL');
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (report === undefined || (code !== 0 && signal !== 'SIGKILL')) {
        reject(new Error(`${name} (node ${variant.args.join(' ')}) failed (${code ?? signal}):\n${stdout}\n${stderr}`));
        return;
      }
      resolve({ ...report, wallFirstQuery: report.timeOrigin + report.firstQuery - spawnedAt, stdout });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;

const started = Date.now();
const names = Object.keys(VARIANTS);

// Verification: the register entry's spans, printed by its console exporter (one `name:` line each).
const registerCheck = await run('autoRegister', { OTEL_TRACES_EXPORTER: 'console', OTEL_NODE_RESOURCE_DETECTORS: 'env' });
const registerSpans = [...registerCheck.stdout.matchAll(/^ {2}name: '([^']*)',$/gm)].map((m) => m[1]);
if (registerSpans.length === 0) throw new Error('auto-instrumentations-node/register exported no span: the comparison would be meaningless');

const samples = Object.fromEntries(names.map((n) => [n, { firstQuery: [], wallFirstQuery: [], cpuFirstQuery: [], loaded: [], done: [] }]));
const spansSeen = {};
for (const name of names) await run(name); // warm the file system cache, untimed
for (let r = 0; r < RUNS; r++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(r + k) % names.length];
    const report = await run(name);
    if (VARIANTS[name].traced && report.spans.length === 0) {
      throw new Error(`${name}: run ${r + 1} exported no span; the app was not traced, so its start-up time says nothing`);
    }
    if (name === 'tracewright' && report.spans.length < OPERATIONS) {
      throw new Error(`tracewright: ${report.spans.length} spans for the app's ${OPERATIONS} operations: ${report.spans.join(', ')}`);
    }
    if (!VARIANTS[name].traced && report.spans.length > 0) throw new Error(`${name}: exported spans, but nothing instruments it`);
    spansSeen[name] ??= report.spans;
    for (const key of Object.keys(samples[name])) samples[name][key].push(report[key]);
  }
}

/** Median over rounds of (variant − plain) in the same round: runs seconds apart share the machine's load. */
const pairedAdded = (name, key = 'firstQuery') => round1(median(samples[name][key].map((x, i) => x - samples.plain[key][i])));
const medians = Object.fromEntries(names.map((n) => [n, Object.fromEntries(Object.entries(samples[n]).map(([k, xs]) => [k, round1(median(xs))]))]));
const added = (name, key = 'firstQuery') => medians[name][key] - medians.plain[key];
const oursAddedMs = round1(added('tracewright'));
const autoInstrumentationsAddedMs = round1(added('auto'));
const ratio = Math.round((oursAddedMs / autoInstrumentationsAddedMs) * 1000) / 1000;
const result = {
  oursAddedMs,
  autoInstrumentationsAddedMs,
  ratio,
  target: { ratio: '<= 0.2' },
  measure: 'ms from process time origin (performance.now() in the app) to its first query (pg pool.query) resolved; medians over interleaved fresh processes',
  runs: RUNS,
  medianMs: medians,
  // The same figures measured three other ways, as checks on the noise.
  pairedPerRound: {
    oursAddedMs: pairedAdded('tracewright'),
    autoInstrumentationsAddedMs: pairedAdded('auto'),
    ratio: Math.round((pairedAdded('tracewright') / pairedAdded('auto')) * 1000) / 1000,
  },
  wallFromSpawn: {
    oursAddedMs: round1(added('tracewright', 'wallFirstQuery')),
    autoInstrumentationsAddedMs: round1(added('auto', 'wallFirstQuery')),
  },
  cpuTime: {
    oursAddedMs: round1(added('tracewright', 'cpuFirstQuery')),
    autoInstrumentationsAddedMs: round1(added('auto', 'cpuFirstQuery')),
    ratio: Math.round((added('tracewright', 'cpuFirstQuery') / added('auto', 'cpuFirstQuery')) * 1000) / 1000,
  },
  context: {
    sdkOnlyAddedMs: round1(added('sdkOnly')),
    tracewrightNoSdkAddedMs: round1(added('tracewrightNoSdk')),
    autoRegisterAddedMs: round1(added('autoRegister')),
    ratioVsAutoRegister: Math.round((oursAddedMs / added('autoRegister')) * 1000) / 1000,
  },
  spans: { ...spansSeen, autoRegister: registerSpans },
  instrumentedSites: sites,
  samplesMs: Object.fromEntries(names.map((n) => [n, samples[n].firstQuery.map(round1)])),
  rangeMs: Object.fromEntries(names.map((n) => [n, [round1(Math.min(...samples[n].firstQuery)), round1(Math.max(...samples[n].firstQuery))]])),
  build: 'plain: tsc (CommonJS); tracewright: tspc + tracewright/tsc, same tsconfig',
  sdk: 'NodeTracerProvider (@opentelemetry/sdk-trace-node 2.x) + BatchSpanProcessor + dropping exporter, preloaded with --require',
  environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, date: new Date().toISOString() },
  seconds: Math.round((Date.now() - started) / 100) / 10,
};
mkdirSync(join(repo, 'bench/results'), { recursive: true });
writeFileSync(join(repo, 'bench/results/startup.json'), JSON.stringify(result, null, 2) + '\n');

const LABELS = {
  plain: 'plain (tsc, no SDK)',
  tracewright: 'tracewright (tspc) + SDK',
  auto: 'auto-instrumentations + SDK',
  sdkOnly: 'plain + SDK alone',
  tracewrightNoSdk: 'tracewright, no SDK',
  autoRegister: 'auto-instr. register entry',
};
const f = (x) => x.toFixed(1).padStart(8);
// A negative difference is noise larger than the effect: no verdict then.
const verdict = oursAddedMs < 0 || autoInstrumentationsAddedMs <= 0 ? 'inconclusive: noise larger than the difference' : ratio <= 0.2 ? 'met' : 'missed';
console.log(`start-up to the first query, ms since process start (medians of ${RUNS} interleaved fresh processes)`);
console.log('variant                        loaded  1st query  all done   added  (CPU ms)  spans');
for (const n of names) {
  const m = medians[n];
  const spans = n === 'autoRegister' ? registerSpans.length : spansSeen[n].length;
  const cpu = n === 'plain' ? '       –' : f(added(n, 'cpuFirstQuery'));
  console.log(`${LABELS[n].padEnd(29)} ${f(m.loaded)}   ${f(m.firstQuery)}  ${f(m.done)}  ${n === 'plain' ? '      –' : f(added(n))}  ${cpu}  ${String(spans).padStart(5)}${VARIANTS[n].inRatio ? '' : '  (context)'}`);
}
console.log(`first query range over runs: ${['plain', 'tracewright', 'auto'].map((n) => `${n} ${result.rangeMs[n][0]}–${result.rangeMs[n][1]} ms`).join(', ')}`);
console.log(`ratio from per-round differences ${result.pairedPerRound.ratio.toFixed(3)}, from CPU time ${result.cpuTime.ratio.toFixed(3)}`);
console.log(`oursAddedMs ${oursAddedMs}, autoInstrumentationsAddedMs ${autoInstrumentationsAddedMs}, ratio ${ratio.toFixed(3)} (target <= 0.2, ${verdict}); ` +
  `vs the register entry as shipped ${result.context.ratioVsAutoRegister.toFixed(3)}; ${result.seconds} s`);
