// Where an ioredis `redis.get(key)` spends its added instructions: one process per variant,
// the real ioredis client against Redis 127.0.0.1:6379 (a key that does not exist), the same SDK
// as bench/runtimeDb.mjs (NodeTracerProvider, BatchSpanProcessor, an exporter that drops spans),
// every call inside an active parent span. Not part of `npm run bench`; a profiling aid.
//
//   node bench/redisCost.mjs VARIANT [warm] [n]     run one variant (for --cpu-prof or callgrind)
//   node bench/redisCost.mjs --callgrind [n] [variants...]
//                                                   each variant under callgrind, one at a time:
//                                                   instructions per call, added to plain's
//
// Variants:
//   plain        redis.get(key), nothing instruments it
//   tracewright  __tw.method1(site, redis, 'get', key), the ioredis hooks, as the tsc plugin emits
//   nohook       the same site without hooks (the runtime's general path, no hook work)
//   floor        hand-written: startSpan with the attributes tracewright sets, the call in
//                context.with(suppressed span context), a derived promise ending the span: the
//                design's unavoidable cost
//   official     redis.get(key) under @opentelemetry/instrumentation-ioredis (defaults)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const self = fileURLToPath(import.meta.url);
const KEY = 'tracewright:bench:runtime:absent';
const VARIANTS = ['plain', 'tracewright', 'nohook', 'floor', 'official'];

const sitesJson = (h) =>
  JSON.stringify({
    v: 1,
    f: 'src/db.ts',
    s: [{ r: 'ioredis.command', n: 'ioredis.command', k: 2, m: 'callback', ...(h ? { h } : {}) }],
    c: [[0, 13, 22]],
  });

async function run(variant, warm, n) {
  const api = require('@opentelemetry/api');
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
  let spans = 0;
  const dropping = {
    export(batch, done) {
      spans += batch.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(dropping, { scheduledDelayMillis: 2 ** 30 })] });
  provider.register();
  if (variant === 'official') {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
    registerInstrumentations({ instrumentations: [new IORedisInstrumentation()] });
  }
  const Redis = require('ioredis');
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 0 });
  await redis.ping();
  let loop;
  if (variant === 'tracewright' || variant === 'nohook') {
    const tw = require('@tracewright/runtime');
    require('@tracewright/runtime/hooks/redis');
    const [SITE] = tw.sites(sitesJson(variant === 'tracewright' ? 'ioredis' : undefined));
    loop = async (count) => {
      for (let i = 0; i < count; i++) await tw.method1(SITE, redis, 'get', KEY);
    };
  } else if (variant === 'floor') {
    const { trace, context, SpanKind, createContextKey } = api;
    const SUPPRESS = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
    const tracer = trace.getTracer('floor');
    const attributes = {
      'code.file.path': 'src/db.ts',
      'code.line.number': 13,
      'code.column.number': 22,
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.query.text': `GET ${KEY}`,
      'server.address': '127.0.0.1',
      'server.port': 6379,
      'db.namespace': '0',
    };
    const call = () => redis.get(KEY);
    const get = () => {
      const parent = context.active();
      const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT, attributes }, parent);
      const p = context.with(trace.setSpan(parent, span).setValue(SUPPRESS, true), call);
      return p.then(
        (v) => {
          span.end();
          return v;
        },
        (e) => {
          span.end();
          throw e;
        },
      );
    };
    loop = async (count) => {
      for (let i = 0; i < count; i++) await get();
    };
  } else {
    loop = async (count) => {
      for (let i = 0; i < count; i++) await redis.get(KEY);
    };
  }
  const tracer = api.trace.getTracer('bench');
  const round = (count) =>
    tracer.startActiveSpan('round', async (parent) => {
      await loop(count);
      parent.end();
    });
  await round(warm);
  await new Promise((resolve) => setImmediate(resolve));
  globalThis.gc?.();
  hostname(); // callgrind dump: everything up to here
  if (process.env.MARK) writeSync(1, '=== block start\n');
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await round(n);
  const cpu = process.cpuUsage(c0);
  const ns = Number(process.hrtime.bigint() - t0);
  hostname(); // callgrind dump: the measured block
  if (process.env.MARK) writeSync(1, '=== block end\n');
  await provider.forceFlush();
  await redis.quit();
  await provider.shutdown();
  const expected = variant === 'plain' ? 0 : warm + n;
  if (spans - 2 !== expected && !(variant === 'plain' && spans === 2)) throw new Error(`${variant}: ${spans} spans, expected ${expected} + 2`);
  process.stdout.write(`${JSON.stringify({ variant, usPerCall: ns / n / 1000, userUsPerCall: cpu.user / n })}\n`);
}

/** Instructions spent in TurboFan (optimizing compiles run on the main thread under --single-threaded). */
function optimizingCompiler(file) {
  const out = execFileSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = out.split('\n').find((l) => l.includes('v8::internal::Compiler::CompileOptimized('));
  return line === undefined ? 0 : Number(/^\s*([\d,]+)/.exec(line)[1].replaceAll(',', ''));
}

function dumpTotal(file) {
  const m = /^(?:totals|summary):\s+(\d+)/m.exec(readFileSync(file, 'utf8'));
  return Number(m[1]);
}

async function callgrind(n, variants, warm = Number(process.env.WARM ?? 1500)) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-redis-cg-'));
  const perCall = {};
  for (const v of variants) {
    const out = join(dir, `cg.${v}`);
    await new Promise((resolve, reject) => {
      const proc = spawn(
        'valgrind',
        ['--tool=callgrind', '--dump-before=uv_os_gethostname', ...(process.env.CG_ARGS ? process.env.CG_ARGS.split(' ') : []), `--callgrind-out-file=${out}`, process.execPath, '--single-threaded', '--expose-gc', self, v, String(warm), String(n)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      proc.stderr.setEncoding('utf8').on('data', (c) => (err += c));
      proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${v}: ${err.slice(-2000)}`))));
    });
    const dumps = readdirSync(dir).filter((f) => f.startsWith(`cg.${v}.`)).map((f) => Number(f.split('.').pop())).sort((a, b) => a - b);
    const file = `${out}.${dumps[1]}`;
    const total = dumpTotal(file);
    const jit = optimizingCompiler(file);
    perCall[v] = { total: Math.round(total / n), jit: Math.round(jit / n), run: Math.round((total - jit) / n) };
    const p = perCall.plain;
    console.log(v, JSON.stringify(perCall[v]), p !== undefined ? `added: total ${perCall[v].total - p.total}, without JIT ${perCall[v].run - p.run}` : '');
  }
  if (process.env.KEEP) console.log('dumps kept in', dir);
  else rmSync(dir, { recursive: true, force: true });
  return perCall;
}

if (process.argv[2] === '--callgrind') {
  const n = Number(process.argv[3] ?? 1000);
  const variants = process.argv.length > 4 ? process.argv.slice(4) : VARIANTS;
  await callgrind(n, variants);
} else if (VARIANTS.includes(process.argv[2])) {
  await run(process.argv[2], Number(process.argv[3] ?? 1500), Number(process.argv[4] ?? 1000));
} else {
  console.error(`usage: node bench/redisCost.mjs (${VARIANTS.join('|')}) [warm] [n] | --callgrind [n] [variants...]`);
  process.exit(2);
}
