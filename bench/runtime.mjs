// Per-call cost of the tracewright runtime (`npm run bench:runtime`), measured
// side by side, interleaved over many rounds, medians (each part in fresh
// child processes started with --expose-gc, collecting garbage before every sample):
//   (a) async call and (b) sync call wrapped by `__tw.call1` against the same
//       call wrapped by a hand-written `tracer.startActiveSpan` (SDK registered,
//       BatchSpanProcessor, an exporter that drops spans);
//   (c) with no SDK registered (a child process, so the JIT never saw an SDK):
//       the ns `__tw.call1` adds to the plain call;
//   (d) a pg `SELECT 1` and an ioredis GET on the real servers: what tracewright's wrapped
//       call (with the pg / ioredis hooks) and the official instrumentations add to the plain
//       call, in µs per call (bench/runtimeDb.mjs; stops when PostgreSQL or Redis is down).
//       `node bench/runtime.mjs --db-only` (after a build) measures these rows alone and merges
//       them into the last results.
// Writes bench/results/runtime.json and prints a table. Not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDbServices, dbVerdict, measureDb, measureDbInstructions } from './runtimeDb.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// The runtime package as instrumented code loads it (built by scripts/build.mjs into packages/runtime/dist).
const tw = require('@tracewright/runtime');

const SPEC = { r: 'bench.op', n: 'bench op', k: 2, a: { 'db.system.name': 'bench' }, m: 'auto' };
const S = tw.sites(JSON.stringify({ v: 1, f: 'bench/app.ts', s: [SPEC], c: [[0, 10, 5]] }));
const SITE = S[0];

function syncFn(x) {
  return x + 1;
}
const resolved = Promise.resolve(1);
function asyncFn(x) {
  return x === -1 ? resolved : Promise.resolve(x);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const now = () => process.hrtime.bigint();

/** Run `variants` (name → () => Promise<ns per call> | ns per call) interleaved; medians by name. */
async function interleave(variants, rounds, warmup) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    // rotate the order so no variant always runs first after a GC-heavy one
    for (let k = 0; k < names.length; k++) {
      const name = names[(r + k) % names.length];
      // Let timers (the batch processor's export) run, then collect garbage
      // (--expose-gc), so that no sample pays for another's leftovers.
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc?.();
      const ns = await variants[name]();
      if (r >= warmup) samples[name].push(ns);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n])]));
}

// ---- (c) no SDK: child processes ------------------------------------------
// One child per shape (sync, async): each measures `__tw.call1` against the
// plain call with one callee, so neither loop's feedback is polluted by the
// other shape's, and the JIT never saw an SDK.
async function noSdkChild(shape) {
  const N = 2_000_000;
  const fn = shape === 'sync' ? syncFn : asyncFn;
  // One loop function per variant keeps every call site monomorphic.
  function plainLoop(n) {
    let r;
    for (let i = 0; i < n; i++) r = fn(i);
    return r;
  }
  function twLoop(n) {
    let r;
    for (let i = 0; i < n; i++) r = tw.call1(SITE, fn, undefined, i);
    return r;
  }
  const timed = (loop) => async () => {
    const t0 = now();
    await loop(N);
    return Number(now() - t0) / N;
  };
  const m = await interleave({ plain: timed(plainLoop), tracewright: timed(twLoop) }, 25, 5);
  process.stdout.write(JSON.stringify(m));
}

