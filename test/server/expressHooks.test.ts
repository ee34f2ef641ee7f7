/**
 * The `express` runtime hook on real Express 5 and 4 apps (127.0.0.1, random
 * ports), registrations wrapped by hand the way `__tw.callbackArgs` does it
 * (every function from the selected index on, plain arrays copied with their
 * functions wrapped): the route template each request records (`routeOf`, or
 * the `req.route.path` fallback), across nested routers with params in mount
 * paths, a router mounted twice, sub-apps, handler arrays, error middleware,
 * 404/401/500, sync throws and Express 5 async rejections; the wrappers keep
 * `length`, `name`, `this`, return values and sub-app behaviour; and the
 * optional handler spans.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expressHooks, expressRouteFallback } from '../../src/runtime/hooks/express.js';
import type { CallbackCall } from '../../src/runtime/hooks/types.js';
import { routeOf } from '../../src/runtime/server/route.js';
import type { SpanSpec } from '../../src/runtime/siteSpec.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';

const require = createRequire(import.meta.url);
// Route state is only kept while a tracer provider is registered (route.ts: nothing to name without one).
setupOtel();
type Fn = (...args: any[]) => any;
type App = Fn & Record<string, any>;
interface Major { major: number; express: Fn & { Router: Fn } }
const MAJORS: Major[] = [
  { major: 5, express: require('express') as Major['express'] },
  { major: 4, express: require('express4') as Major['express'] },
];

const ROUTE: SpanSpec = { r: 'express.route', n: 'express.route', k: 0, h: 'express', m: 'sync' };
const CHAIN: SpanSpec = { r: 'express.route.chain', n: 'express.route.chain', k: 0, h: 'express', m: 'sync' };
const USE: SpanSpec = { r: 'express.use', n: 'express.use', k: 0, h: 'express', m: 'sync' };

/** `args` with every function from `from` on replaced by the hook's wrapper, as `callbackArgs` does. */
function wrapArgs(spec: SpanSpec, args: unknown[], from: number): unknown[] {
  const original = Object.freeze(args.slice());
  const wrap = (value: unknown, index: number): unknown => {
    if (typeof value === 'function') {
      const call: CallbackCall = { spec, args: original, index };
      return expressHooks.wrapCallback!(value as Fn, call) ?? value;
    }
    if (Array.isArray(value)) return value.map((v) => wrap(v, index));
    return value;
  };
  return args.map((a, i) => (i >= from ? wrap(a, i) : a));
}

/** `recv.verb(path, ...handlers)` as instrumented code calls it. */
function route(recv: App, verb: string, ...args: unknown[]): void {
  recv[verb](...wrapArgs(ROUTE, args, 1));
}
/** `recv.use(...args)` as instrumented code calls it. */
function use(recv: App, ...args: unknown[]): void {
  recv.use(...wrapArgs(USE, args, 0));
}
/** `recv.route(path).verb(...handlers)` as instrumented code calls it. */
function chain(recv: App, path: string, verb: string, ...handlers: unknown[]): void {
  recv.route(path)[verb](...wrapArgs(CHAIN, handlers, 0));
}

interface Seen { status: number; route: string | undefined; fallback: string | undefined }

