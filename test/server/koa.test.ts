/**
 * A Koa 3 + `@koa/router` 15 app built through tsc, esbuild and vite with tracewright: the
 * built `app.listen()` installs the SERVER span on the server it returns, and each route's
 * middleware (wrapped where `router.<verb>(path, ...middleware)` is written) names the span
 * after the full template — the router's prefix and the prefix it is nested under in another
 * file's router, params; `next` chains, a streamed body and a thrown error behave as in the
 * plain build; a 404 has no route. With the official http and Koa instrumentations active,
 * still one SERVER span per request, carrying the route.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ensurePackage } from '../bundlers/package.js';
import { buildApp, CLIENT_TS, MAIN_TS, officialSetup, OURS_SETUP, runApp, serverSpanLines, TOOLS, type AppSources } from './builtApp.js';

const SERVER_TS = `import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { users } from './users';

export const REQUESTS: [string, string][] = [
  ['GET', '/api/users/42'], ['GET', '/api/users/7/stream'], ['POST', '/api/users/7/boom'], ['GET', '/api/health'],
  ['GET', '/api/nothing'], ['GET', '/elsewhere'],
];

export async function start(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  app.silent = true;
  const api = new Router({ prefix: '/api' });
  api.use('/users', users.routes());
  api.get('/health', (ctx) => {
    ctx.body = 'ok';
  });
  app.use(api.routes()).use(api.allowedMethods());
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: 'http://127.0.0.1:' + (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
`;

const USERS_TS = `import { Readable } from 'node:stream';
import Router from '@koa/router';

/** Nested under /api/users by server.ts: the router joins the prefixes into each layer's path. */
export const users = new Router();

users.get('/:id', async (ctx, next) => {
  await next();
  ctx.body = { id: ctx.params.id, via: ctx.state.via };
}, (ctx) => {
  ctx.state.via = 'second';
});
users.get('/:id/stream', (ctx) => {
  ctx.type = 'text/plain';
  ctx.body = Readable.from(['chunk0;', 'chunk1;', 'chunk2;']);
});
users.post('/:id/boom', () => {
  throw new Error('boom');
});
`;

const APP: AppSources = { name: 'koa', files: { 'src/main.ts': MAIN_TS, 'src/client.ts': CLIENT_TS, 'src/server.ts': SERVER_TS, 'src/users.ts': USERS_TS } };

const EXPECTED_REPLIES = [
  'GET /api/users/42 200 {"id":"42","via":"second"}',
  'GET /api/users/7/stream 200 chunk0;chunk1;chunk2;',
  'POST /api/users/7/boom 500 Internal Server Error',
  'GET /api/health 200 ok',
  'GET /api/nothing 404 Not Found',
  'GET /elsewhere 404 Not Found',
];

const EXPECTED_SPANS = [
  'GET /api/users/:id | /api/users/:id | 200',
  'GET /api/users/:id/stream | /api/users/:id/stream | 200',
  'POST /api/users/:id/boom | /api/users/:id/boom | 500',
  'GET /api/health | /api/health | 200',
  'GET | - | 404',
  'GET | - | 404',
];

// Building the packages once (under a lock shared with other test files) can take minutes on a busy machine.
beforeAll(() => ensurePackage(), 600_000);

const replyLines = (replies: { method: string; path: string; status: number; body: string }[]): string[] =>
  replies.map((r) => `${r.method} ${r.path} ${r.status} ${r.body}`);

test('the plain build replies as expected and makes no span', async () => {
  const { replies, spans } = await runApp(await buildApp(APP, 'esbuild', { plain: true }), OURS_SETUP, 'plain');
  expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
  expect(spans).toEqual([]);
}, 300_000);

describe.each(TOOLS)('built with %s', (tool) => {
  test('the same replies, one SERVER span per request named after its full route template', async () => {
    const { replies, spans } = await runApp(await buildApp(APP, tool), OURS_SETUP, 'ours');
    expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
    expect(serverSpanLines(spans)).toEqual(EXPECTED_SPANS);
    expect(spans.filter((s) => s.kind === 1).map((s) => s.status.code)).toEqual([0, 0, 2, 0, 0, 0]);
  }, 300_000);
});

test('with the official http and Koa instrumentations active: still one SERVER span per request, with the route', async () => {
  const setup = officialSetup(
    "const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');\nconst { KoaInstrumentation } = require('@opentelemetry/instrumentation-koa');",
    '[new HttpInstrumentation(), new KoaInstrumentation()]',
  );
  const { replies, spans } = await runApp(await buildApp(APP, 'tsc'), setup, 'official');
  expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
  const server = spans.filter((s) => s.kind === 1);
  expect(server.map((s) => s.attributes['http.route'] ?? '-')).toEqual(['/api/users/:id', '/api/users/:id/stream', '/api/users/:id/boom', '/api/health', '-', '-']);
}, 300_000);
