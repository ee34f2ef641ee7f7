// The database rows of `npm run bench:runtime`: what one traced call costs on the real servers,
// a pg `client.query('SELECT 1')` (PostgreSQL 127.0.0.1:5432) and an ioredis `redis.get(key)`
// (Redis 127.0.0.1:6379, a key that does not exist: nothing is written), three ways:
//   plain        the call as written, nothing instruments it
//   tracewright  the call as the tsc plugin emits it: `__tw.method1(site, client, 'query', sql)`,
//                sites from `__tw.sites(json)` naming the `pg` / `ioredis` hooks (the catalog's
//                rules), hooks registered by importing @tracewright/runtime/hooks/pg and /redis
//   official     the call as written, under @opentelemetry/instrumentation-pg / -ioredis with
//                their defaults, registered before pg and ioredis are required
// Each variant is its own child process (the official instrumentations patch the libraries at
// require), all three with the same SDK (NodeTracerProvider, BatchSpanProcessor, an exporter that
// counts and drops spans), every round inside an active parent span, as in a request handler
// (instrumentation-ioredis traces only calls that have a parent, by default). The parent drives
// the three children round by round (rotating their order; only one works at a time), timing
// CALLS sequential awaits per round; several sets of fresh processes; medians over all rounds.
//
// What decides the comparison is the client process's user CPU time per call (process.cpuUsage
// around the round): the instrumentation's work is JavaScript in that process, while wall time
// is mostly the servers' round trip and the machine's load. The added cost is taken per round,
// from the three children measured back to back (tracewright − plain, official − plain), so
// that load changing between rounds cancels; the ratio of the medians of those differences is
// computed per set of processes too, and the comparison is called only when every set agrees.
import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const REDIS = { host: '127.0.0.1', port: 6379 };
const KEY = 'tracewright:bench:runtime:absent';
const VARIANTS = ['plain', 'tracewright', 'official'];
const OPS = ['pg', 'redis'];

