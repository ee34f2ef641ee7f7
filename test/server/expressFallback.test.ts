/**
 * Routes registered where no wrapper saw them (inside node_modules, e.g. by Nest): with the
 * Express hook entry loaded, the server span reads `req.route.path` when the request ends, only
 * at the application's own level (`req.baseUrl` ''); a route inside a router mounted there gives
 * no route rather than a shortened one. Real Express 5 app, real server on 127.0.0.1, the server
 * core installed by hand.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import '../../src/runtime/hooks/entries/express.js';
import { installHttpServer } from '../../src/runtime/server/httpServer.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';

const app = express();
app.get('/plain/:id', (_req, res) => {
  res.send('plain');
});
const inner = express.Router();
inner.get('/:id', (_req, res) => {
  res.send('inner');
});
app.use('/mounted', inner);
const server = createServer(app);
let port = 0;

beforeAll(async () => {
  setupOtel();
  installHttpServer(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('names the span from req.route.path at the app level, and not inside an unseen mount', async () => {
  resetSpans();
  for (const path of ['/plain/1', '/mounted/2', '/none']) await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
  await new Promise((r) => setTimeout(r, 20));
  const names = finishedSpans().filter((s) => s.kind === 1).map((s) => `${s.name} ${String(s.attributes['http.route'] ?? '-')}`);
  expect(names).toEqual(['GET /plain/:id /plain/:id', 'GET -', 'GET -']);
});
