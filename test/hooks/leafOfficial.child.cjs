// Child process of leafOfficial.test.ts: the official pg, ioredis and http
// instrumentations registered at run time (they patch the modules when they
// are required, so pg and ioredis are required after registering them, in a
// process of their own), the tracewright runtime transpiled to CommonJS
// (argv[2]), and each scenario run inside a 'caller' span. Prints
// `{ scenario: { spans, suppressed } }` as JSON; argv[3] lists the services up.
'use strict';
const { context, trace } = require('@opentelemetry/api');
const { isTracingSuppressed } = require('@opentelemetry/core');
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const [runtimeDir, servicesUp] = process.argv.slice(2);
const up = new Set(servicesUp.split(','));

const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
registerInstrumentations({ instrumentations: [new PgInstrumentation(), new IORedisInstrumentation(), new HttpInstrumentation()] });

const http = require('node:http');
const pg = require('pg');
const Redis = require('ioredis');
const rt = require(`${runtimeDir}/index.js`);
// What an instrumented file whose sites name these hooks imports.
require(`${runtimeDir}/hooks/entries/pg.js`);
require(`${runtimeDir}/hooks/entries/redis.js`);
require(`${runtimeDir}/hooks/entries/http.js`);

/** A site as the catalog rule `rule` emits it (kind CLIENT unless told), at src/db.ts:3:7. */
function site(rule, hook, mode, kind = 2) {
  return rt.sites(JSON.stringify({ v: 1, f: 'src/db.ts', s: [{ r: rule, n: rule, k: kind, h: hook, m: mode }], c: [[0, 3, 7]] }))[0];
}
const PG_QUERY = site('pg.query', 'pg', 'callback');
const PG_QUERY_INTERNAL = site('pg.query', 'pg', 'callback', 0); // a custom rule of kind internal: not a leaf
const PG_CONNECT = site('pg.connect', 'pg.connect', 'callback');
const REDIS_COMMAND = site('ioredis.command', 'ioredis', 'callback');
const HTTP_GET = site('http.get', 'http', 'sync');
const PG_CONFIG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

const tracer = trace.getTracer('test');
const results = {};
/** Where user code ran, per scenario. */
let suppressed = {};

/** A span the user starts in a callback: where it goes tells whether it was suppressed. */
function user(label) {
  suppressed[label] = isTracingSuppressed(context.active());
  tracer.startSpan(label).end();
}

/** Node-style callback → promise. */
function settle(fn) {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

/** Runs `fn` in a fresh 'caller' span and records the spans it produced (caller excluded). */
async function scenario(name, fn) {
  exporter.reset();
  suppressed = {};
  const caller = tracer.startSpan('caller');
  try {
    await context.with(trace.setSpan(context.active(), caller), fn);
  } finally {
    caller.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // let late ends (pool release) land
  const all = exporter.getFinishedSpans();
  // Parents named with their scope: the official and our HTTP client spans are both 'GET'.
  const names = new Map(all.map((s) => [s.spanContext().spanId, `${s.instrumentationScope.name}/${s.name}`]));
  const spans = all
    .filter((s) => s !== caller)
    .map((s) => ({
      name: s.name,
      kind: s.kind,
      scope: s.instrumentationScope.name,
      parent: s.parentSpanContext ? (names.get(s.parentSpanContext.spanId) ?? '<unknown>') : null,
    }));
  results[name] = { spans, suppressed };
}

async function postgres() {
  const client = new pg.Client(PG_CONFIG);
  await client.connect();
  const pool = new pg.Pool({ ...PG_CONFIG, max: 1 });
  const connected = new pg.Client(PG_CONFIG);
  try {
    await scenario('pg plain', () => client.query('SELECT 1 AS one'));
    await scenario('pg runtime promise', () => rt.method1(PG_QUERY, client, 'query', 'SELECT 1 AS one'));
    await scenario('pg runtime internal site', () => rt.method1(PG_QUERY_INTERNAL, client, 'query', 'SELECT 1 AS one'));
    await scenario('pg runtime callback', () =>
      settle((done) => rt.method2(PG_QUERY, client, 'query', 'SELECT 1 AS one', (err, res) => {
        user('in pg callback');
        done(err, res);
      })),
    );
    // The pool opens its connection inside our span: pg-pool.connect and pg.connect are beneath it.
    await scenario('pg runtime pool.query', () => rt.method1(PG_QUERY, pool, 'query', 'SELECT 1 AS one'));
    await scenario('pg runtime connect', () => rt.method0(PG_CONNECT, connected, 'connect'));
    // That connection's socket kept the leaf's context; the leaf is over, so nothing is suppressed now.
    await scenario('pg plain callback on a connection opened by a leaf', () =>
      settle((done) => connected.query('SELECT 1 AS one', (err, res) => {
        user('in plain callback');
        done(err, res);
      })),
    );
  } finally {
    await Promise.all([client.end(), pool.end(), connected.end()]);
  }
}

async function redis() {
  const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  const key = `tw:test:${process.pid}:leaf`;
  try {
    // The first command connects (lazyConnect): the official 'connect' span is beneath ours too.
    await scenario('ioredis runtime first command', () => rt.method1(REDIS_COMMAND, client, 'get', key));
    await scenario('ioredis plain', () => client.get(key));
    await scenario('ioredis runtime promise', () => rt.method1(REDIS_COMMAND, client, 'get', key));
    await scenario('ioredis runtime callback', () =>
      settle((done) => rt.method2(REDIS_COMMAND, client, 'get', key, (err, value) => {
        user('in ioredis callback');
        done(err, value);
      })),
    );
  } finally {
    client.disconnect();
  }
}

/** `http.get(url, callback)`, plain or through the runtime, against a local server; the callback starts a user span. */
async function httpGet() {
  const server = http.createServer((req, res) => res.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const get = (viaRuntime) => () =>
    new Promise((resolve, reject) => {
      const onResponse = (res) => {
        user('in response callback');
        res.resume();
        res.on('end', resolve);
      };
      const req = viaRuntime ? rt.call2(HTTP_GET, http.get, undefined, url, onResponse) : http.get(url, onResponse);
      req.on('error', reject);
    });
  try {
    await scenario('http plain', get(false));
    await scenario('http runtime', get(true));
  } finally {
    server.close();
  }
}

(async () => {
  await httpGet();
  if (up.has('postgresql')) await postgres();
  if (up.has('redis')) await redis();
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
