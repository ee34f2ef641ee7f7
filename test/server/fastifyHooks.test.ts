/**
 * The `fastify` runtime hook on real Fastify 5 and 4 servers on 127.0.0.1, installed by hand
 * the way the built `fastify()` site does (`install(instance)`): the route template each
 * request records for the server span (`routeOf(req)`, read when the response ends), the
 * server handed to the core, and what the installed hook changes that a user could observe.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import { fastifyHooks } from '../../src/runtime/hooks/fastify.js';
import { fastifyRouteOf } from '../../src/runtime/hooks/fastifyRoute.js';
import { probeRoutes, request } from './routeProbe.js';

const installHttpServer = vi.hoisted(() => vi.fn());
vi.mock('../../src/runtime/server/httpServer.js', () => ({ installHttpServer }));

const install = (instance: unknown): void => fastifyHooks.install!(instance, { spec: { r: 'fastify.factory', n: 'fastify', k: 0, m: 'install', h: 'fastify' }, thisArg: undefined, args: [] });

type Factory = typeof fastify5;
const FACTORIES: [string, Factory][] = [['fastify 5', fastify5], ['fastify 4', fastify4 as unknown as Factory]];

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const app of open.splice(0)) await app.close();
  installHttpServer.mockClear();
});

/** A service with nested plugins and prefixes, errors and late replies, built with `factory` (installed unless `plain`). */
function service(factory: Factory, { plain = false } = {}) {
  const app = factory();
  if (!plain) install(app);
  app.addHook('onRequest', (req, reply, done) => {
    if (req.headers.authorization === 'no') void reply.code(401).send({ error: 'unauthorized' });
    else done();
  });
  app.get('/health', async () => ({ ok: true }));
  void app.register(async (api) => {
    void api.register(async (users) => {
      users.get('/', async () => []);
      users.get('/:id', async (req) => ({ id: (req.params as { id: string }).id }));
      users.get('/:id/posts/:postId', (req, reply) => {
        // a callback handler that replies later
        setTimeout(() => void reply.send({ post: (req.params as { postId: string }).postId }), 20);
      });
    }, { prefix: '/users' });
    api.get('/boom', () => {
      throw new Error('sync boom');
    });
    api.get('/reject', async () => {
      throw new Error('async boom');
    });
    api.get('/500', async (_req, reply) => reply.code(500).send('explicit'));
  }, { prefix: '/api' });
  return app;
}

async function listen(app: ReturnType<Factory>): Promise<string> {
  open.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

describe.each(FACTORIES)('%s', (_label, factory) => {
  test('each request records the full template Fastify routed it by: plugin prefixes, params, errors, late replies; a 404 none', async () => {
    const app = service(factory);
    const probe = probeRoutes(app.server);
    const base = await listen(app);
    const replies = [
      await request(base, '/api/users/42'),
      await request(base, '/api/users/7/posts/9?x=1'),
      await request(base, '/api/users'),
      await request(base, '/api/boom'),
      await request(base, '/api/reject'),
      await request(base, '/api/500'),
      await request(base, '/api/users/42', { headers: { authorization: 'no' } }),
      await request(base, '/missing'),
      await request(base, '/health', { method: 'HEAD' }),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 500, 500, 500, 401, 404, 200]);
    expect(replies[0]!.body).toBe('{"id":"42"}');
    expect(replies[1]!.body).toBe('{"post":"9"}');
    const seen = await probe.settled(9);
    expect(seen.map((s) => `${s.method} ${s.path} ${s.status} ${s.route ?? '-'}`)).toEqual([
      'GET /api/users/42 200 /api/users/:id',
      'GET /api/users/7/posts/9 200 /api/users/:id/posts/:postId',
      'GET /api/users 200 /api/users',
      'GET /api/boom 500 /api/boom',
      'GET /api/reject 500 /api/reject',
      'GET /api/500 500 /api/500',
      'GET /api/users/42 401 /api/users/:id', // our hook runs before the user's, which replied
      'GET /missing 404 -',
      'HEAD /health 200 /health', // Fastify's automatic HEAD route of a GET
    ]);
  });

  test('the server handed to the core is the instance\'s own, once however often install runs', () => {
    const app = factory();
    install(app);
    install(app);
    expect(installHttpServer).toHaveBeenCalledTimes(1);
    expect(installHttpServer.mock.calls[0]![0]).toBe(app.server);
    expect(installHttpServer.mock.calls[0]![1]).toBeUndefined(); // the site's hook options (spec.o): none here
  });

  test('what a user can see: one more avvio step at the root of printPlugins, the hook in printRoutes with hooks, once however often install runs', async () => {
    const plain = service(factory, { plain: true });
    const traced = service(factory);
    install(traced);
    await plain.ready();
    await traced.ready();
    open.push(plain, traced);
    // Fastify queues every addHook as an avvio `after` step: the plugin tree shows one more at the root, nothing else.
    const untimed = (tree: string): string => tree.replace(/ \d+ ms/g, '');
    expect(untimed(traced.printPlugins())).toBe(untimed(plain.printPlugins()).replace('root\n', 'root\n├── bound _after\n'));
    expect(traced.printRoutes()).toBe(plain.printRoutes());
    const hooks = traced.printRoutes({ includeHooks: true });
    expect(hooks).not.toBe(plain.printRoutes({ includeHooks: true }));
    // One line per route listing its onRequest hooks: ours once, before the user's anonymous one.
    const perRoute = hooks.split('\n').filter((line) => line.includes('(onRequest)'));
    expect(perRoute).toHaveLength(hooks.split('\n').filter((line) => /\((GET|HEAD)\)/.test(line)).length);
    for (const line of perRoute) expect(line).toMatch(/\(onRequest\) \["tracewrightRoute\(\)","anonymous\(\)"\]$/);
  });

  test('the site\'s hook options (the build\'s ignorePaths, as spec.o) reach the core with the server', () => {
    const app = factory();
    const o = { ignorePaths: ['/health'] };
    fastifyHooks.install!(app, { spec: { r: 'fastify.factory', n: 'fastify', k: 0, m: 'install', h: 'fastify', o }, thisArg: undefined, args: [] });
    expect(installHttpServer).toHaveBeenCalledExactlyOnceWith(app.server, o);
  });

  test('install ignores what is no Fastify instance and never throws', () => {
    expect(() => install(undefined)).not.toThrow();
    expect(() => install({ server: {} })).not.toThrow();
    expect(() => install({ addHook() { throw new Error('listening'); } })).not.toThrow();
    expect(installHttpServer).not.toHaveBeenCalledWith({});
  });
});

describe('fastifyRouteOf', () => {
  test('routeOptions.url where it exists, routerPath only before Fastify 4.10, nothing for a 404', () => {
    expect(fastifyRouteOf({ raw: {}, routeOptions: { url: '/a/:id' } })).toBe('/a/:id');
    expect(fastifyRouteOf({ raw: {}, routerPath: '/old/:id' })).toBe('/old/:id');
    const warns = { raw: {}, routeOptions: { url: '/new' }, get routerPath(): string { throw new Error('read the deprecated getter'); } };
    expect(fastifyRouteOf(warns)).toBe('/new');
    expect(fastifyRouteOf({ raw: {}, is404: true, routeOptions: { url: '*' } })).toBeUndefined();
    expect(fastifyRouteOf({ raw: {}, routeOptions: {} })).toBeUndefined();
  });
});