// ---- (a)/(b) with SDK ------------------------------------------------------
async function withSdk() {
  const api = require('@opentelemetry/api');
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  const dropping = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping)] });
  provider.register();
  const tracer = api.trace.getTracer('hand-written', '1.0.0');
  const { SpanKind, SpanStatusCode } = api;

  function handSync(x) {
    return tracer.startActiveSpan(
      'bench op',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'bench', 'code.file.path': 'bench/app.ts', 'code.line.number': 10, 'code.column.number': 5 },
      },
      (span) => {
        try {
          return syncFn(x);
        } catch (e) {
          span.recordException(e);
          span.setStatus({ code: SpanStatusCode.ERROR, message: e?.message });
          throw e;
        } finally {
          span.end();
        }
      },
    );
  }
  function handAsync(x) {
    return tracer.startActiveSpan(
      'bench op',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'bench', 'code.file.path': 'bench/app.ts', 'code.line.number': 10, 'code.column.number': 5 },
      },
      (span) => {
        let p;
        try {
          p = asyncFn(x);
        } catch (e) {
          span.recordException(e);
          span.setStatus({ code: SpanStatusCode.ERROR, message: e?.message });
          span.end();
          throw e;
        }
        return p.then(
          (v) => {
            span.end();
            return v;
          },
          (e) => {
            span.recordException(e);
            span.setStatus({ code: SpanStatusCode.ERROR, message: e?.message });
            span.end();
            throw e;
          },
        );
      },
    );
  }

  const B = 2_000;
  function loopHandSync(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += handSync(i);
    return s;
  }
  function loopTwSync(n) {
    let s = 0;
    for (let i = 0; i < n; i++) s += tw.call1(SITE, syncFn, undefined, i);
    return s;
  }
  function loopHandAsync(n) {
    let p;
    for (let i = 0; i < n; i++) p = handAsync(i);
    return p;
  }
  function loopTwAsync(n) {
    let p;
    for (let i = 0; i < n; i++) p = tw.call1(SITE, asyncFn, undefined, i);
    return p;
  }
  // Async rounds await the last promise: reactions run in order, so every
  // span of the round has ended by then.
  const timed = (loop) => async () => {
    const t0 = now();
    await loop(B);
    return Number(now() - t0) / B;
  };
  const m = await interleave(
    { handSync: timed(loopHandSync), twSync: timed(loopTwSync), handAsync: timed(loopHandAsync), twAsync: timed(loopTwAsync) },
    90,
    10,
  );
  await provider.shutdown();
  return m;
}

const METHOD =
  'medians over interleaved rounds, gc before each sample; SDK: NodeTracerProvider + BatchSpanProcessor + dropping exporter, 3 processes, the median one reported; no-SDK measured in fresh processes';
const DB_METHOD =
  'one child process per variant (plain, tracewright, official instrumentation), same SDK, rounds inside a parent span, driven round by round in rotating order (only one child works at a time), ' +
  'SETS sets of fresh processes, ROUNDS rounds each after 2 warm-up rounds; per round and variant: wall time and the client process\'s user and system CPU time (process.cpuUsage) per call; ' +
  'added cost = variant − plain of the same round (the three run back to back), ratio = median of tracewright\'s added cost / median of the official\'s; ' +
  'dbRatioVsOfficialCpu is that ratio in user CPU time, the worse of pg and Redis (db.<op>.cpu.pairedRatio), computed per set of processes too (db.<op>.cpu.pairedRatiosPerSet); ' +
  'dbVerdict is met/missed only when every set agrees, else inconclusive; dbRatioVsOfficial and db.<op>.ratio are from medians of wall time (noise on a loaded machine)';

const INSTRUCTIONS_METHOD =
  'dbRatioVsOfficialInstructions / dbInstructions: the same three clients under valgrind --tool=callgrind (node --single-threaded), one process each, WARM warm-up calls per operation, then N calls of pg and N of Redis inside a parent span, ' +
  "each block's instructions from a callgrind dump taken on entering uv_os_gethostname (os.hostname() around the blocks), minus those of V8's optimizing compiler (v8::internal::Compiler::CompileOptimized, inclusive: on the main thread under --single-threaded, still compiling in the measured blocks, 70-78% of their instructions, varying with which functions tier up inside the block; db.<op>.withJit keeps the counts with it, db.<op>.jit the compiler's part per call); added = variant − plain, ratio of the added instructions (medians over SETS sets of processes), the worse of pg and Redis; not timed, so the load does not inflate it, but counts still differ between processes (event-loop turns per reply); dbVerdict is met or missed only when it agrees with the user-CPU sets";