/** The site table the tsc plugin emits for `client.query(sql)` and `redis.get(key)` (catalog rules pg.query, ioredis.command). */
const SITES_JSON = JSON.stringify({
  v: 1,
  f: 'src/db.ts',
  s: [
    { r: 'pg.query', n: 'pg.query', k: 2, m: 'callback', h: 'pg' },
    { r: 'ioredis.command', n: 'ioredis.command', k: 2, m: 'callback', h: 'ioredis' },
  ],
  c: [
    [0, 12, 22],
    [1, 13, 22],
  ],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---- child -----------------------------------------------------------------------------------

/**
 * One variant's client process: the SDK, the official instrumentations when asked, pg and
 * ioredis connected, and a loop per operation. `scheduledDelayMillis`: the batch processor's
 * timer (the instruction count mode sets it out of reach, so that exports happen every 512
 * spans, as many for every run, instead of by the clock of a slowed-down process).
 */
async function setupChild(variant, { scheduledDelayMillis } = {}) {
  const api = require('@opentelemetry/api');
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  // Span names → count, of the spans with a parent (the calls' spans, inside a round) and without.
  const exported = { child: {}, root: {} };
  const counting = {
    export(spans, done) {
      for (const s of spans) {
        const into = s.parentSpanContext === undefined ? exported.root : exported.child;
        into[s.name] = (into[s.name] ?? 0) + 1;
      }
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(counting, { scheduledDelayMillis })] });
  provider.register();
  if (variant === 'official') {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
    const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
    registerInstrumentations({ instrumentations: [new PgInstrumentation(), new IORedisInstrumentation()] });
  }
  const pg = require('pg');
  const Redis = require('ioredis');
  const client = new pg.Client(PG);
  await client.connect();
  const redis = new Redis({ ...REDIS, maxRetriesPerRequest: 0 });

  // One loop per variant and operation keeps every call site monomorphic.
  let loops;
  if (variant === 'tracewright') {
    const tw = require('@tracewright/runtime');
    require('@tracewright/runtime/hooks/pg');
    require('@tracewright/runtime/hooks/redis');
    const [PG_SITE, REDIS_SITE] = tw.sites(SITES_JSON);
    loops = {
      async pg(n) {
        for (let i = 0; i < n; i++) await tw.method1(PG_SITE, client, 'query', 'SELECT 1');
      },
      async redis(n) {
        for (let i = 0; i < n; i++) await tw.method1(REDIS_SITE, redis, 'get', KEY);
      },
    };
  } else {
    loops = {
      async pg(n) {
        for (let i = 0; i < n; i++) await client.query('SELECT 1');
      },
      async redis(n) {
        for (let i = 0; i < n; i++) await redis.get(KEY);
      },
    };
  }
  return { tracer: api.trace.getTracer('bench'), provider, loops, client, redis, exported };
}

async function child(variant) {
  const { tracer, provider, loops, client, redis, exported } = await setupChild(variant);
  const calls = { pg: 0, redis: 0 };

  process.on('message', async (message) => {
    if (message.type === 'round') {
      const { op, n } = message;
      // Let the batch processor's export run, then collect garbage, so no round pays for another's leftovers.
      await new Promise((resolve) => setImmediate(resolve));
      globalThis.gc?.();
      const [ns, cpuNs, sysNs] = await tracer.startActiveSpan('bench round', async (parent) => {
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        await loops[op](n);
        const elapsed = Number(process.hrtime.bigint() - t0) / n;
        const cpu = process.cpuUsage(c0);
        parent.end();
        // User CPU only: the JS work per call, without the kernel's socket writes, whose time
        // swings with the machine's load (the largest single cost of a call in a profile).
        return [elapsed, (cpu.user * 1000) / n, (cpu.system * 1000) / n];
      });
      calls[op] += n;
      process.send({ type: 'round', ns, cpuNs, sysNs });
    } else if (message.type === 'stop') {
      await provider.forceFlush();
      await client.end();
      await redis.quit();
      await provider.shutdown();
      process.send({ type: 'stopped', calls, exported }, () => process.exit(0));
    }
  });
  process.send({ type: 'ready' });
}

// ---- parent ----------------------------------------------------------------------------------

function portOpen({ host, port }) {
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

/** Stops with a message naming each service the database rows need that is not reachable. */
export async function checkDbServices() {
  const down = [];
  if (!(await portOpen(PG))) down.push(`PostgreSQL (user postgres, database test) on ${PG.host}:${PG.port}`);
  if (!(await portOpen(REDIS))) down.push(`Redis on ${REDIS.host}:${REDIS.port}`);
  if (down.length > 0) {
    console.error(`bench:runtime's database rows need ${down.join(' and ')}: not reachable. Start the service and run again.`);
    process.exit(1);
  }
}

/** A forked child and a way to ask it one thing at a time. */
function startChild(variant) {
  const proc = fork(self, ['--db-child', variant], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  let pending;
  proc.on('message', (m) => pending?.resolve(m));
  proc.on('exit', (code) => pending?.reject(new Error(`db child ${variant} exited (${code}):\n${stderr}`)));
  const next = () => new Promise((resolve, reject) => (pending = { resolve, reject }));
  const ready = next();
  return {
    ready,
    ask(message) {
      const reply = next();
      proc.send(message);
      return reply;
    },
  };
}

const r2 = (x) => Math.round(x * 100) / 100;
const r3 = (x) => Math.round(x * 1000) / 1000;

/** Medians of one operation's rounds (µs per call, by variant), the added costs and their ratio. */
function summarize(s) {
  const m = Object.fromEntries(VARIANTS.map((v) => [v, median(s[v])]));
  const paired = (v) => median(s[v].map((x, i) => x - s.plain[i]));
  return {
    plainUs: r2(m.plain),
    tracewrightUs: r2(m.tracewright),
    officialUs: r2(m.official),
    tracewrightAddedUs: r2(m.tracewright - m.plain),
    officialAddedUs: r2(m.official - m.plain),
    ratio: r3((m.tracewright - m.plain) / (m.official - m.plain)),
    // The same from the medians of per-round differences (the three run back to back in a round).
    pairedRatio: r3(paired('tracewright') / paired('official')),
    // Spread of the rounds: the noise the added cost is measured against.
    rangeUs: Object.fromEntries(VARIANTS.map((v) => [v, [r2(Math.min(...s[v])), r2(Math.max(...s[v]))]])),
  };
}

/**
 * Runs `sets` sets of the three children, each `warmup + rounds` rounds per operation of
 * `calls[op]` sequential awaits, and returns per operation the medians over all rounds (µs per
 * call), the cost each instrumentation adds, the ratio, the spread; measured in wall time, and
 * in the client process's user CPU time, which the load of a shared machine and the servers'
 * latency inflate far less.
 */
export async function measureDb({ sets = 4, rounds = 8, warmup = 2, calls = { pg: 1500, redis: 2000 } } = {}) {
  const empty = () => Object.fromEntries(OPS.map((op) => [op, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
  const wall = empty();
  const cpu = empty();
  const cpuSys = empty();
  const perSet = Object.fromEntries(OPS.map((op) => [op, []]));
  const cpuPerSet = Object.fromEntries(OPS.map((op) => [op, []]));
  const spans = {};
  for (let set = 0; set < sets; set++) {
    const children = Object.fromEntries(VARIANTS.map((v) => [v, startChild(v)]));
    for (const v of VARIANTS) await children[v].ready;
    const setWall = empty();
    const setCpu = empty();
    for (let r = 0; r < warmup + rounds; r++) {
      for (const op of r % 2 === 0 ? OPS : [...OPS].reverse()) {
        for (let k = 0; k < VARIANTS.length; k++) {
          const v = VARIANTS[(r + k + set) % VARIANTS.length];
          const { ns, cpuNs, sysNs } = await children[v].ask({ type: 'round', op, n: calls[op] });
          if (r < warmup) continue;
          setWall[op][v].push(ns / 1000);
          setCpu[op][v].push(cpuNs / 1000);
          wall[op][v].push(ns / 1000);
          cpu[op][v].push(cpuNs / 1000);
          cpuSys[op][v].push((cpuNs + sysNs) / 1000);
        }
      }
    }
    for (const v of VARIANTS) {
      const { calls: made, exported } = await children[v].ask({ type: 'stop' });
      const callSpans = Object.values(exported.child).reduce((a, b) => a + b, 0);
      const expected = v === 'plain' ? 0 : made.pg + made.redis;
      // Every call of an instrumented child must have exported its span (none dropped), the plain child none.
      if (callSpans !== expected) {
        throw new Error(`db child ${v}: ${callSpans} call spans exported for ${made.pg + made.redis} calls, expected ${expected}: ${JSON.stringify(exported)}`);
      }
      spans[v] ??= exported.child; // names and counts of the first set of processes
    }
    for (const op of OPS) {
      perSet[op].push(summarize(setWall[op]).ratio);
      cpuPerSet[op].push(summarize(setCpu[op]).pairedRatio);
    }
  }
  const result = {};
  for (const op of OPS) {
    result[op] = {
      ...summarize(wall[op]),
      ratiosPerSet: perSet[op],
      callsPerRound: calls[op],
      // User CPU: `pairedRatio` is the headline (see the top of this file); `pairedRatiosPerSet` its spread.
      cpu: { ...summarize(cpu[op]), pairedRatiosPerSet: cpuPerSet[op] },
      // User + system CPU (system: the socket I/O in the kernel, which no instrumentation adds to).
      cpuUserSys: summarize(cpuSys[op]),
    };
  }
  return { ...result, spans, sets, rounds, warmup };
}

/**
 * The verdict on a target ratio from the user-CPU ratios per set of processes: `met` when every
 * set of every operation is at or under it, `missed` when every set of some operation is over
 * it, else `inconclusive` (the sets disagree: the noise of the machine decides).
 */
export function dbVerdict(db, target) {
  const sets = OPS.map((op) => db[op].cpu.pairedRatiosPerSet);
  if (sets.every((xs) => xs.every((x) => x <= target))) return 'met';
  if (sets.some((xs) => xs.every((x) => x > target))) return 'missed';
  return 'inconclusive';
}

// ---- instruction counts ----------------------------------------------------------------------
// The same three clients under valgrind's callgrind, which counts the instructions the process
// executes: unlike time, the count is not inflated by the machine's load (it still differs between
// processes by several %: how many event-loop turns and reads a reply takes). Node runs with
// --single-threaded (V8 compiles and collects garbage on the main thread, so that work is
// counted the same way in every run). Callgrind dumps its counters each time the process enters
// uv_os_gethostname, which the child calls through os.hostname() around each measured block:
// the dump after a block holds exactly that block's instructions (JavaScript, V8, libuv, the
// kernel entries' user side; not the kernel). Warm-up calls first, then `n` calls of pg, then
// `n` of Redis, inside a parent span; garbage collected before each block.

const MARK = 'uv_os_gethostname';

async function instructionsChild(variant, warm, n) {
  const { hostname } = require('node:os');
  const { tracer, provider, loops, client, redis, exported } = await setupChild(variant, { scheduledDelayMillis: 2 ** 30 });
  const round = (op, count) => tracer.startActiveSpan('bench round', async (parent) => {
    await loops[op](count);
    parent.end();
  });
  await round('pg', warm);
  await round('redis', warm);
  for (const op of OPS) {
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc?.();
    hostname(); // dump: everything up to here
    await round(op, n);
    hostname(); // dump: this block
  }
  await provider.forceFlush();
  await client.end();
  await redis.quit();
  await provider.shutdown();
  process.stdout.write(JSON.stringify({ exported }));
}

/**
 * Instructions of a dump spent in TurboFan, V8's optimizing compiler (inclusive cost of
 * `v8::internal::Compiler::CompileOptimized`). Under --single-threaded it compiles on the main
 * thread, and after the warm-up it still compiles in the measured blocks: measured on the Redis
 * path (bench/redisCost.mjs), 70-78% of a block's instructions, 70k-450k per call depending on
 * which functions cross their tier-up budget inside the block, i.e. which variant and which
 * process, not what a call costs once compiled. The ratio leaves it out (see `jit`).
 */
function optimizingCompiler(file) {
  const out = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = out.split('\n').find((l) => l.includes('v8::internal::Compiler::CompileOptimized('));
  return line === undefined ? 0 : Number(/^\s*([\d,]+)/.exec(line)[1].replaceAll(',', ''));
}

/** Instructions of a callgrind dump file (its `totals:` or `summary:` line). */
function dumpTotal(file) {
  const text = readFileSync(file, 'utf8');
  const m = /^(?:totals|summary):\s+(\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

/**
 * Instructions per call of each variant and operation, under callgrind (see above), one
 * process per variant and set, all of a set at once; returns per operation the median over the
 * sets of instructions per call, the added instructions and their ratio, and each set's ratio.
 */
export async function measureDbInstructions({ sets = 2, warm = 1500, n = 1000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-cg-'));
  const perSet = [];
  for (let set = 0; set < sets; set++) {
    const counts = {};
    await Promise.all(VARIANTS.map((v) => new Promise((resolve, reject) => {
      const out = join(dir, `cg.${set}.${v}`);
      const proc = spawn('valgrind', ['--tool=callgrind', `--dump-before=${MARK}`, `--callgrind-out-file=${out}`, process.execPath,
        '--single-threaded', '--expose-gc', self, '--db-cg-child', v, String(warm), String(n)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      proc.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
      proc.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
      proc.on('error', reject);
      proc.on('exit', (code) => {
        if (code !== 0) return reject(new Error(`callgrind child ${v} exited (${code}):\n${stderr.slice(-2000)}`));
        const { exported } = JSON.parse(stdout);
        const callSpans = Object.values(exported.child).reduce((a, b) => a + b, 0);
        const expected = v === 'plain' ? 0 : 2 * (warm + n);
        if (callSpans !== expected) return reject(new Error(`callgrind child ${v}: ${callSpans} call spans, expected ${expected}`));
        // Dumps: .1 start-up and warm-up, .2 the pg block, .3 the gc between, .4 the Redis block.
        const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg.${set}.${v}.`)).map((f) => Number(f.split('.').pop())).sort((a, b) => a - b);
        const block = (k) => {
          const file = `${out}.${dumps[k]}`;
          const total = dumpTotal(file);
          const jit = optimizingCompiler(file);
          return { total: total / n, jit: jit / n, run: (total - jit) / n };
        };
        counts[v] = { pg: block(1), redis: block(3), dumps: dumps.length };
        resolve();
      });
    })));
    perSet.push(counts);
  }
  rmSync(dir, { recursive: true, force: true });
  const result = {};
  for (const op of OPS) {
    // `run`: without the optimizing compiler (the headline); `total`: everything, as callgrind counted it.
    const figures = (kind) => {
      const m = Object.fromEntries(VARIANTS.map((v) => [v, median(perSet.map((c) => c[v][op][kind]))]));
      return {
        plain: Math.round(m.plain),
        tracewright: Math.round(m.tracewright),
        official: Math.round(m.official),
        tracewrightAdded: Math.round(m.tracewright - m.plain),
        officialAdded: Math.round(m.official - m.plain),
        ratio: r3((m.tracewright - m.plain) / (m.official - m.plain)),
        ratiosPerSet: perSet.map((c) => r3((c.tracewright[op][kind] - c.plain[op][kind]) / (c.official[op][kind] - c.plain[op][kind]))),
      };
    };
    const total = figures('total');
    result[op] = {
      ...figures('run'),
      withJit: total,
      jit: Object.fromEntries(VARIANTS.map((v) => [v, Math.round(median(perSet.map((c) => c[v][op].jit)))])),
    };
  }
  return { ...result, sets, warm, callsPerBlock: n, unit: 'instructions per call, without the optimizing compiler (withJit: with it)' };
}

if (process.argv[1] === self && process.argv[2] === '--db-child') await child(process.argv[3]);
if (process.argv[1] === self && process.argv[2] === '--db-cg-child') await instructionsChild(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