/** Serves `app` behind a listener that reads the route state when each response finishes. */
async function serve(app: App): Promise<{ get(path: string, method?: string, headers?: Record<string, string>): Promise<Seen & { body: string }>; close(): Promise<void> }> {
  const seen = new Map<IncomingMessage, Seen>();
  const server: Server = createServer((req, res) => {
    res.on('finish', () => seen.set(req, { status: res.statusCode, route: routeOf(req), fallback: expressRouteFallback(req) }));
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let last: IncomingMessage | undefined;
  server.on('request', (req: IncomingMessage) => (last = req));
  return {
    async get(path, method = 'GET', headers = {}) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
      const body = await response.text();
      await new Promise((r) => setTimeout(r, 5));
      return { ...seen.get(last!)!, body };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe.each(MAJORS)('Express $major', ({ major, express }) => {
  it('records a route template for handlers, nested routers across modules, params in mount paths', async () => {
    const app = express() as App;
    // "posts.ts": a router of its own
    const posts = express.Router({ mergeParams: true }) as App;
    route(posts, 'get', '/:postId', (req: any, res: any) => res.json({ user: req.params.id, post: req.params.postId }));
    // "users.ts": mounts posts under a param
    const users = express.Router() as App;
    route(users, 'get', '/:id', (_req: any, res: any) => res.send('user'));
    use(users, '/:id/posts', posts);
    // "app.ts"
    use(app, '/api/users', users);
    route(app, 'get', '/users/:id', (_req: any, res: any) => res.send('top'));
    const s = await serve(app);
    try {
      expect(await s.get('/users/42')).toMatchObject({ status: 200, route: '/users/:id' });
      expect(await s.get('/api/users/7')).toMatchObject({ status: 200, route: '/api/users/:id' });
      const nested = await s.get('/api/users/7/posts/9');
      expect(nested).toMatchObject({ status: 200, route: '/api/users/:id/posts/:postId' });
      expect(JSON.parse(nested.body)).toEqual({ user: '7', post: '9' });
      expect(await s.get('/nope')).toMatchObject({ status: 404, route: undefined, fallback: undefined });
      expect(await s.get('/api/users/7/nope/1')).toMatchObject({ status: 404, route: undefined });
    } finally {
      await s.close();
    }
  });

  it('gives each mount of the same router its own template, and leaves a router when it calls next out', async () => {
    const app = express() as App;
    const shared = express.Router() as App;
    route(shared, 'get', '/items/:n', (_req: any, res: any) => res.send('item'));
    use(app, '/a', shared);
    use(app, '/b/:tenant', shared);
    // Falls out of both mounts (no match inside) into a top-level route.
    route(app, 'get', '/a/other', (_req: any, res: any) => res.send('other'));
    const s = await serve(app);
    try {
      expect(await s.get('/a/items/1')).toMatchObject({ route: '/a/items/:n' });
      expect(await s.get('/b/acme/items/2')).toMatchObject({ route: '/b/:tenant/items/:n' });
      expect(await s.get('/a/other')).toMatchObject({ status: 200, body: 'other', route: '/a/other' });
    } finally {
      await s.close();
    }
  });

  it('route(p).<verb> chains, handler arrays, HEAD on a GET route, app.all', async () => {
    const app = express() as App;
    const calls: string[] = [];
    const auth = function auth(_req: any, _res: any, next: Fn) { calls.push('auth'); next(); };
    const load = (_req: any, _res: any, next: Fn) => { calls.push('load'); next(); };
    route(app, 'get', '/arr/:id', [auth, [load]], (_req: any, res: any) => res.send('arr'));
    chain(app, '/chained/:id', 'get', (_req: any, res: any) => res.send('chained get'));
    chain(app, '/chained/:id', 'post', (_req: any, res: any) => res.send('chained post'));
    route(app, 'all', '/any/:x', (req: any, res: any) => res.send(req.method));
    const s = await serve(app);
    try {
      expect(await s.get('/arr/1')).toMatchObject({ body: 'arr', route: '/arr/:id' });
      expect(calls).toEqual(['auth', 'load']);
      expect(await s.get('/chained/1')).toMatchObject({ body: 'chained get', route: '/chained/:id' });
      expect(await s.get('/chained/1', 'POST')).toMatchObject({ body: 'chained post', route: '/chained/:id' });
      expect(await s.get('/chained/1', 'HEAD')).toMatchObject({ status: 200, body: '', route: '/chained/:id' });
      expect(await s.get('/any/1', 'DELETE')).toMatchObject({ body: 'DELETE', route: '/any/:x' });
    } finally {
      await s.close();
    }
  });

  it('401 from middleware carries no route; sync throws and async rejections reach arity-4 error middleware with the route', async () => {
    const app = express() as App;
    use(app, '/private', (_req: any, res: any) => res.status(401).send('no'));
    route(app, 'get', '/boom/:id', () => {
      throw new Error('sync boom');
    });
    if (major === 5) {
      route(app, 'get', '/async/:id', async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new Error('async boom');
      });
    }
    const errorHandler = function onError(err: Error, _req: any, res: any, _next: Fn) {
      res.status(500).send(`handled ${err.message}`);
    };
    use(app, errorHandler);
    const s = await serve(app);
    try {
      expect(await s.get('/private/x')).toMatchObject({ status: 401, route: undefined, fallback: undefined });
      expect(await s.get('/boom/1')).toMatchObject({ status: 500, body: 'handled sync boom', route: '/boom/:id' });
      if (major === 5) expect(await s.get('/async/1')).toMatchObject({ status: 500, body: 'handled async boom', route: '/async/:id' });
    } finally {
      await s.close();
    }
  });

  it('sub-apps keep working (mountpath, parent, mount event, settings) and compose their mount', async () => {
    const app = express() as App;
    app.set('json spaces', 3);
    const sub = express() as App;
    const mounted: unknown[] = [];
    sub.on('mount', (parent: unknown) => mounted.push(parent));
    route(sub, 'get', '/status/:code', (req: any, res: any) => res.json({ code: req.params.code, base: req.baseUrl, url: req.originalUrl }));
    const inner = express.Router() as App;
    route(inner, 'get', '/:id', (_req: any, res: any) => res.send('inner'));
    use(sub, '/things', inner);
    use(app, '/v1/:region', sub);
    const s = await serve(app);
    try {
      expect(sub.mountpath).toBe('/v1/:region');
      expect(sub.parent).toBe(app);
      expect(mounted).toEqual([app]);
      expect(sub.get('json spaces')).toBe(3); // inherited through the mount event
      const r = await s.get('/v1/eu/status/204');
      expect(r).toMatchObject({ status: 200, route: '/v1/:region/status/:code' });
      expect(JSON.parse(r.body)).toEqual({ code: '204', base: '/v1/eu', url: '/v1/eu/status/204' });
      expect(await s.get('/v1/eu/things/3')).toMatchObject({ body: 'inner', route: '/v1/:region/things/:id' });
      expect(await s.get('/v1/eu/missing')).toMatchObject({ status: 404, route: undefined });
    } finally {
      await s.close();
    }
  });

  it('a router mounted where no wrapper saw it names no route (never a shortened one); the fallback covers app-level routes only', async () => {
    const app = express() as App;
    const lib = express.Router() as App;
    route(lib, 'get', '/:id', (_req: any, res: any) => res.send('lib'));
    app.use('/hidden', lib); // mounted by code tracewright did not instrument
    app.get('/plain/:id', (_req: any, res: any) => res.send('plain')); // a route registered in node_modules
    const s = await serve(app);
    try {
      expect(await s.get('/hidden/1')).toMatchObject({ body: 'lib', route: undefined, fallback: undefined });
      expect(await s.get('/plain/1')).toMatchObject({ body: 'plain', route: undefined, fallback: '/plain/:id' });
    } finally {
      await s.close();
    }
  });

  it('wrappers keep length, name, this, return value and sync-ness; a settings getter is no registration', () => {
    function named(_req: unknown, _res: unknown, _next: unknown) { return 'ret'; }
    const errorMw = (_e: unknown, _q: unknown, _s: unknown, _n: unknown) => undefined;
    const asyncFn = async (_req: unknown) => 'later';
    const [, w1, w2, w3] = wrapArgs(ROUTE, ['/x', named, errorMw, asyncFn], 1) as [string, Fn, Fn, Fn];
    expect(w1).not.toBe(named);
    expect([w1.length, w1.name, w2.length, w3.name]).toEqual([3, 'named', 4, 'asyncFn']);
    expect(Object.getPrototypeOf(w3)).toBe(Object.getPrototypeOf(asyncFn));
    const req = { baseUrl: '' };
    expect(w1.call({ self: 1 }, req, {}, () => {})).toBe('ret');
    const thisSeen: unknown[] = [];
    const [, w4] = wrapArgs(ROUTE, ['/y', function (this: unknown) { thisSeen.push(this); return 7; }], 1) as [string, Fn];
    const self = { me: true };
    expect(w4.call(self, req, {}, () => {})).toBe(7);
    expect(thisSeen).toEqual([self]);
    expect(routeOf(req)).toBe('/y');
    const app = express() as App;
    app.set('env', 'test-env');
    expect(app.get('env')).toBe('test-env');
    // Plain middleware without handler spans is left as it is.
    const mw = (_q: unknown, _s: unknown, next: Fn) => next();
    expect(wrapArgs(USE, [mw], 0)[0]).toBe(mw);
  });
});

describe.each(MAJORS)('Express $major handler spans (option handlerSpans)', ({ major, express }) => {
  const SPANS: SpanSpec = { ...ROUTE, o: { handlerSpans: true } };
  const USE_SPANS: SpanSpec = { ...USE, o: { handlerSpans: true } };
  beforeEach(() => {
    setupOtel();
    resetSpans();
  });
  afterEach(() => resetSpans());

  it('an INTERNAL span per middleware and handler, ended by next or the response; errors recorded; error handlers still arity 4', async () => {
    const app = express() as App;
    app.use(...wrapArgs(USE_SPANS, [function parse(_req: any, _res: any, next: Fn) { next(); }], 0));
    app.get(...(wrapArgs(SPANS, ['/users/:id', function check(_req: any, _res: any, next: Fn) { next(); }, (_req: any, res: any) => res.send('ok')], 1) as [string]));
    app.get(...(wrapArgs(SPANS, ['/fail/:id', (_req: any, _res: any, next: Fn) => next(new Error('nope'))], 1) as [string]));
    app.use(...wrapArgs(USE_SPANS, [function onError(_err: Error, _req: any, res: any, _next: Fn) { res.status(500).send('handled'); }], 0));
    const s = await serve(app);
    try {
      expect(await s.get('/users/1')).toMatchObject({ status: 200, route: '/users/:id' });
      expect(await s.get('/fail/1')).toMatchObject({ status: 500, body: 'handled', route: '/fail/:id' });
    } finally {
      await s.close();
    }
    const spans = finishedSpans().map((sp) => ({ name: sp.name, kind: sp.kind, type: sp.attributes['express.type'], route: sp.attributes['http.route'], error: sp.status.code === 2 }));
    expect(spans.every((sp) => sp.kind === SpanKind.INTERNAL)).toBe(true);
    expect(spans.map((sp) => sp.name).sort()).toEqual([
      'middleware - onError', 'middleware - parse', 'middleware - parse',
      'request handler - /fail/:id', 'request handler - /users/:id', 'request handler - /users/:id',
    ].sort());
    expect(spans.filter((sp) => sp.error).map((sp) => sp.name)).toEqual(['request handler - /fail/:id']);
    void major;
  });
});