if (process.argv[2] === '--no-sdk-child') {
  await noSdkChild(process.argv[3]);
} else if (process.argv[2] === '--sdk-child') {
  process.stdout.write(JSON.stringify(await withSdk()));
} else if (process.argv[2] === '--db-only') {
  // The database rows alone, merged into the last results (the other rows are kept as they were).
  await checkDbServices();
  const started = Date.now();
  const file = join(here, 'results', 'runtime.json');
  const last = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const db = await measureDb();
  const instructions = await maybeInstructions();
  const result = { ...last, ...dbFields(db, instructions), dbSeconds: (Date.now() - started) / 1000 };
  result.environment = { ...last.environment, dbDate: new Date().toISOString(), node: process.version };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  printDb(result);
} else {
  await checkDbServices(); // before the first part, so a missing server stops the bench at once
  const started = Date.now();
  const child = (...args) =>
    JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' }),
    );
  const noSdkSync = child('--no-sdk-child', 'sync');
  const noSdkAsync = child('--no-sdk-child', 'async');
  // The SDK comparison runs in several fresh processes (each side by side,
  // interleaved): JIT decisions on the SDK code both variants share differ
  // from one process to the next, so one process alone can be off by a few %.
  // Reported: the process with the median ratio, per shape.
  const PROCESSES = 3;
  const runs = Array.from({ length: PROCESSES }, () => child('--sdk-child'));
  const pick = (tw, hand) => {
    const all = runs.map((m) => ({ tracewrightNs: m[tw], handWrittenNs: m[hand], ratio: m[tw] / m[hand] }));
    const sorted = [...all].sort((a, b) => a.ratio - b.ratio);
    return { ...sorted[sorted.length >> 1], ratiosPerProcess: all.map((x) => Number(x.ratio.toFixed(4))) };
  };
  const sync = pick('twSync', 'handSync');
  const asyncR = pick('twAsync', 'handAsync');
  const noSync = { plainNs: noSdkSync.plain, tracewrightNs: noSdkSync.tracewright, addedNs: noSdkSync.tracewright - noSdkSync.plain };
  const noAsync = { plainNs: noSdkAsync.plain, tracewrightNs: noSdkAsync.tracewright, addedNs: noSdkAsync.tracewright - noSdkAsync.plain };
  const db = await measureDb();
  const instructions = await maybeInstructions();
  const result = {
    ratioVsHandWritten: Math.max(sync.ratio, asyncR.ratio),
    noSdkAddedNs: Math.max(noSync.addedNs, noAsync.addedNs),
    withSdk: { sync, async: asyncR },
    noSdk: { sync: noSync, async: noAsync },
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, date: new Date().toISOString() },
    ...dbFields(db, instructions),
    targets: { ratioVsHandWritten: '<= 1.00', noSdkAddedNs: '<= 10', dbRatioVsOfficial: '<= 0.90' },
    seconds: (Date.now() - started) / 1000,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'runtime.json'), JSON.stringify(result, null, 2) + '\n');
  const f = (x) => x.toFixed(1).padStart(8);
  console.log('tracewright runtime, per call (median ns)');
  console.log('                      tracewright  hand-written   ratio');
  console.log(`  with SDK, sync      ${f(sync.tracewrightNs)}      ${f(sync.handWrittenNs)}   ${sync.ratio.toFixed(3)}  (per process: ${sync.ratiosPerProcess.join(', ')})`);
  console.log(`  with SDK, async     ${f(asyncR.tracewrightNs)}      ${f(asyncR.handWrittenNs)}   ${asyncR.ratio.toFixed(3)}  (per process: ${asyncR.ratiosPerProcess.join(', ')})`);
  console.log('                      tracewright         plain   added');
  console.log(`  no SDK, sync        ${f(noSync.tracewrightNs)}      ${f(noSync.plainNs)}   ${noSync.addedNs.toFixed(2)} ns`);
  console.log(`  no SDK, async       ${f(noAsync.tracewrightNs)}      ${f(noAsync.plainNs)}   ${noAsync.addedNs.toFixed(2)} ns`);
  console.log(`ratioVsHandWritten ${result.ratioVsHandWritten.toFixed(3)} (target <= 1.00), noSdkAddedNs ${result.noSdkAddedNs.toFixed(2)} (target <= 10); ${result.seconds.toFixed(1)} s`);
  printDb(result);
}

/**
 * The database fields of the results: (d), the added cost per call of tracewright's wrapped call
 * over the official instrumentation's, the worse of pg and Redis, in the client's user CPU time
 * (`dbRatioVsOfficialCpu`, from per-round differences; the verdict from its spread over the
 * sets of processes) and in wall time (`dbRatioVsOfficial`, from medians; noise on this machine).
 */
