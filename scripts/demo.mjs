// `npm run demo`: builds examples/demo with tracewright's esbuild plugin, runs
// it (an Express API on PostgreSQL with a cache, calling a Hono inventory
// service) with an OpenTelemetry SDK in each process, sends it a few requests
// and prints each request's trace as a waterfall. See docs/demo.md.
//
//   npm run demo [-- --html trace.html] [-- --json spans.json]
//
// For tests: --app DIR builds and runs a copy of examples/demo placed at DIR,
// and --package DIR uses the tracewright package built at DIR instead of this
// repository's dist/ (which is then neither checked nor rebuilt).
//
// DATABASE_URL / REDIS_URL: use these services instead of the embedded
// PGlite and the in-process cache. OTEL_EXPORTER_OTLP_ENDPOINT: also export
// the spans over OTLP/HTTP.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startChild, stopChild } from './demo/children.mjs';
import { resetCache, seed, startDatabase } from './demo/database.mjs';
import { distProblem, linkTracewright, runNode } from './demo/prepare.mjs';
import { step } from './demo/progress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const write = (text) => process.stderr.write(text);

/** The requests, in order: what each shows. */
const REQUESTS = [
  { path: '/products/1', shows: 'cache miss: query, inventory call, cache fill' },
  { path: '/products/1', shows: 'cache hit' },
  { path: '/products/42', shows: 'unknown product: 404' },
  { path: '/products/1/orders', shows: 'failing query: 500' },
];
const SPAN_WAIT_MS = 10_000;
const QUIET_MS = 250;

function options() {
  const { values } = parseArgs({ options: { html: { type: 'string' }, json: { type: 'string' }, app: { type: 'string' }, package: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('usage: npm run demo [-- --html trace.html] [-- --json spans.json]\nenv: DATABASE_URL, REDIS_URL, OTEL_EXPORTER_OTLP_ENDPOINT, NO_COLOR (see docs/demo.md)\n');
    process.exit(0);
  }
  return { ...values, example: values.app ? resolve(values.app) : join(root, 'examples/demo'), tool: values.package ? resolve(values.package) : root };
}

/** Resolves once every request's SERVER span arrived and no span came for QUIET_MS. */
function settled(spans, requestCount) {
  return new Promise((resolvePromise, reject) => {
    const started = Date.now();
    let seen = -1;
    let quietSince = Date.now();
    const timer = setInterval(() => {
      if (spans.length !== seen) {
        seen = spans.length;
        quietSince = Date.now();
      }
      const roots = spans.filter((s) => s.service === 'demo-api' && s.kind === 'server' && !s.parentSpanId).length;
      if (roots >= requestCount && Date.now() - quietSince >= QUIET_MS) {
        clearInterval(timer);
        resolvePromise();
      } else if (Date.now() - started > SPAN_WAIT_MS) {
        clearInterval(timer);
        reject(new Error(`only ${roots} of ${requestCount} request traces arrived within ${SPAN_WAIT_MS / 1000} s`));
      }
    }, 50);
  });
}

async function main() {
  const args = options();
  const { example, tool } = args;
  const started = Date.now();
  const spans = [];
  const collect = (message) => {
    if (message?.type === 'spans') spans.push(...message.spans);
  };
  const children = [];
  try {
    // The embedded database takes longest to start: it starts first, beside the builds.
    const database = step(process.env.DATABASE_URL ? 'Using DATABASE_URL' : 'Starting embedded PostgreSQL (PGlite over the wire protocol)', () => startDatabase(write));
    database.then((db) => db.child && children.push(db.child), () => {});
    const built = (async () => {
      const stale = tool === root ? distProblem(root) : undefined;
      if (stale) await step(`Building tracewright (${stale})`, () => runNode([join(root, 'scripts/build.mjs')], { cwd: root, write }));
      linkTracewright(tool, example);
      await step('Building examples/demo with the tracewright esbuild plugin', () => runNode(['build.mjs'], { cwd: example, write }));
    })();
    await built;
    const preload = ['-r', join(example, 'out/otel.cjs')];
    const inventory = await step('Starting the inventory service (Hono)', () =>
      startChild('inventory', join(example, 'out/inventory.cjs'), { cwd: example, execArgv: preload, env: { OTEL_SERVICE_NAME: 'demo-inventory', PORT: '0' }, onMessage: collect, write }));
    children.push(inventory.child);
    const db = await database;
    await step('Seeding the products table', () => seed(db.url));
    if (process.env.REDIS_URL) await step('Emptying the demo\'s keys in REDIS_URL', () => resetCache(process.env.REDIS_URL));
    const api = await step(`Starting the API (Express, cache: ${process.env.REDIS_URL ? 'Redis' : 'in-process'})`, () =>
      startChild('api', join(example, 'out/api.cjs'), { cwd: example, execArgv: preload, env: { OTEL_SERVICE_NAME: 'demo-api', PORT: '0', DATABASE_URL: db.url, INVENTORY_URL: inventory.url }, onMessage: collect, write }));
    children.push(api.child);

    await step(`Sending ${REQUESTS.length} requests`, async () => {
      for (const request of REQUESTS) {
        const response = await fetch(api.url + request.path);
        await response.text();
        write(`  GET ${request.path} → ${response.status}  (${request.shows})\n`);
      }
    });
    await step('Waiting for the spans', () => settled(spans, REQUESTS.length));
    await step('Stopping the services', () => Promise.all(children.splice(0).map(stopChild)));

    const { renderTerminal } = await import(pathToFileURL(join(tool, 'dist/esm/waterfall/renderTerminal.js')).href);
    const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    process.stdout.write(`\n${renderTerminal(spans, { color })}\n`);
    const traces = new Set(spans.map((s) => s.traceId)).size;
    process.stdout.write(`${REQUESTS.length} requests, ${traces} traces, ${spans.length} spans in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    if (args.html) {
      const { renderHtml } = await import(pathToFileURL(join(tool, 'dist/esm/waterfall/renderHtml.js')).href);
      const file = resolve(args.html);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, renderHtml(spans, { title: 'tracewright demo', subtitle: `${REQUESTS.length} requests to examples/demo, ${new Date().toISOString()}` }));
      process.stdout.write(`Waterfall page: ${file}\n`);
    }
    if (args.json) {
      writeFileSync(resolve(args.json), `${JSON.stringify(spans, null, 2)}\n`);
      process.stdout.write(`Spans as JSON: ${resolve(args.json)}\n`);
    }
    if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) process.stdout.write(`Also exported over OTLP/HTTP to ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT}.\n`);
  } finally {
    // After a failure: whatever was started, the database included, is stopped.
    await Promise.all(children.splice(0).map(stopChild));
  }
}

main().catch((error) => {
  process.stderr.write(`\nnpm run demo failed: ${error?.message ?? error}\n`);
  // Exit now: an embedded database still starting holds the IPC channel open;
  // it stops itself when the channel closes.
  process.exit(1);
});
