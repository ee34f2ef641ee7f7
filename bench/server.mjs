// Server throughput with tracewright against the official instrumentations (`npm run bench:server`,
// after `node scripts/build.mjs`). Two small apps (bench/server/express-app.ts, fastify-app.ts:
// `GET /users/:id`, `POST /orders/:orderId/items` with a JSON body, a little work each), each run in
// three variants, each variant its own long-lived server process:
//   plain      the app bundled by esbuild (packages external, CommonJS), the SDK preloaded
//              (bench/server/sdk.cjs: NodeTracerProvider 2.x, BatchSpanProcessor, an exporter that
//              counts and drops spans, AsyncLocalStorage context manager, W3C propagator)
//   ours       the same bundle built with tracewright/esbuild (default options), same preload
//   official   the plain bundle under @opentelemetry/instrumentation-http + -express (Express) or
//              + @fastify/otel (Fastify), over the same SDK (bench/server/official-*.cjs)
// The plain variant registers the SDK too, so the losses are what the instrumentation costs, not
// what an SDK costs. packages external: the official instrumentations can only patch libraries
// required from node_modules, and so the three variants run the very same express / fastify.
// Load comes from a second process (bench/server/load.mjs, autocannon, fixed connections and
// seconds, cycling the two requests); with `taskset` and 2+ CPUs the servers are pinned to CPU 0
// and the load generator to CPU 1. Each server gets one discarded warm-up, then ROUNDS interleaved
// rounds (the order of the six servers rotates every round); requests per second are medians over
// rounds and the losses ratios to plain (1 - variant/plain), never absolute times across machines.
// Beside them, each server's CPU time per request over each run (a check on the noise: less at the
// mercy of other processes than throughput on a busy machine).
// Before the load, every server answers one GET and one POST and all six must answer the same.
// After it, each server reports the spans its exporter saw: plain must have none, official must
// have SERVER spans, and ours must have SERVER spans whenever its bundle holds a server install
// site. Writes bench/results/server.json and prints a table. Not a test.
//
// `node bench/server.mjs --check` (after a build): no load; one GET and one POST (with a
// traceparent header) per variant, an in-memory exporter, and the spans each variant exported
// printed: whether the built app produces SERVER spans, with routes, under the incoming trace.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(repo, 'bench/.tmp/server');
const CHECK = process.argv.includes('--check');
const ROUNDS = Number(process.env.BENCH_SERVER_ROUNDS ?? 5);
const DURATION = Number(process.env.BENCH_SERVER_SECONDS ?? 4);
const WARMUP = Number(process.env.BENCH_SERVER_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 16);
const FRAMEWORKS = ['express', 'fastify'];
const VARIANT_NAMES = ['plain', 'ours', 'official'];
// A remote parent in check mode: the server span must continue this trace.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;
const ORDER_ITEM = JSON.stringify({ sku: 'A-1', qty: 3, price: 9.5 });
const REQUESTS = [
  { method: 'GET', path: '/users/42' },
  { method: 'POST', path: '/orders/7/items', headers: { 'content-type': 'application/json' }, body: ORDER_ITEM },
];

const started = Date.now();
const loadAtStart = loadavg();
const cpuCount = cpus().length;
const pinned = cpuCount >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const SERVER_CPU = ['taskset', '-c', '0'];
const LOAD_CPU = ['taskset', '-c', '1'];

// ---- build the apps ------------------------------------------------------------------------
// Private copies of both packages (dist/ must exist: `npm run bench:server` builds them), so a
// concurrent `scripts/build.mjs` cannot pull them away mid-run. The bundles' `@tracewright/runtime`
// resolves to the copy in bench/.tmp/server/node_modules; express, fastify and the SDK from this
// repository's node_modules (one @opentelemetry/api for all).
rmSync(work, { recursive: true, force: true });
const tool = join(work, 'tracewright');
for (const part of ['package.json', 'dist', 'schema']) cpSync(join(repo, part), join(tool, part), { recursive: true });
const runtime = join(work, 'node_modules/@tracewright/runtime');
for (const part of ['package.json', 'dist']) cpSync(join(repo, 'packages/runtime', part), join(runtime, part), { recursive: true });
for (const file of ['express-app.ts', 'fastify-app.ts', 'work.ts']) cpSync(join(repo, 'bench/server', file), join(work, 'src', file));
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'bench-server-app', private: true }, null, 2));
writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'CommonJS', moduleResolution: 'Node10', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'] },
  include: ['src'],
}, null, 2));
const tracewright = (await import(pathToFileURL(join(tool, 'dist/esm/plugins/esbuild.js')).href)).default;

