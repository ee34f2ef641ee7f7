// A plain program: no tracing code. Built with tspc, every fetch() and
// http.get() opens a client span carrying the call site, and the server
// answers each request in a SERVER span continuing the client's trace.
import './otel';
import { createServer } from 'node:http';
import http from 'node:http';

const server = createServer((_req, res) => res.end('hello')).listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/greeting`);
  console.log('fetch said', await res.text());
  http.get(`http://127.0.0.1:${port}/again`, (r) => {
    r.resume();
    r.on('end', () => server.close());
  });
});
