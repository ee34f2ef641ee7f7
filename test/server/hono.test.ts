/**
 * Hono on @hono/node-server, real servers on 127.0.0.1: the `hono` hooks as the emitted code
 * calls them (install on what `serve()` returns, wrapCallback on each function given to a verb),
 * driven by hand here. The route each request carries is read from the per-request route state
 * (routeOf) of the Node request the server saw.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { afterEach, describe, expect, test } from 'vitest';
import { honoHooks } from '../../src/runtime/hooks/hono.js';
import type { CallbackCall } from '../../src/runtime/hooks/types.js';
import type { SpanSpec } from '../../src/runtime/siteSpec.js';
import { routeOf } from '../../src/runtime/server/route.js';
import { buildAndRun, serverSpanLines, writeProject } from './builtProject.js';
import { HONO_FILES, HONO_OUTPUT } from './honoApp.js';

const SPEC: SpanSpec = { r: 'hono.route', n: 'hono.route', k: 0, h: 'hono', m: 'auto' };

/** What `__tw.callbackArgs(S, args)` hands the verb for a `callback: "args[0..]"` rule. */
function wrapped(args: unknown[]): any[] {
  const original = Object.freeze(args.slice());
  return args.map((arg, index) => {
    if (typeof arg !== 'function') return arg;
    const call: CallbackCall = { spec: SPEC, args: original, index };
    return honoHooks.wrapCallback!(arg as (...a: any[]) => any, call);
  });
}

interface Running { url: string; requests: IncomingMessage[]; close(): Promise<void> }
const running: Running[] = [];
afterEach(async () => { await Promise.all(running.splice(0).map((r) => r.close())); });

async function start(app: Hono): Promise<Running> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
    honoHooks.install!(s, { spec: { ...SPEC, r: 'hono.serve', m: 'install' }, thisArg: undefined, args: [] });
  });
  const requests: IncomingMessage[] = [];
  server.prependListener('request', (req: IncomingMessage) => requests.push(req));
  const r: Running = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  running.push(r);
  return r;
}

/** basePath '/api', a sub-app mounted with app.route('/v1/users', users), params, SSE, a throw. */
function buildApp(): Hono {
  const app = new Hono().basePath('/api');
  const users = new Hono();
  users.get(...(wrapped(['/:id', (c: any) => c.json({ id: c.req.param('id') })]) as [string, any]));
  users.post(...(wrapped(['/:id/posts/:postId', async (c: any) => c.text(`post ${c.req.param('postId')}`, 201)]) as [string, any]));
  app.route('/v1/users', users);
  app.get(...(wrapped(['/events', (c: any) => streamSSE(c, async (stream) => {
    for (let i = 0; i < 3; i++) await stream.writeSSE({ data: `tick ${i}`, event: 'tick' });
  })]) as [string, any]));
  app.get(...(wrapped(['/boom', () => { throw new Error('boom'); }]) as [string, any]));
  return app;
}