function dbFields(db, instructions) {
  const dbRatioVsOfficialCpu = Math.max(db.pg.cpu.pairedRatio, db.redis.cpu.pairedRatio);
  const fields = {
    method: `${METHOD}; db: ${DB_METHOD.replace('SETS', db.sets).replace('ROUNDS', db.rounds)}`,
    dbRatioVsOfficial: Math.max(db.pg.ratio, db.redis.ratio),
    dbRatioVsOfficialCpu,
    dbVerdict: dbVerdict(db, 0.9),
    db,
  };
  if (instructions === undefined) return fields;
  // Instruction counts do not follow the machine's load, but they still move between processes
  // (how many event-loop turns a reply takes): the verdict stands only when both measures agree.
  const ratio = Math.max(instructions.pg.ratio, instructions.redis.ratio);
  fields.method += `; ${INSTRUCTIONS_METHOD.replace('WARM', instructions.warm).replace('N', instructions.callsPerBlock).replace('SETS', instructions.sets)}`;
  fields.dbRatioVsOfficialInstructions = ratio;
  if (fields.dbVerdict !== (ratio <= 0.9 ? 'met' : 'missed')) fields.dbVerdict = 'inconclusive';
  fields.dbInstructions = instructions;
  return fields;
}

/** The instruction counts, when valgrind is installed and BENCH_NO_CALLGRIND is not set (they take minutes). */
async function maybeInstructions() {
  if (process.env.BENCH_NO_CALLGRIND) return undefined;
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.error('valgrind not found: the database rows are measured in time only (no instruction counts)');
    return undefined;
  }
  return measureDbInstructions();
}

function printDb(result) {
  const db = result.db;
  const u = (x) => x.toFixed(1).padStart(8);
  console.log(`database calls, µs per call (medians of ${db.sets * db.rounds} rounds; pg ${db.pg.callsPerRound}, Redis ${db.redis.callsPerRound} sequential awaits each)`);
  const row = (...cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(16) : String(c).padStart(12))).join('');
  console.log(row('', 'plain', 'tracewright', 'official', '+tracewright', '+official', 'ratio'));
  for (const [op, label] of [['pg', '  pg SELECT 1'], ['redis', '  ioredis GET']]) {
    const d = db[op];
    console.log(row(`${label} wall`, u(d.plainUs), u(d.tracewrightUs), u(d.officialUs), u(d.tracewrightAddedUs), u(d.officialAddedUs), d.ratio.toFixed(3)));
    const c = d.cpu;
    console.log(row(`${label} CPU`, u(c.plainUs), u(c.tracewrightUs), u(c.officialUs), u(c.tracewrightAddedUs), u(c.officialAddedUs), c.pairedRatio.toFixed(3)));
    console.log(`${''.padEnd(16)}user CPU ratio per process set ${c.pairedRatiosPerSet.join(', ')} (from medians ${c.ratio.toFixed(3)}); ` +
      `wall ratio per set ${d.ratiosPerSet.join(', ')}; plain rounds ${d.rangeUs.plain[0]}–${d.rangeUs.plain[1]} µs wall`);
  }
  const ins = result.dbInstructions;
  if (ins !== undefined) {
    console.log(`instructions per call (callgrind, ${ins.callsPerBlock} calls after ${ins.warm} warm-up calls, without the optimizing compiler)`);
    for (const [op, label] of [['pg', '  pg SELECT 1'], ['redis', '  ioredis GET']]) {
      const d = ins[op];
      console.log(row(label, d.plain, d.tracewright, d.official, d.tracewrightAdded, d.officialAdded, d.ratio.toFixed(3)));
      const j = d.withJit;
      if (j !== undefined) console.log(row('    with JIT', j.plain, j.tracewright, j.official, j.tracewrightAdded, j.officialAdded, j.ratio.toFixed(3)));
    }
  }
  console.log(
    `dbRatioVsOfficialCpu ${result.dbRatioVsOfficialCpu.toFixed(3)}` +
      (ins !== undefined ? `, instructions ${result.dbRatioVsOfficialInstructions.toFixed(3)}` : '') +
      ` (target <= 0.90: ${result.dbVerdict}); wall ${result.dbRatioVsOfficial.toFixed(3)}`,
  );
}
