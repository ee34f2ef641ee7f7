// Child process of official.test.ts: the server core beside
// @opentelemetry/instrumentation-http (it patches http.Server.prototype.emit
// when `http` is required after registering it). Runs the scenario named in
// argv[3] with the runtime transpiled to CommonJS (argv[2]) and prints the
// finished SERVER spans as JSON.
'use strict';
const { context, trace } = require('@opentelemetry/api');
const { getRPCMetadata } = require('@opentelemetry/core');
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const [runtimeDir, scenario] = process.argv.slice(2);
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

const { installHttpServer } = require(`${runtimeDir}/server/httpServer.js`);
const { setRoute } = require(`${runtimeDir}/server/route.js`);

let http = require('node:http');
/** Patches `http` the way an SDK started after the app's imports does: the next require patches it. */
function enableOfficial() {
  const instrumentation = new HttpInstrumentation();
  registerInstrumentations({ instrumentations: [instrumentation] });
  http = require('node:http');
  return instrumentation;
}

/** A server with our install; its listener sets the route the way a framework hook does, or on the context's RPC metadata. */
async function serve(how) {
  const server = http.createServer((req, res) => {
    if (how === 'setRoute') setRoute(req, '/users/:id');
    else if (how === 'rpc') getRPCMetadata(context.active()).route = '/rpc/:id';
    res.end('ok');
  });
  installHttpServer(server);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

function get(port, path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
}

async function run() {
  let official;
  if (scenario === 'official-before') official = enableOfficial();
  const server = await serve(process.argv[4] || 'setRoute');
  if (scenario === 'official-after') official = enableOfficial();
  const port = server.address().port;
  await get(port, '/users/7');
  if (scenario === 'official-disabled') {
    // on, then off again: our span is back
    official = enableOfficial();
    official.disable();
    await get(port, '/users/8');
  }
  await new Promise((r) => setTimeout(r, 50));
  server.close();
  const spans = exporter
    .getFinishedSpans()
    .filter((s) => s.kind === 1)
    .map((s) => ({ name: s.name, scope: s.instrumentationScope.name, route: s.attributes['http.route'], path: s.attributes['url.path'], status: s.attributes['http.response.status_code'] }));
  process.stdout.write(JSON.stringify({ spans, patched: Boolean(http.Server.prototype.emit.__wrapped) }));
}

run().catch((error) => {
  console.error(error);
  process.exit(1);
});
