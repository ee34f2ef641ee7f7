// Child process of syncThrow.test.ts: a request listener that throws
// synchronously. argv: runtime dir, `plain` | `installed`, `crash` | `handled`.
// `crash`: nothing catches the error, the process must die exactly as without
// us. `handled`: an 'uncaughtException' handler keeps the process alive; it
// must receive the very error thrown; prints what it saw and the SERVER spans.
'use strict';
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const http = require('node:http');

const [runtimeDir, mode, outcome] = process.argv.slice(2);
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

let thrown;
const server = http.createServer(() => {
  thrown = new TypeError('boom');
  throw thrown;
});
if (mode === 'installed') require(`${runtimeDir}/server/httpServer.js`).installHttpServer(server);

const seen = [];
if (outcome === 'handled') process.on('uncaughtException', (error) => seen.push(error === thrown));

server.listen(0, '127.0.0.1', () => {
  const req = http.get({ host: '127.0.0.1', port: server.address().port, path: '/x', agent: false });
  req.on('error', () => {});
  setTimeout(() => {
    req.destroy();
    setTimeout(() => {
      const spans = exporter.getFinishedSpans().filter((s) => s.kind === 1).map((s) => ({
        name: s.name,
        status: s.status.code,
        errorType: s.attributes['error.type'],
        events: s.events.map((e) => [e.name, e.attributes['exception.type'], e.attributes['exception.message']]),
      }));
      process.stdout.write(JSON.stringify({ seen, spans }));
      server.close();
    }, 50);
  }, 100);
});