describe('hono hooks on a real @hono/node-server', () => {
  test('a param route under basePath and app.route carries the full template', async () => {
    const r = await start(buildApp());
    const res = await fetch(`${r.url}/api/v1/users/42`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: '42' });
    expect(routeOf(r.requests[0]!)).toBe('/api/v1/users/:id');

    const post = await fetch(`${r.url}/api/v1/users/7/posts/9`, { method: 'POST' });
    expect([post.status, await post.text()]).toEqual([201, 'post 9']);
    expect(routeOf(r.requests[1]!)).toBe('/api/v1/users/:id/posts/:postId');
  });

  test('SSE streams every event unchanged, and carries its route', async () => {
    const r = await start(buildApp());
    const res = await fetch(`${r.url}/api/events`);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const body = await res.text();
    expect(body).toBe([0, 1, 2].map((i) => `event: tick\ndata: tick ${i}\n\n`).join(''));
    expect(routeOf(r.requests[0]!)).toBe('/api/events');
  });

  test('a 404 carries no route; a thrown error is a 500 with the route known', async () => {
    const r = await start(buildApp());
    const missing = await fetch(`${r.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(routeOf(r.requests[0]!)).toBeUndefined();
    const boom = await fetch(`${r.url}/api/boom`);
    expect([boom.status, await boom.text()]).toEqual([500, 'Internal Server Error']);
    expect(routeOf(r.requests[1]!)).toBe('/api/boom');
  });

  test('chained verbs without a path, app.on and middleware chains: the innermost route wins', async () => {
    const app = new Hono();
    const seen: string[] = [];
    app.get(...(wrapped(['/items/*', async (c: any, next: any) => { seen.push('mw'); await next(); }]) as [string, any]));
    app.get(...(wrapped(['/items/:id', (c: any) => c.text(`item ${c.req.param('id')}`)]) as [string, any]))
      .post(...(wrapped([(c: any) => c.text('created', 201)]) as [any]));
    app.on(...(wrapped(['PURGE', '/cache/:key', (c: any) => c.text('purged')]) as [string, string, any]));
    const r = await start(app);
    expect(await (await fetch(`${r.url}/items/3`)).text()).toBe('item 3');
    expect(seen).toEqual(['mw']);
    expect(routeOf(r.requests[0]!)).toBe('/items/:id');
    expect((await fetch(`${r.url}/items/3`, { method: 'POST' })).status).toBe(201);
    expect(routeOf(r.requests[1]!)).toBe('/items/:id');
    expect(await (await fetch(`${r.url}/cache/k1`, { method: 'PURGE' })).text()).toBe('purged');
    expect(routeOf(r.requests[2]!)).toBe('/cache/:key');
  });
});

describe('a wrapped handler is the same function to Hono', () => {
  test('name, length and own properties stay; the same Response comes back, sync stays sync', () => {
    const response = new Response('x');
    function handler(c: unknown, next: unknown) { void c; void next; return response; }
    (handler as any).marker = 1;
    const [h] = wrapped([handler]) as [typeof handler];
    expect(h).not.toBe(handler);
    expect([h.name, h.length, (h as any).marker]).toEqual(['handler', 2, 1]);
    expect(h({ req: {}, env: undefined }, undefined)).toBe(response);
  });

  test('an async handler returns its promise; a throw propagates as the same error', async () => {
    const response = new Response('y');
    const [h] = wrapped([async () => response]) as [() => Promise<Response>];
    const result = h();
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(response);
    const error = new Error('same');
    const [t] = wrapped([() => { throw error; }]) as [() => never];
    expect(() => t()).toThrow(error);
  });

  test('app.request() (no Node request behind the context) still answers', async () => {
    const res = await buildApp().request('/api/v1/users/5');
    expect(await res.json()).toEqual({ id: '5' });
  });

  test('install leaves anything that is not a server alone', () => {
    expect(() => honoHooks.install!({ fetch() {} }, { spec: SPEC, thisArg: undefined, args: [] })).not.toThrow();
    expect(() => honoHooks.install!(undefined, { spec: SPEC, thisArg: undefined, args: [] })).not.toThrow();
  });
});

/**
 * Built through tspc (ts-patch + tracewright/tsc), esbuild and vite with the tracewright plugins,
 * and run: the program prints exactly what its plain build prints, and every request has one SERVER
 * span, named with its route where one matched, continuing the trace of the program's `fetch` span.
 */
describe.each(['tsc', 'esbuild', 'vite'] as const)('the Hono service built with %s', (tool) => {
  test('same output as the plain build; SERVER spans carry http.route', async () => {
    const dir = await writeProject(`hono-${tool}`, HONO_FILES);
    const plain = await buildAndRun(dir, tool, 'plain');
    expect(plain.stdout).toBe(HONO_OUTPUT);
    expect(plain.spans).toEqual([]);
    const traced = await buildAndRun(dir, tool, 'traced');
    expect(traced.stdout).toBe(HONO_OUTPUT);
    expect(serverSpanLines(traced.spans)).toEqual([
      'GET /api/v1/users/:id | /api/v1/users/:id | 200 | unset | client',
      'POST /api/v1/users/:id/posts/:postId | /api/v1/users/:id/posts/:postId | 201 | unset | client',
      'GET /api/events | /api/events | 200 | unset | client',
      'GET | - | 404 | unset | client',
      'GET /api/boom | /api/boom | 500 | error 500 | client',
    ]);
  }, 300_000);
});
