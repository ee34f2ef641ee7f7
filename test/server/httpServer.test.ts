/**
 * The server core on real `http` servers (127.0.0.1, random ports), installed
 * directly with `installHttpServer` (the `http.server` hook's install does just
 * that): one SERVER span per request from the extracted context, its stable
 * attributes, its one end on finish or close, the handler running inside it.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installHttpServer } from '../../src/runtime/server/httpServer.js';
import { mountedRoute, popMount, pushMount, routeOf, setRoute } from '../../src/runtime/server/route.js';
import { INCOMPLETE_RESPONSE } from '../../src/runtime/server/requestSpan.js';
import { finishedSpans, resetSpans, setupOtel, startedSpanCount } from '../helpers/otel.js';
import { fetchReply, listen, rawConnection, serve, serverSpans, sleep, until, waitForServerSpans, type Served } from './serverHarness.js';

beforeAll(() => {
  setupOtel();
});

let served: Served[] = [];
async function start(listener: (req: IncomingMessage, res: ServerResponse) => void, options?: unknown): Promise<Served> {
  const s = await serve(listener, options);
  served.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(served.map((s) => s.close()));
  served = [];
  resetSpans();
});

const ok = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
};

describe('SERVER span per request', () => {
  it('names the span after the method and sets the stable attributes', async () => {
    const { port } = await start(ok);
    const reply = await fetchReply(port, { path: '/users/7?x=1&sig=secret', headers: { 'user-agent': 'probe/1.0' } });
    expect(reply.status).toBe(200);
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('GET');
    expect(span!.kind).toBe(SpanKind.SERVER);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.parentSpanContext).toBeUndefined();
    const a = span!.attributes;
    expect(a).toEqual({
      'http.request.method': 'GET',
      'url.path': '/users/7',
      'url.query': 'x=1&sig=REDACTED',
      'url.scheme': 'http',
      'server.address': '127.0.0.1',
      'server.port': port,
      'client.address': '127.0.0.1',
      'network.peer.address': '127.0.0.1',
      'network.peer.port': a['network.peer.port'],
      'network.protocol.version': '1.1',
      'user_agent.original': 'probe/1.0',
      'http.response.status_code': 200,
    });
    expect(typeof a['network.peer.port']).toBe('number');
    expect(startedSpanCount()).toBe(1);
  });

  it('takes server.address/port from the Host header and client.address from X-Forwarded-For', async () => {
    const { port } = await start(ok);
    await fetchReply(port, { headers: { host: 'api.example.com', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' } });
    await fetchReply(port, { headers: { host: '[2001:db8::1]:8443' } });
    const spans = await waitForServerSpans(2);
    const byHost = Object.fromEntries(spans.map((s) => [String(s.attributes['server.address']), s.attributes]));
    expect(byHost['api.example.com']).toMatchObject({ 'server.port': 80, 'client.address': '203.0.113.9', 'network.peer.address': '127.0.0.1' });
    expect(byHost['2001:db8::1']).toMatchObject({ 'server.port': 8443, 'client.address': '127.0.0.1' });
  });

  it('continues the trace of a valid traceparent', async () => {
    const { port } = await start(ok);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await fetchReply(port, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
    const [span] = await waitForServerSpans(1);
    expect(span!.spanContext().traceId).toBe(traceId);
    expect(span!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span!.parentSpanContext?.isRemote).toBe(true);
  });

  it('starts a new trace for an invalid traceparent', async () => {
    const { port } = await start(ok);
    await fetchReply(port, { headers: { traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' } });
    await fetchReply(port, { headers: { traceparent: 'garbage' } });
    const spans = await waitForServerSpans(2);
    for (const span of spans) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe('00000000000000000000000000000000');
    }
    expect(spans[0]!.spanContext().traceId).not.toBe(spans[1]!.spanContext().traceId);
  });

  it('never uses the context listen() ran in', async () => {
    const tracer = trace.getTracer('test');
    const outer = tracer.startSpan('startup');
    const server = createServer((req, res) => {
      // the handler sees the request span, not the startup span
      seen.push(trace.getActiveSpan()?.spanContext().spanId);
      ok(req, res);
    });
    const seen: (string | undefined)[] = [];
    installHttpServer(server);
    const s = await context.with(trace.setSpan(context.active(), outer), () => listen(server));
    served.push(s);
    await fetchReply(s.port);
    outer.end();
    const [span] = await waitForServerSpans(1);
    expect(span!.parentSpanContext).toBeUndefined();
    expect(span!.spanContext().traceId).not.toBe(outer.spanContext().traceId);
    expect(seen).toEqual([span!.spanContext().spanId]);
  });

  it('runs every request listener, and what they call, inside the one span', async () => {
    const tracer = trace.getTracer('test');
    const active: (string | undefined)[] = [];
    const s = await start((req, res) => {
      active.push(trace.getActiveSpan()?.spanContext().spanId);
      // body listeners run in the span's context too (body parsers call next() from 'end')
      req.on('end', () => {
        active.push(trace.getActiveSpan()?.spanContext().spanId);
        setTimeout(() => {
          tracer.startActiveSpan('work', (w) => {
            w.end();
            res.end('done');
          });
        }, 5);
      });
      req.resume();
    });
    s.server.on('request', () => active.push(trace.getActiveSpan()?.spanContext().spanId));
    await fetchReply(s.port, { method: 'POST', body: 'payload' });
    const spans = await waitForServerSpans(1);
    expect(spans).toHaveLength(1);
    const id = spans[0]!.spanContext().spanId;
    expect(active).toEqual([id, id, id]);
    const work = finishedSpans().find((x) => x.name === 'work');
    expect(work?.parentSpanContext?.spanId).toBe(id);
  });

  it('installs once per server', async () => {
    const s = await start(ok);
    installHttpServer(s.server);
    installHttpServer(s.server);
    await fetchReply(s.port);
    expect(await waitForServerSpans(1)).toHaveLength(1);
    expect(Object.keys(s.server)).not.toContain('emit');
  });
});

describe('status codes', () => {
  it.each([
    [200, SpanStatusCode.UNSET, undefined],
    [401, SpanStatusCode.UNSET, undefined],
    [404, SpanStatusCode.UNSET, undefined],
    [500, SpanStatusCode.ERROR, '500'],
    [503, SpanStatusCode.ERROR, '503'],
  ])('%i', async (code, status, errorType) => {
    const { port } = await start((_req, res) => {
      res.statusCode = code;
      res.end();
    });
    expect((await fetchReply(port)).status).toBe(code);
    const [span] = await waitForServerSpans(1);
    expect(span!.attributes['http.response.status_code']).toBe(code);
    expect(span!.status.code).toBe(status);
    expect(span!.attributes['error.type']).toBe(errorType);
  });
});

describe('methods', () => {
  it('an unknown method is HTTP / _OTHER with the original', async () => {
    const { port } = await start(ok);
    await fetchReply(port, { method: 'PURGE' });
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('HTTP');
    expect(span!.attributes['http.request.method']).toBe('_OTHER');
    expect(span!.attributes['http.request.method_original']).toBe('PURGE');
  });

  it('HEAD', async () => {
    const { port } = await start(ok);
    const reply = await fetchReply(port, { method: 'HEAD' });
    expect(reply.body).toBe('');
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('HEAD');
    expect(span!.attributes['http.response.status_code']).toBe(200);
  });
});

describe('routes', () => {
  it('setRoute renames the span and sets http.route', async () => {
    const { port } = await start((req, res) => {
      setRoute(req, '/users/:id');
      ok(req, res);
    });
    await fetchReply(port, { path: '/users/42' });
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('GET /users/:id');
    expect(span!.attributes['http.route']).toBe('/users/:id');
  });

  it('a route set on the RPC metadata of the context (official framework instrumentations) reaches the span', async () => {
    const key = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');
    const { port } = await start((req, res) => {
      const meta = context.active().getValue(key) as { type: string; route?: string; span: unknown };
      expect(meta.type).toBe('http');
      expect(meta.span).toBe(trace.getActiveSpan());
      meta.route = '/from/metadata';
      ok(req, res);
    });
    await fetchReply(port);
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('GET /from/metadata');
  });

  it('mount prefixes compose, in the request context and outside it', async () => {
    const seen: (string | undefined)[] = [];
    const { port } = await start((req, res) => {
      const compose = () => {
        pushMount(req, '/api');
        pushMount(req, '/users/:id/');
        setRoute(req, mountedRoute(req, 'posts'));
        popMount(req);
        seen.push(routeOf(req), mountedRoute(req, '/'));
        popMount(req);
      };
      if (req.url === '/outside') context.with(ROOT_CONTEXT, compose);
      else compose();
      ok(req, res);
    });
    await fetchReply(port, { path: '/inside' });
    await fetchReply(port, { path: '/outside' });
    const spans = await waitForServerSpans(2);
    expect(spans.map((s) => [s.attributes['url.path'], s.name, s.attributes['http.route']])).toEqual([
      ['/inside', 'GET /api/users/:id/posts', '/api/users/:id/posts'],
      ['/outside', 'GET /api/users/:id/posts', '/api/users/:id/posts'],
    ]);
    expect(seen).toEqual(['/api/users/:id/posts', '/api', '/api/users/:id/posts', '/api']);
  });

  it('route state is invisible on the request: no enumerable key, nothing in inspect or a spread', async () => {
    const { inspect } = await import('node:util');
    const views: string[] = [];
    const { port } = await start((req, res) => {
      const before = [Object.keys(req).join(','), inspect(req, { depth: 0 })];
      setRoute(req, '/hidden/:id');
      pushMount(req, '/m');
      const spread = { ...req } as object;
      views.push(String(Object.keys(req).join(',') === before[0]), String(inspect(req, { depth: 0 }) === before[1]), String(Object.getOwnPropertySymbols(spread).length === Object.getOwnPropertySymbols(req).length));
      popMount(req);
      ok(req, res);
    });
    await fetchReply(port);
    expect(views).toEqual(['true', 'true', 'false']);
    expect((await waitForServerSpans(1))[0]!.name).toBe('GET /hidden/:id');
  });

  it("another request's context does not take the route", async () => {
    let first: IncomingMessage | undefined;
    let firstRes: ServerResponse | undefined;
    const { port } = await start((req, res) => {
      if (first === undefined) {
        first = req;
        firstRes = res;
        return;
      }
      // the second request's handler names the first request's route
      setRoute(first, '/first/:x');
      ok(req, res);
      ok(first, firstRes!);
    });
    const a = fetchReply(port, { path: '/a' });
    await until(() => first !== undefined, 'the first request');
    await fetchReply(port, { path: '/b' });
    await a;
    const spans = await waitForServerSpans(2);
    expect(Object.fromEntries(spans.map((s) => [s.attributes['url.path'], s.name]))).toEqual({ '/a': 'GET /first/:x', '/b': 'GET' });
  });

  it('an unknown method with a route is named HTTP {route}', async () => {
    const { port } = await start((req, res) => {
      setRoute(req, '/cache/*');
      ok(req, res);
    });
    await fetchReply(port, { method: 'PURGE', path: '/cache/a' });
    const [span] = await waitForServerSpans(1);
    expect(span!.name).toBe('HTTP /cache/*');
  });
});

describe('ignorePaths', () => {
  it('a matching url.path gets no span, and the request runs untouched', async () => {
    let handled = 0;
    const { port } = await start(
      (req, res) => {
        handled++;
        ok(req, res);
      },
      { ignorePaths: ['/health', '/internal/**', '/v?/ping'] },
    );
    for (const path of ['/health', '/health?full=1', '/internal', '/internal/a/b', '/v1/ping']) expect((await fetchReply(port, { path })).status).toBe(200);
    await fetchReply(port, { path: '/healthz' });
    await fetchReply(port, { path: '/v10/ping' });
    const spans = await waitForServerSpans(2);
    expect(handled).toBe(7);
    expect(spans.map((s) => s.attributes['url.path']).sort()).toEqual(['/healthz', '/v10/ping']);
    expect(startedSpanCount()).toBe(2);
  });
});

describe('end of the span', () => {
  it('client abort before the response headers: incomplete, no status code', async () => {
    let closed!: () => void;
    const reqClosed = new Promise<void>((r) => (closed = r));
    const { port } = await start((_req, res) => {
      res.on('close', () => closed());
    });
    const conn = await rawConnection(port);
    conn.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => startedSpanCount() === 1, 'the span to start');
    conn.socket.destroy();
    await reqClosed;
    const [span] = await waitForServerSpans(1);
    expect(span!.attributes['http.response.status_code']).toBeUndefined();
    expect(span!.attributes['error.type']).toBe(INCOMPLETE_RESPONSE);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(serverSpans()).toHaveLength(1);
  });

  it('client abort mid-stream: the status that was sent, and incomplete', async () => {
    const { port } = await start((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const conn = await rawConnection(port);
    conn.write('GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => conn.received().includes('partial'), 'the first chunk');
    conn.socket.destroy();
    const [span] = await waitForServerSpans(1);
    expect(span!.attributes['http.response.status_code']).toBe(200);
    expect(span!.attributes['error.type']).toBe(INCOMPLETE_RESPONSE);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a handler that never responds: the span ends when the connection closes', async () => {
    const { port } = await start(() => {});
    const conn = await rawConnection(port);
    conn.write('GET /never HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => startedSpanCount() === 1, 'the span to start');
    await sleep(30);
    expect(serverSpans()).toHaveLength(0);
    conn.socket.end();
    const [span] = await waitForServerSpans(1);
    expect(span!.attributes['error.type']).toBe(INCOMPLETE_RESPONSE);
  });

  it('keep-alive: each request on one connection has its own span', async () => {
    const { port } = await start(ok);
    const conn = await rawConnection(port);
    conn.write('GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => conn.received().split('HTTP/1.1 200').length === 2, 'the first response');
    conn.write('GET /b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => conn.received().split('HTTP/1.1 200').length === 3, 'the second response');
    const spans = await waitForServerSpans(2);
    expect(spans.map((s) => s.attributes['url.path'])).toEqual(['/a', '/b']);
    expect(spans[0]!.attributes['network.peer.port']).toBe(spans[1]!.attributes['network.peer.port']);
    expect(spans.every((s) => s.status.code === SpanStatusCode.UNSET)).toBe(true);
    conn.socket.destroy();
    await sleep(20);
    expect(serverSpans()).toHaveLength(2);
  });

  it('pipelined requests: each its own span, complete', async () => {
    const { port } = await start((req, res) => {
      // the first answers last: the others wait queued behind it
      setTimeout(() => ok(req, res), req.url === '/1' ? 40 : 0);
    });
    const conn = await rawConnection(port);
    conn.write(['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`).join(''));
    const spans = await waitForServerSpans(3);
    expect(spans.map((s) => s.attributes['url.path']).sort()).toEqual(['/1', '/2', '/3']);
    expect(spans.every((s) => s.attributes['error.type'] === undefined && s.attributes['http.response.status_code'] === 200)).toBe(true);
    conn.socket.destroy();
  });

  it('pipelined requests cut off: queued ones end on the socket close', async () => {
    const { port } = await start((req, res) => {
      if (req.url !== '/1') ok(req, res); // queued behind /1, which never answers
    });
    const conn = await rawConnection(port);
    conn.write(['/1', '/2', '/3'].map((p) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`).join(''));
    await until(() => startedSpanCount() === 3, 'three spans to start');
    conn.socket.destroy();
    const spans = await waitForServerSpans(3);
    expect(spans.map((s) => s.attributes['error.type'])).toEqual([INCOMPLETE_RESPONSE, INCOMPLETE_RESPONSE, INCOMPLETE_RESPONSE]);
  });

  it('checkContinue: one span, also when the listener re-emits request', async () => {
    const server = createServer(ok);
    server.on('checkContinue', (req, res) => {
      res.writeContinue();
      server.emit('request', req, res);
    });
    installHttpServer(server);
    const s = await listen(server);
    served.push(s);
    await fetchReply(s.port, { method: 'POST', headers: { expect: '100-continue' }, body: 'x' });
    const spans = await waitForServerSpans(1);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes['http.response.status_code']).toBe(200);
  });
});

describe('propagation', () => {
  it('a client call from the handler continues the server trace', async () => {
    const backend = await start(ok);
    const { port } = await start((_req, res) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      res.end(headers.traceparent ?? '');
    });
    const reply = await fetchReply(port);
    const [span] = await waitForServerSpans(1);
    expect(reply.body).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
    void backend;
    void ROOT_CONTEXT;
  });
});

describe('a listener that throws, the error caught by whoever emitted', () => {
  it('the error passes through unchanged; the uncaught monitor is removed when the span ends otherwise', async () => {
    const { IncomingMessage, ServerResponse } = await import('node:http');
    const { Socket } = await import('node:net');
    const server = createServer();
    const error = new RangeError('caught upstream');
    server.on('request', () => {
      throw error;
    });
    installHttpServer(server);
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/manual';
    const res = new ServerResponse(req);
    const before = process.listenerCount('uncaughtExceptionMonitor');
    let caught: unknown;
    try {
      server.emit('request', req, res);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before + 1);
    res.emit('close');
    expect(process.listenerCount('uncaughtExceptionMonitor')).toBe(before);
    const [span] = serverSpans();
    expect(span!.attributes['error.type']).toBe(INCOMPLETE_RESPONSE);
  });

  it('other events pass through with their arguments and return value', () => {
    const server = createServer();
    installHttpServer(server);
    const got: unknown[] = [];
    server.on('custom', (...args: unknown[]) => got.push(args));
    expect(server.emit('custom', 1, 'two')).toBe(true);
    expect(server.emit('nobody')).toBe(false);
    expect(got).toEqual([[1, 'two']]);
    expect(serverSpans()).toHaveLength(0);
  });
});
