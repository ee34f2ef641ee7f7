/**
 * The `koa` runtime hook on real Koa 3 + `@koa/router` 15 servers on 127.0.0.1, applied by
 * hand the way the built sites do: every middleware passed to a router verb goes through
 * `wrapCallback` (as `router.get(path, ...__tw.callbackArgs(S, [...]))` will), and
 * `install(server)` gets what `app.listen()` returned. Asserts the route template each request
 * records for the server span (`routeOf(req)`, read when the response ends), that `next`,
 * thrown errors and streamed bodies behave as without the wrapper, and the wrapper's shape.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import Koa from 'koa';
import Router from '@koa/router';
import { koaHooks } from '../../src/runtime/hooks/koa.js';
import { wrapKoaRouteMiddleware } from '../../src/runtime/hooks/koaRoute.js';
import { probeRoutes, request } from './routeProbe.js';

const installHttpServer = vi.hoisted(() => vi.fn());
vi.mock('../../src/runtime/server/httpServer.js', () => ({ installHttpServer }));

const SPEC = { r: 'koa.route', n: 'koa.route', k: 0, m: 'auto' as const, h: 'koa' };

/** `router[verb](...args)` with every function argument from index 1 on wrapped, as the `args[1..]` rule does. */
function verb(router: Router, name: 'get' | 'post' | 'all', ...args: unknown[]): void {
  const wrapped = args.map((arg, index) => (index >= 1 && typeof arg === 'function' ? koaHooks.wrapCallback!(arg as () => unknown, { spec: SPEC, args, index }) : arg));
  (router[name] as (...a: unknown[]) => unknown)(...wrapped);
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  installHttpServer.mockClear();
});

async function listen(app: Koa): Promise<{ base: string; probe: ReturnType<typeof probeRoutes>; server: Server }> {
  const server = app.listen(0, '127.0.0.1');
  koaHooks.install!(server, { spec: { ...SPEC, r: 'koa.listen', m: 'install' }, thisArg: app, args: [0, '127.0.0.1'] });
  servers.push(server);
  const probe = probeRoutes(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, probe, server };
}

test('prefixes, nested routers, params, next, thrown errors, streamed bodies: the template of the route that ran; 404 and middleware-only none', async () => {
  const order: string[] = [];
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    order.push(`app> ${ctx.path}`);
    await next();
    order.push(`app< ${ctx.path} ${ctx.status}`);
  });

  const users = new Router();
  verb(users, 'get', '/:id', async (ctx: Koa.Context, next: Koa.Next) => {
    order.push('first');
    await next();
    ctx.body = { id: ctx.params.id, from: ctx.body };
  }, (ctx: Koa.Context) => {
    order.push('second');
    ctx.body = 'second';
  });
  verb(users, 'get', '/:id/stream', (ctx: Koa.Context) => {
    ctx.type = 'text/plain';
    ctx.body = Readable.from((async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 5));
        yield `chunk${i};`;
      }
    })());
  });
  verb(users, 'post', '/:id/boom', () => {
    throw new Error('boom');
  });

  const api = new Router({ prefix: '/api' });
  api.use(async (ctx, next) => {
    if (ctx.get('authorization') === 'no') ctx.throw(401);
    await next();
  });
  api.use('/v1/users', users.routes());
  verb(api, 'get', '/health', (ctx: Koa.Context) => {
    ctx.body = 'ok';
  });
  app.use(api.routes()).use(api.allowedMethods());

  const { base, probe, server } = await listen(app);
  expect(installHttpServer).toHaveBeenCalledExactlyOnceWith(server, undefined);
  const replies = [
    await request(base, '/api/v1/users/42'),
    await request(base, '/api/v1/users/7/stream'),
    await request(base, '/api/v1/users/7/boom', { method: 'POST' }),
    await request(base, '/api/health'),
    await request(base, '/api/v1/users/42', { headers: { authorization: 'no' } }),
    await request(base, '/api/nothing'),
    await request(base, '/elsewhere'),
  ];
  expect(replies.map((r) => `${r.status} ${r.body}`)).toEqual([
    '200 {"id":"42","from":"second"}',
    '200 chunk0;chunk1;chunk2;',
    '500 Internal Server Error',
    '200 ok',
    '401 Unauthorized',
    '404 Not Found',
    '404 Not Found',
  ]);
  expect(order.slice(0, 4)).toEqual(['app> /api/v1/users/42', 'first', 'second', 'app< /api/v1/users/42 200']);
  const seen = await probe.settled(7);
  expect(seen.map((s) => `${s.method} ${s.path} ${s.status} ${s.route ?? '-'}`)).toEqual([
    'GET /api/v1/users/42 200 /api/v1/users/:id',
    'GET /api/v1/users/7/stream 200 /api/v1/users/:id/stream',
    'POST /api/v1/users/7/boom 500 /api/v1/users/:id/boom',
    'GET /api/health 200 /api/health',
    'GET /api/v1/users/42 401 -', // the router's own middleware refused before any route ran
    'GET /api/nothing 404 -',
    'GET /elsewhere 404 -',
  ]);
});

