// node:http / node:https client hooks against a real local server: attributes,
// propagation without touching the caller's objects, end of span, errors,
// aborts, and the behaviours Node must keep (dump, no listeners added).
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpHooks } from '../../src/runtime/hooks/http.js';
import { skipBecause } from '../helpers/skips.js';
import {
  closedPort,
  deepFreeze,
  drive,
  exporter,
  installOtel,
  startEchoServer,
  traceparentOf,
  within,
  type Echo,
  type EchoServer,
} from './harness.js';

let srv: EchoServer;
beforeAll(async () => {
  installOtel();
  srv = await startEchoServer();
});
afterAll(() => srv.close());
beforeEach(() => exporter.reset());

/** Reads a whole response body. */
function body(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (s += c));
    res.on('end', () => resolve(s));
    res.on('error', reject);
  });
}

/** Resolves with the response of `req` (attached by the test, i.e. by "user code"). */
function responseOf(req: ClientRequest): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
}

describe('http.get / http.request spans', () => {
  it('http.get(url, callback): attributes, traceparent at the server, span ends after the body', async () => {
    let echo!: Echo;
    const bodyRead = new Promise<void>((resolve) => {
      const d = drive(httpHooks, 'http.get', http.get, [
        `${srv.url}/echo?x=1`,
        (res: IncomingMessage) => body(res).then((b) => ((echo = JSON.parse(b)), resolve())),
      ]);
      void d.ended;
    });
    await within(bodyRead, 5000, 'response');
    const [span] = await within(waitSpans(1), 5000, 'span end');
    expect(span.name).toBe('GET');
    expect(span.kind).toBe(2);
    expect(span.attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': `${srv.url}/echo?x=1`,
      'url.scheme': 'http',
      'url.path': '/echo',
      'url.query': 'x=1',
      'server.address': '127.0.0.1',
      'server.port': srv.port,
      'http.response.status_code': 200,
      'network.peer.address': '127.0.0.1',
      'network.peer.port': srv.port,
      'network.protocol.version': '1.1',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(echo.headers.traceparent).toBe(traceparentOf(span));
  });

  it('http.request(url, options, cb) with POST, frozen options/headers left untouched', async () => {
    const options = deepFreeze({ method: 'post', headers: { 'content-type': 'text/plain', 'x-a': '1' } });
    const snapshot = structuredClone(options);
    let echo!: Echo;
    const done = new Promise<void>((resolve, reject) => {
      const d = drive(httpHooks, 'http.request', http.request, [
        new URL(`${srv.url}/echo`),
        options,
        (res: IncomingMessage) => body(res).then((b) => ((echo = JSON.parse(b)), resolve()), reject),
      ]);
      d.result.end('payload');
    });
    await within(done, 5000, 'response');
    const [span] = await within(waitSpans(1), 5000, 'span end');
    expect(options).toEqual(snapshot);
    expect(Object.keys(options.headers)).toEqual(['content-type', 'x-a']);
    expect(echo).toMatchObject({ method: 'POST', body: 'payload', headers: { 'x-a': '1', traceparent: traceparentOf(span) } });
    expect(span.name).toBe('POST');
    expect(span.attributes['url.full']).toBe(`${srv.url}/echo`);
  });

  it('http.request(options) with flat-array headers; (url) alone gets an inserted options object', async () => {
    // Node sends an array as is (no Host added), so the test supplies Host itself.
    const headers = deepFreeze(['Host', `127.0.0.1:${srv.port}`, 'X-Flat', 'yes']);
    const d1 = drive(httpHooks, 'http.request', http.request, [{ host: '127.0.0.1', port: srv.port, path: '/echo', headers }]);
    const res1 = responseOf(d1.result);
    d1.result.end();
    const echo1: Echo = JSON.parse(await body(await res1));
    expect(headers).toEqual(['Host', `127.0.0.1:${srv.port}`, 'X-Flat', 'yes']);
    expect(echo1.headers['x-flat']).toBe('yes');
    expect(echo1.headers.traceparent).toBe(traceparentOf(await d1.ended));

    const d2 = drive(httpHooks, 'http.get', http.get, [`${srv.url}/echo`]);
    expect(d2.call.args).toHaveLength(2);
    const echo2: Echo = JSON.parse(await body(await responseOf(d2.result)));
    expect(echo2.headers.traceparent).toBe(traceparentOf(await d2.ended));
  });

  it('never overwrites a traceparent the caller set', async () => {
    const mine = '00-11111111111111111111111111111111-2222222222222222-01';
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/echo`, { headers: { TraceParent: mine, tracestate: 'k=v' } }]);
    const echo: Echo = JSON.parse(await body(await responseOf(d.result)));
    expect(echo.headers.traceparent).toBe(mine);
    expect(echo.headers.tracestate).toBe('k=v');
  });

  it('unknown method: span HTTP, _OTHER + original', async () => {
    const d = drive(httpHooks, 'http.request', http.request, [`${srv.url}/echo`, { method: 'propfind' }]);
    const res = responseOf(d.result);
    d.result.end();
    expect(JSON.parse(await body(await res)).method).toBe('PROPFIND');
    const span = await d.ended;
    expect(span.name).toBe('HTTP');
    expect(span.attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' });
  });

  it('credentials in the URL are redacted in url.full', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`http://user:secret@127.0.0.1:${srv.port}/echo?sig=abc`]);
    const echo: Echo = JSON.parse(await body(await responseOf(d.result)));
    expect(echo.headers.authorization).toMatch(/^Basic /); // Node still sends them
    const span = await d.ended;
    expect(span.attributes['url.full']).toBe(`http://REDACTED:REDACTED@127.0.0.1:${srv.port}/echo?sig=REDACTED`);
  });

  it('status >= 400: error.type is the code, status ERROR', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/status/404`]);
    await body(await responseOf(d.result));
    const span = await d.ended;
    expect(span.attributes).toMatchObject({ 'http.response.status_code': 404, 'error.type': '404' });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toHaveLength(0);
  });

  it('connection refused: error.type = class name, exception recorded, status ERROR, ended once', async () => {
    const port = await closedPort();
    const d = drive(httpHooks, 'http.get', http.get, [`http://127.0.0.1:${port}/`]);
    const err = await responseOf(d.result).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toBe('ECONNREFUSED');
    const span = await d.ended;
    expect(span.attributes['error.type']).toBe('Error');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    await new Promise((r) => setTimeout(r, 50));
    expect(d.endCalls()).toBe(1);
  });

  it('the server closing without a response is an error, not an abort', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/reset`]);
    await responseOf(d.result).catch(() => undefined);
    const span = await d.ended;
    expect(span.attributes['error.type']).toBe('Error');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a response cut off by the server is an error', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/partial?kill`, (res: IncomingMessage) => res.resume()]);
    d.result.on('error', () => {});
    const span = await within(d.ended, 5000, 'span end');
    expect(span.attributes['http.response.status_code']).toBe(200);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('Error');
  });

  it.each([
    ['destroy() before connecting', (req: ClientRequest) => req.destroy()],
    ['destroy() while waiting', (req: ClientRequest) => setTimeout(() => req.destroy(), 30)],
    ['abort()', (req: ClientRequest) => setTimeout(() => req.abort(), 30)],
  ])('abort is not an error: %s', async (_label, cancel) => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/slow`]);
    d.result.on('error', () => {});
    cancel(d.result);
    const span = await within(d.ended, 5000, 'span end');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).not.toHaveProperty('error.type');
    expect(span.events).toHaveLength(0);
  });

  it('abort is not an error: AbortSignal, and destroy() during the body', async () => {
    const ac = new AbortController();
    const d1 = drive(httpHooks, 'http.get', http.get, [`${srv.url}/slow`, { signal: ac.signal }]);
    const failure = responseOf(d1.result).catch((e: Error) => e);
    setTimeout(() => ac.abort(), 30);
    expect(((await failure) as Error).name).toBe('AbortError');
    const s1 = await d1.ended;
    expect(s1.status.code).toBe(SpanStatusCode.UNSET);
    expect(s1.attributes).not.toHaveProperty('error.type');

    const d2 = drive(httpHooks, 'http.get', http.get, [
      `${srv.url}/partial`,
      (res: IncomingMessage) => {
        res.resume();
        setTimeout(() => d2.result.destroy(), 30);
      },
    ]);
    const s2 = await within(d2.ended, 5000, 'span end');
    expect(s2.attributes['http.response.status_code']).toBe(200);
    expect(s2.status.code).toBe(SpanStatusCode.UNSET);
    expect(s2.attributes).not.toHaveProperty('error.type');
  });

  it('destroy(err) is an error with that error', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/slow`]);
    d.result.on('error', () => {});
    setTimeout(() => d.result.destroy(new RangeError('gave up')), 30);
    const span = await d.ended;
    expect(span.attributes['error.type']).toBe('RangeError');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'gave up' });
  });

  it('a hostile error (throwing getters) still reaches the user and the span still ends', async () => {
    // a getter only the hooks read (Node itself formats `stack`, hence `name`/`message`)
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'code', { get: () => { throw new Error('getter'); } });
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/slow`]);
    const seen = new Promise((resolve) => d.result.on('error', resolve));
    setTimeout(() => d.result.destroy(hostile), 20);
    expect(await within(seen, 5000, "the user's error listener")).toBe(hostile);
    await within(d.ended, 5000, 'span end');
    expect(d.endCalls()).toBe(1);
  });

  it('a synchronous throw (invalid URL) is an error and the span ends', () => {
    let d: ReturnType<typeof drive> | undefined;
    expect(() => (d = drive(httpHooks, 'http.get', http.get, ['not a url']))).toThrow(TypeError);
    expect(d).toBeUndefined();
    const [span] = exporter.getFinishedSpans();
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('Node behaviour is unchanged', () => {
  it('adds no response/error/data listeners and does not change stream mode', async () => {
    const d = drive(httpHooks, 'http.get', http.get, [`${srv.url}/echo`]);
    const req = d.result;
    expect(req.listenerCount('response')).toBe(0);
    expect(req.listenerCount('error')).toBe(0);
    const res = await new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
    expect(req.listenerCount('response')).toBe(1); // only ours, the test's
    expect(res.listenerCount('data')).toBe(0);
    expect(res.readableFlowing).toBe(null);
    res.resume();
    await d.ended;
  });

  it('an unconsumed response is still dumped: the keep-alive socket is freed for the next request', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const d1 = drive(httpHooks, 'http.get', http.get, [`${srv.url}/echo`, { agent }]); // nobody listens for 'response'
      const span1 = await within(d1.ended, 5000, 'first span end (response dumped)');
      expect(span1.attributes['http.response.status_code']).toBe(200);
      const second = new Promise<number>((resolve, reject) => {
        http.get(`${srv.url}/echo`, { agent }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
      });
      expect(await within(second, 3000, 'second request on the same socket')).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('a consumed response ends the span only after its last chunk', async () => {
    let endedAtFirstChunk: boolean | undefined;
    let ended = false;
    const d = drive(httpHooks, 'http.get', http.get, [
      `${srv.url}/drip`,
      (res: IncomingMessage) => {
        res.once('data', () => (endedAtFirstChunk = ended));
        res.resume();
      },
    ]);
    const span = await d.ended.then((s) => ((ended = true), s));
    expect(endedAtFirstChunk).toBe(false);
    const durationMs = span.duration[0] * 1e3 + span.duration[1] / 1e6;
    expect(durationMs).toBeGreaterThanOrEqual(140);
    expect(d.endCalls()).toBe(1);
  });
});

describe('without the diagnostics channel', () => {
  it("the request's 'close' picks up req.res; the span ends with the response", async () => {
    // A stand-in request the channel never reports: only 'close' and req.res are seen.
    const req = Object.assign(new EventEmitter(), { res: undefined as unknown });
    const d = drive(httpHooks, 'http.get', () => req, ['http://h.example/']);
    const res = Object.assign(new EventEmitter(), { statusCode: 201, complete: false, readableEnded: false, httpVersion: '1.1' });
    req.res = res;
    req.emit('close');
    await new Promise((r) => setTimeout(r, 10));
    expect(d.endCalls()).toBe(0); // still streaming
    res.complete = true;
    res.emit('end');
    const span = await d.ended;
    expect(span.attributes).toMatchObject({ 'http.response.status_code': 201, 'network.protocol.version': '1.1' });
    expect(d.endCalls()).toBe(1);
  });
});

const NO_TLS = 'https over TLS: no `openssl` command to make a test certificate';

describe('https over TLS', () => {
  let tls: EchoServer | undefined;
  let cert = '';
  const dir = mkdtempSync(join(tmpdir(), 'tw-tls-'));
  beforeAll(async () => {
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
        '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
      ], { stdio: 'ignore' });
    } catch {
      skipBecause(NO_TLS); // the attribute unit tests still cover https
      return;
    }
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    tls = await startEchoServer((h) => https.createServer({ key, cert }, h));
  });
  afterAll(async () => {
    await tls?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('https.get: scheme from the rule, traceparent over TLS', async (ctx) => {
    if (!tls) return ctx.skip(NO_TLS);
    const d = drive(httpHooks, 'https.get', https.get, [`https://127.0.0.1:${tls.port}/echo`, { ca: cert }]);
    const echo: Echo = JSON.parse(await body(await responseOf(d.result)));
    const span = await d.ended;
    expect(span.attributes).toMatchObject({
      'url.full': `https://127.0.0.1:${tls.port}/echo`,
      'url.scheme': 'https',
      'server.port': tls.port,
      'http.response.status_code': 200,
    });
    expect(echo.headers.traceparent).toBe(traceparentOf(span));
  });

  it('https.request(options) without a protocol is https', async (ctx) => {
    if (!tls) return ctx.skip(NO_TLS);
    const d = drive(httpHooks, 'https.request', https.request, [{ host: '127.0.0.1', port: tls.port, path: '/status/500', ca: cert }]);
    const res = responseOf(d.result);
    d.result.end();
    await body(await res);
    const span = await d.ended;
    expect(span.attributes).toMatchObject({ 'url.full': `https://127.0.0.1:${tls.port}/status/500`, 'error.type': '500' });
  });
});

/** Waits until `n` spans were exported. */
async function waitSpans(n: number): Promise<ReadableSpan[]> {
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (spans.length >= n) return spans;
    await new Promise((r) => setTimeout(r, 5));
  }
}
