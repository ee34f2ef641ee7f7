/**
 * Fastify 5 and 4 apps built through tsc, esbuild and vite with tracewright: the built
 * `fastify()` site installs on the instance, and every request gets a SERVER span named after
 * the full route template Fastify routed it by — nested plugins with prefixes across files,
 * params, an async handler, a handler that calls `reply.send` later, a thrown error and an
 * explicit 500; a 404 has no route. The replies are those of the plain build. With
 * `@fastify/otel` and the official http instrumentation active, still one SERVER span per
 * request, carrying the route.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { ensurePackage } from '../bundlers/package.js';
import { buildApp, CLIENT_TS, MAIN_TS, officialSetup, OURS_SETUP, runApp, serverSpanLines, TOOLS, type AppSources } from './builtApp.js';

const SERVER_TS = `import Fastify from 'fastify';
import { usersPlugin } from './users';

export const REQUESTS: [string, string][] = [
  ['GET', '/api/users/42'], ['GET', '/api/users/7/later'], ['POST', '/api/users'], ['HEAD', '/api/users/42'],
  ['GET', '/api/boom'], ['GET', '/api/fail'], ['GET', '/missing'],
];

export async function start(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  void app.register(async (api) => {
    void api.register(usersPlugin, { prefix: '/users' });
    api.get('/boom', () => {
      throw new Error('boom');
    });
    api.get('/fail', async (_request, reply) => reply.code(500).send({ failed: true }));
  }, { prefix: '/api' });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  console.error('fastify ' + app.version);
  return { url, close: () => app.close() };
}
`;

const USERS_TS = `import type { FastifyInstance } from 'fastify';

/** Registered under /api/users by server.ts: Fastify composes the prefixes. */
export async function usersPlugin(users: FastifyInstance): Promise<void> {
  users.get('/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  users.get('/:id/later', (request, reply) => {
    setTimeout(() => void reply.send({ later: (request.params as { id: string }).id }), 10);
  });
  users.post('/', async (_request, reply) => reply.code(201).send({ created: true }));
}
`;

const app = (name: string, links?: Record<string, string>): AppSources => ({
  name, links, files: { 'src/main.ts': MAIN_TS, 'src/client.ts': CLIENT_TS, 'src/server.ts': SERVER_TS, 'src/users.ts': USERS_TS },
});

const EXPECTED_REPLIES = [
  'GET /api/users/42 200 {"id":"42"}',
  'GET /api/users/7/later 200 {"later":"7"}',
  'POST /api/users 201 {"created":true}',
  'HEAD /api/users/42 200 ',
  'GET /api/boom 500 {"statusCode":500,"error":"Internal Server Error","message":"boom"}',
  'GET /api/fail 500 {"failed":true}',
  'GET /missing 404 {"message":"Route GET:/missing not found","error":"Not Found","statusCode":404}',
];

const EXPECTED_SPANS = [
  'GET /api/users/:id | /api/users/:id | 200',
  'GET /api/users/:id/later | /api/users/:id/later | 200',
  'POST /api/users | /api/users | 201',
  'HEAD /api/users/:id | /api/users/:id | 200',
  'GET /api/boom | /api/boom | 500',
  'GET /api/fail | /api/fail | 500',
  'GET | - | 404',
];

// Building the packages once (under a lock shared with other test files) can take minutes on a busy machine.
beforeAll(() => ensurePackage(), 600_000);

const replyLines = (replies: { method: string; path: string; status: number; body: string }[]): string[] =>
  replies.map((r) => `${r.method} ${r.path} ${r.status} ${r.body}`);

describe.each([
  ['fastify 5', 'fastify5', undefined, 'fastify 5.'],
  ['fastify 4', 'fastify4', { fastify: 'fastify4' }, 'fastify 4.'],
] as const)('%s', (_label, name, links, version) => {
  test('the plain build replies as expected and makes no span', async () => {
    const { replies, spans, stderr } = await runApp(await buildApp(app(name, links), 'esbuild', { plain: true }), OURS_SETUP, 'plain');
    expect(stderr).toContain(version); // the project's `fastify` is the major under test
    expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
    expect(spans).toEqual([]);
  }, 300_000);

  test.each(TOOLS)('built with %s: the same replies, one SERVER span per request named after its full route template', async (tool) => {
    const { replies, spans, stderr } = await runApp(await buildApp(app(name, links), tool), OURS_SETUP, 'ours');
    expect(stderr).toContain(version);
    expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
    expect(serverSpanLines(spans)).toEqual(EXPECTED_SPANS);
    const server = spans.filter((s) => s.kind === 1);
    expect(server.map((s) => s.status.code)).toEqual([0, 0, 0, 0, 2, 2, 0]); // 5xx are errors, 4xx not
    expect(server.every((s) => s.parentSpanId === undefined)).toBe(true); // roots: no traceparent was sent
  }, 300_000);
});

test('with @fastify/otel and the official http instrumentation active: still one SERVER span per request, with the route', async () => {
  const setup = officialSetup(
    "const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');\nconst { FastifyOtelInstrumentation } = require('@fastify/otel');",
    '[new HttpInstrumentation(), new FastifyOtelInstrumentation({ registerOnInitialization: true })]',
  );
  const { replies, spans } = await runApp(await buildApp(app('fastify5'), 'tsc'), setup, 'official');
  expect(replyLines(replies)).toEqual(EXPECTED_REPLIES);
  const server = spans.filter((s) => s.kind === 1);
  expect(server).toHaveLength(EXPECTED_REPLIES.length);
  expect(server.map((s) => s.attributes['http.route'] ?? '-')).toEqual(['/api/users/:id', '/api/users/:id/later', '/api/users', '/api/users/:id', '/api/boom', '/api/fail', '-']);
  // @fastify/otel's own request spans are INTERNAL children of the one SERVER span.
  const requestSpans = spans.filter((s) => s.scope === '@fastify/otel' && s.name === 'request');
  expect(requestSpans.length).toBeGreaterThan(0);
  expect(requestSpans.every((s) => s.kind === 0 && server.some((root) => root.spanId === s.parentSpanId))).toBe(true);
}, 300_000);