test('the same router mounted under two prefixes gives each request the prefix it came through', async () => {
  const items = new Router();
  verb(items, 'get', '/items/:item', (ctx: Koa.Context) => {
    ctx.body = ctx.params.item;
  });
  const root = new Router();
  root.use('/a/:tenant', items.routes());
  root.use('/b', items.routes());
  const app = new Koa();
  app.use(root.routes());
  const { base, probe } = await listen(app);
  expect((await request(base, '/a/t1/items/3')).body).toBe('3');
  expect((await request(base, '/b/items/4')).body).toBe('4');
  const seen = await probe.settled(2);
  expect(seen.map((s) => s.route)).toEqual(['/a/:tenant/items/:item', '/b/items/:item']);
});

describe('the route middleware wrapper', () => {
  test('keeps length, name, prototype (async stays AsyncFunction), this, arguments and the very return value', async () => {
    const received: unknown[] = [];
    const promise = Promise.resolve('done');
    async function handler(this: unknown, ctx: unknown, next: unknown) {
      received.push(this, ctx, next);
      return 'x';
    }
    const wrapped = wrapKoaRouteMiddleware(handler) as typeof handler;
    expect(wrapped).not.toBe(handler);
    expect([wrapped.length, wrapped.name, wrapped.constructor.name]).toEqual([2, 'handler', 'AsyncFunction']);
    const self = {};
    const next = () => promise;
    await expect(wrapped.call(self, { req: {} }, next)).resolves.toBe('x');
    expect(received).toEqual([self, { req: {} }, next]);

    const sync = (_ctx: unknown, n: () => unknown) => n();
    const syncWrapped = wrapKoaRouteMiddleware(sync) as typeof sync;
    expect([syncWrapped.length, syncWrapped.name, syncWrapped.constructor.name]).toEqual([2, 'sync', 'Function']);
    expect(syncWrapped({}, next)).toBe(promise); // the same promise object: no extra ticks, no copy
    const error = new Error('sync throw');
    expect(() => (wrapKoaRouteMiddleware(() => { throw error; }) as () => void)()).toThrow(error);
  });

  test('leaves alone what is no middleware of a route: non-functions and a router\'s own dispatch', () => {
    const dispatch = new Router().routes();
    expect(wrapKoaRouteMiddleware(dispatch)).toBe(dispatch);
    expect(wrapKoaRouteMiddleware('/path')).toBe('/path');
  });

  test('a context without a request, or with a throwing getter, records nothing and still runs the middleware', () => {
    const ran: string[] = [];
    const wrapped = wrapKoaRouteMiddleware(() => ran.push('ran')) as (ctx: unknown) => void;
    wrapped(undefined);
    wrapped({ _matchedRoute: '/x' });
    wrapped({ get req(): object { throw new Error('getter'); }, _matchedRoute: '/x' });
    expect(ran).toEqual(['ran', 'ran', 'ran']);
  });
});

test('the site\'s hook options (the build\'s ignorePaths, as spec.o) reach the core with the server', () => {
  const server = { on() {} };
  const o = { ignorePaths: ['/health'] };
  koaHooks.install!(server, { spec: { ...SPEC, r: 'koa.listen', m: 'install', o }, thisArg: undefined, args: [] });
  expect(installHttpServer).toHaveBeenCalledExactlyOnceWith(server, o);
});

test('install ignores what is no server', () => {
  koaHooks.install!(undefined, { spec: SPEC, thisArg: undefined, args: [] });
  koaHooks.install!(() => undefined, { spec: SPEC, thisArg: undefined, args: [] });
  expect(installHttpServer).not.toHaveBeenCalled();
});