/** One esbuild bundle of an app; the same options with and without the plugin. */
async function bundle(framework, instrumented) {
  const outfile = join(work, 'out', instrumented ? 'ours' : 'plain', `${framework}-app.cjs`);
  await build({
    absWorkingDir: work, entryPoints: [`src/${framework}-app.ts`], bundle: true, packages: 'external', platform: 'node',
    format: 'cjs', target: 'node20', outfile, logLevel: 'error', plugins: instrumented ? [tracewright({ cache: false })] : [],
  });
  return outfile;
}

/** What the tracewright build of an app holds: server install sites (`installMethod`, …) and callback-argument sites. */
function sitesIn(file) {
  const text = readFileSync(file, 'utf8');
  return {
    install: (text.match(/\binstall(?:Method|Call|New)\(/g) ?? []).length,
    callbackArgs: (text.match(/\bcallbackArgs\(/g) ?? []).length,
  };
}

const apps = {};
for (const framework of FRAMEWORKS) {
  const [plain, ours] = await Promise.all([bundle(framework, false), bundle(framework, true)]);
  apps[framework] = { plain, ours, sites: sitesIn(ours) };
}
const noServerSites = FRAMEWORKS.filter((f) => apps[f].sites.install === 0);
const NO_SITES_NOTE = (f) => `note: the tracewright build of the ${f} app has no server install site (no installMethod/installCall/installNew): ` +
  'this tracewright has no server rules for it, so its "ours" variant instruments nothing and measures plain + SDK.';
if (!CHECK) for (const f of noServerSites) console.log(NO_SITES_NOTE(f));

// ---- the servers -----------------------------------------------------------------------------
const PRELOADS = {
  plain: () => join(repo, 'bench/server/sdk.cjs'),
  ours: () => join(repo, 'bench/server/sdk.cjs'),
  official: (framework) => join(repo, `bench/server/official-${framework}.cjs`),
};

/**
 * One long-lived server process of a variant (pinned to CPU 0 when pinning): resolves once it
 * printed its port. `report()` asks its preload for the spans exported so far.
 */
function startServer(framework, variant) {
  const app = variant === 'ours' ? apps[framework].ours : apps[framework].plain;
  const args = [process.execPath, '--require', PRELOADS[variant](framework), app];
  const command = pinned ? [...SERVER_CPU, ...args] : args;
  // The environment of a deployed service that set nothing of ours: no NODE_OPTIONS, no OTEL_*.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS' && !k.startsWith('OTEL_')));
  const child = spawn(command[0], command.slice(1), {
    cwd: work, env: { ...env, NODE_ENV: 'production', ...(CHECK ? { BENCH_SERVER_CHECK: '1' } : {}) }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = [];
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    let newline;
    while ((newline = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, newline);
      stdout = stdout.slice(newline + 1);
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        continue; // the app's own output, if any
      }
      const i = waiters.findIndex((w) => w.key in message);
      if (i >= 0) {
        const [waiter] = waiters.splice(i, 1);
        waiter.resolve(message[waiter.key]);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const next = (key) =>
    Promise.race([
      new Promise((resolve) => waiters.push({ key, resolve })),
      exited.then((how) => {
        throw new Error(`${framework}/${variant} server exited (${how}) before sending "${key}":\n${stderr}`);
      }),
    ]);
  return next('port').then((port) => ({
    framework, variant, url: `http://127.0.0.1:${port}`, requests: 0,
    report() {
      const reply = next('report');
      child.stdin.write('report\n');
      return reply;
    },
    stop: () => child.kill(),
  }));
}

/** One GET and one POST through fetch (check mode with the remote parent); status and body of each. */
async function sample(server) {
  const answers = [];
  for (const r of REQUESTS) {
    const headers = { ...r.headers, ...(CHECK ? { traceparent: TRACEPARENT } : {}) };
    const response = await fetch(server.url + r.path, { method: r.method, headers, body: r.body });
    answers.push(`${r.method} ${r.path} → ${response.status} ${await response.text()}`);
    server.requests++;
  }
  return answers;
}

/**
 * One load run from its own process (pinned to CPU 1 when pinning): autocannon's figures, plus the
 * server's CPU time per request over the run (read from the server before and after; the second
 * read flushes the run's spans first, so their export is counted too).
 */
async function load(server, seconds) {
  const before = await server.report();
  const options = JSON.stringify({ url: server.url, connections: CONNECTIONS, duration: seconds, requests: REQUESTS });
  const args = [process.execPath, join(repo, 'bench/server/load.mjs'), options];
  const command = pinned ? [...LOAD_CPU, ...args] : args;
  const child = spawnSync(command[0], command.slice(1), { cwd: repo, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (child.status !== 0) throw new Error(`load generator failed (${child.status}):\n${child.stdout}\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop());
  if (result.errors || result.timeouts || result.non2xx) {
    throw new Error(`${server.framework}/${server.variant}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`);
  }
  server.requests += result.requests;
  const after = await server.report();
  result.cpuUsPerRequest = (after.cpuUs - before.cpuUs) / result.requests;
  return result;
}

/**
 * What check mode expects of the spans one variant exported for the two requests: none from plain;
 * from official and from ours (when its bundle has install sites) exactly one SERVER span per
 * request, named `{method} {route}`, a child of the incoming traceparent. Returns the problems.
 */
function checkSpans(server, spans) {
  const key = `${server.framework}/${server.variant}`;
  if (server.variant === 'plain') return spans.length > 0 ? [`${key}: exported ${spans.length} spans, but nothing instruments it`] : [];
  if (server.variant === 'ours' && apps[server.framework].sites.install === 0) return [];
  const problems = [];
  const routes = { GET: '/users/:id', POST: '/orders/:orderId/items' };
  const serverSpans = spans.filter((s) => s.kind === 'server');
  for (const r of REQUESTS) {
    const name = `${r.method} ${routes[r.method]}`;
    const matching = serverSpans.filter((s) => s.name === name);
    if (matching.length !== 1) problems.push(`${key}: ${matching.length} SERVER spans named "${name}" (SERVER spans: ${serverSpans.map((s) => s.name).join(', ') || 'none'})`);
    else if (matching[0].traceId !== TRACE_ID || matching[0].parentSpanId !== TRACEPARENT.split('-')[2]) problems.push(`${key}: "${name}" is not a child of the incoming traceparent`);
    else if (matching[0].route !== routes[r.method]) problems.push(`${key}: "${name}" has http.route ${matching[0].route}`);
  }
  if (serverSpans.length !== REQUESTS.length) problems.push(`${key}: ${serverSpans.length} SERVER spans for ${REQUESTS.length} requests`);
  return problems;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round4 = (x) => Math.round(x * 10000) / 10000;
const pct = (x) => `${(x * 100).toFixed(1)}%`;

const servers = {};
try {
  for (const framework of FRAMEWORKS) {
    for (const variant of VARIANT_NAMES) servers[`${framework}/${variant}`] = await startServer(framework, variant);
  }
  const keys = Object.keys(servers);

  // Every variant answers both requests, and all six the same (same routes, same work).
  const answers = {};
  for (const key of keys) answers[key] = await sample(servers[key]);
  for (const key of keys) {
    if (JSON.stringify(answers[key]) !== JSON.stringify(answers[keys[0]])) {
      throw new Error(`${key} answered differently from ${keys[0]}:\n${answers[key].join('\n')}\nvs\n${answers[keys[0]].join('\n')}`);
    }
  }
  if (!answers[keys[0]].every((a) => / → 20[01] /.test(a))) throw new Error(`unexpected answers:\n${answers[keys[0]].join('\n')}`);

  if (CHECK) {
    const problems = [];
    for (const key of keys) {
      const { counts, spans } = await servers[key].report();
      problems.push(...checkSpans(servers[key], spans));
      console.log(`${key}: ${spans.length} spans (${Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'none'})`);
      for (const s of spans) {
        const parent = s.traceId === TRACE_ID ? (s.parentSpanId === TRACEPARENT.split('-')[2] ? 'child of the incoming traceparent' : `in the incoming trace, parent ${s.parentSpanId}`) : `new trace ${s.traceId}`;
        console.log(`  ${s.kind.toUpperCase().padEnd(8)} ${JSON.stringify(s.name).padEnd(34)} route ${String(s.route ?? '–').padEnd(24)} status ${String(s.status ?? '–').padEnd(4)} ${s.scope}; ${parent}`);
      }
    }
    for (const f of noServerSites) console.log(NO_SITES_NOTE(f));
    console.log(`server install sites in the tracewright builds: ${FRAMEWORKS.map((f) => `${f} ${apps[f].sites.install}`).join(', ')}; ` +
      `callback-argument sites: ${FRAMEWORKS.map((f) => `${f} ${apps[f].sites.callbackArgs}`).join(', ')}`);
    if (problems.length > 0) {
      console.log(`check failed:\n  ${problems.join('\n  ')}`);
      process.exitCode = 1;
    } else {
      console.log('check passed: plain exported nothing; official and (where our build has install sites) ours exported one SERVER span per request, named with its route, under the incoming trace');
    }
  } else {
    console.log(`warm-up: ${WARMUP} s per server, discarded; then ${ROUNDS} rounds of ${DURATION} s, ${CONNECTIONS} connections` +
      (pinned ? '; servers on CPU 0, load generator on CPU 1' : '; not pinned (no taskset or 1 CPU)'));
    for (const key of keys) await load(servers[key], WARMUP);
    const samples = Object.fromEntries(keys.map((k) => [k, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < keys.length; k++) {
        const key = keys[(r + k) % keys.length];
        samples[key].push(await load(servers[key], DURATION));
      }
    }
    const reports = {};
    for (const key of keys) reports[key] = (await servers[key].report()).counts;

    const results = {};
    for (const framework of FRAMEWORKS) {
      const at = (variant) => samples[`${framework}/${variant}`];
      const rps = (variant) => Math.round(median(at(variant).map((s) => s.rps)));
      const spansPerRequest = (variant) => {
        const counts = reports[`${framework}/${variant}`];
        const n = servers[`${framework}/${variant}`].requests;
        return Object.fromEntries(Object.entries(counts).filter(([, c]) => c > 0).map(([kind, c]) => [kind, Math.round((c / n) * 100) / 100]));
      };
      const spans = Object.fromEntries(VARIANT_NAMES.map((v) => [v, spansPerRequest(v)]));
      if (Object.keys(spans.plain).length > 0) throw new Error(`${framework}/plain exported spans (${JSON.stringify(spans.plain)}), but nothing instruments it`);
      if (!spans.official.server) throw new Error(`${framework}/official exported no SERVER span: the official instrumentations did not take, the comparison would be meaningless`);
      if (apps[framework].sites.install > 0 && !spans.ours.server) {
        throw new Error(`${framework}/ours: the bundle has ${apps[framework].sites.install} server install sites but exported no SERVER span`);
      }
      const instrumented = apps[framework].sites.install > 0;
      const [plainRps, oursRps, officialRps] = [rps('plain'), rps('ours'), rps('official')];
      const oursLoss = round4(1 - oursRps / plainRps);
      const officialLoss = round4(1 - officialRps / plainRps);
      // Per round: each variant against the plain sample of the same round (seconds apart, same load).
      const paired = (variant) => round4(1 - median(at(variant).map((s, i) => s.rps / at('plain')[i].rps)));
      // The server's CPU time per request: less at the mercy of other processes than wall-clock
      // throughput on a busy machine. A loss by CPU is 1 - plain CPU / variant CPU (what the
      // throughput loss would be if the server were CPU-bound and alone).
      const cpu = (variant) => median(at(variant).map((s) => s.cpuUsPerRequest));
      const cpuLoss = (variant) => round4(1 - cpu('plain') / cpu(variant));
      results[framework] = {
        oursRps, officialRps, plainRps,
        oursLoss, officialLoss,
        // A loss at or below zero is noise larger than the effect: no verdict then. Nor without
        // server install sites in our build: then "ours" is plain + SDK and meets anything.
        target: !instrumented ? 'not measured: ours instruments no server' : officialLoss <= 0 ? 'inconclusive' : oursLoss <= officialLoss / 2 ? 'met' : 'missed',
        pairedPerRound: { oursLoss: paired('ours'), officialLoss: paired('official') },
        cpuUsPerRequest: Object.fromEntries(VARIANT_NAMES.map((v) => [v, Math.round(cpu(v) * 10) / 10])),
        byCpu: { oursLoss: cpuLoss('ours'), officialLoss: cpuLoss('official') },
        latencyP50Ms: Object.fromEntries(VARIANT_NAMES.map((v) => [v, median(at(v).map((s) => s.latencyMs.p50))])),
        latencyP99Ms: Object.fromEntries(VARIANT_NAMES.map((v) => [v, median(at(v).map((s) => s.latencyMs.p99))])),
        // Approximate: autocannon does not count the requests still in flight when it stops.
        spansPerRequest: spans,
        oursInstrumented: instrumented,
        // Near 1: the load generator used its whole core, so it (not the server) set the pace.
        generatorCpu: Object.fromEntries(VARIANT_NAMES.map((v) => [v, Math.round(median(at(v).map((s) => s.generatorCpu)) * 100) / 100])),
        oursSites: apps[framework].sites,
        samplesRps: Object.fromEntries(VARIANT_NAMES.map((v) => [v, at(v).map((s) => Math.round(s.rps))])),
      };
    }

    const cpuInfo = cpus();
    const output = {
      ...results,
      target: 'oursLoss <= officialLoss / 2 (loss = 1 - rps / plainRps)',
      machine: {
        cpus: cpuCount, model: cpuInfo[0]?.model, platform: `${process.platform}-${process.arch}`,
        pinning: pinned ? 'servers on CPU 0, load generator on CPU 1 (taskset)' : 'none',
        loadAverage: { start: loadAtStart.map((x) => Math.round(x * 100) / 100), end: loadavg().map((x) => Math.round(x * 100) / 100) },
      },
      date: new Date().toISOString(),
      node: process.version,
      rounds: ROUNDS,
      secondsPerRound: DURATION,
      warmupSeconds: WARMUP,
      connections: CONNECTIONS,
      requests: REQUESTS.map((r) => `${r.method} ${r.path}`),
      versions: Object.fromEntries(['express', 'fastify', 'autocannon', '@opentelemetry/sdk-trace-node', '@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-express', '@fastify/otel']
        .map((name) => [name, JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version])),
      build: 'esbuild bundle, platform node, CommonJS, packages external; ours: the same with tracewright/esbuild ({ cache: false })',
      sdk: 'NodeTracerProvider (@opentelemetry/sdk-trace-node 2.x) + BatchSpanProcessor + dropping exporter, AsyncLocalStorage context manager, W3C propagator; preloaded in all three variants',
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    mkdirSync(join(repo, 'bench/results'), { recursive: true });
    writeFileSync(join(repo, 'bench/results/server.json'), JSON.stringify(output, null, 2) + '\n');

    const busy = loadAtStart[0] > cpuCount * 0.25;
    console.log(`server throughput, requests/s, medians of ${ROUNDS} interleaved rounds of ${DURATION} s, ${CONNECTIONS} connections`);
    console.log('app        plain     ours  official  our loss  official loss  paired (ours / official)  target (ours <= official / 2)');
    for (const f of FRAMEWORKS) {
      const r = results[f];
      const n = (x) => String(x).padStart(8);
      console.log(`${f.padEnd(8)} ${n(r.plainRps)} ${n(r.oursRps)}  ${n(r.officialRps)}  ${pct(r.oursLoss).padStart(8)}  ${pct(r.officialLoss).padStart(13)}  ` +
        `${`${pct(r.pairedPerRound.oursLoss)} / ${pct(r.pairedPerRound.officialLoss)}`.padStart(24)}  ${r.target}`);
    }
    for (const f of FRAMEWORKS) {
      const c = results[f].cpuUsPerRequest;
      console.log(`server CPU per request, ${f}: plain ${c.plain} µs, ours ${c.ours} µs, official ${c.official} µs; ` +
        `losses by CPU ${pct(results[f].byCpu.oursLoss)} / ${pct(results[f].byCpu.officialLoss)}`);
    }
    const describeSpans = (s) => Object.entries(s).map(([k, n]) => `${n} ${k}`).join(' + ') || 'none';
    for (const f of FRAMEWORKS) console.log(`spans per request, ${f}: ours ${describeSpans(results[f].spansPerRequest.ours)}; official ${describeSpans(results[f].spansPerRequest.official)}`);
    console.log(`machine: ${cpuCount} CPUs (${output.machine.model}), load average ${output.machine.loadAverage.start.join(' ')} at start, ` +
      `${output.machine.loadAverage.end.join(' ')} at end; node ${process.version}; ${output.seconds} s` + (busy ? ' — the machine was busy: figures worth quoting come from an idle one' : ''));
    const capped = FRAMEWORKS.filter((f) => results[f].generatorCpu.plain >= 0.9);
    if (capped.length > 0) console.log(`warning: the load generator used ${capped.map((f) => `${Math.round(results[f].generatorCpu.plain * 100)}% of its core against ${f}/plain`).join(', ')}: it may cap the plain throughput and understate the losses`);
  }
} finally {
  for (const server of Object.values(servers)) server.stop();
}
