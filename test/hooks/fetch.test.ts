// fetch (global and undici.fetch) and undici.request hooks against a real local
// server: attributes, propagation without touching the caller's objects
// (Request inputs keep method, body and headers), status/error/abort handling.
import { SpanStatusCode } from '@opentelemetry/api';
import * as undici from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchHooks, undiciRequestHooks } from '../../src/runtime/hooks/fetch.js';
import {
  closedPort,
  deepFreeze,
  drive,
  exporter,
  installOtel,
  startEchoServer,
  traceparentOf,
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

type FetchFn = (input: any, init?: any) => Promise<Response>;
const fetchers: [string, FetchFn][] = [
  ['fetch', globalThis.fetch],
  ['undici.fetch', undici.fetch as unknown as FetchFn],
];

describe.each(fetchers)('%s', (rule, fetchFn) => {
  const run = (...args: unknown[]) => drive(fetchHooks, rule, fetchFn, args);

  it('GET string URL: attributes, traceparent at the server, status 200', async () => {
    const d = run(`${srv.url}/echo?a=1&sig=secret`);
    const res = await d.result;
    const echo: Echo = await res.json();
    const span = await d.ended;
    expect(span.name).toBe('GET');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `${srv.url}/echo?a=1&sig=REDACTED`,
      'url.scheme': 'http',
      'url.path': '/echo',
      'url.query': 'a=1&sig=REDACTED',
      'server.address': '127.0.0.1',
      'server.port': srv.port,
      'http.response.status_code': 200,
      'network.peer.address': '127.0.0.1',
      'network.peer.port': srv.port,
    });
    expect(span.attributes['user_agent.original']).toEqual(expect.any(String));
    expect(span.attributes['http.response.header.content-length']).toEqual([String(JSON.stringify(echo).length)]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(echo.url).toBe('/echo?a=1&sig=secret'); // only the attribute is redacted
    expect(echo.headers.traceparent).toBe(traceparentOf(span));
  });

  it('POST with a URL object and a frozen init: body and headers arrive, init untouched', async () => {
    const init = deepFreeze({ method: 'post', body: 'payload', headers: { 'x-a': '1', 'content-type': 'text/plain' } });
    const snapshot = structuredClone(init);
    const d = run(new URL(`${srv.url}/echo`), init);
    const echo: Echo = await (await d.result).json();
    const span = await d.ended;
    expect(init).toEqual(snapshot);
    expect(echo).toMatchObject({ method: 'POST', body: 'payload', headers: { 'x-a': '1', traceparent: traceparentOf(span) } });
    expect(span.name).toBe('POST');
  });

  it('headers as Headers / array of pairs are copied, not changed', async () => {
    const h = new Headers({ 'x-h': 'headers' });
    const d1 = run(`${srv.url}/echo`, { headers: h });
    const e1: Echo = await (await d1.result).json();
    expect(entries(h)).toEqual([['x-h', 'headers']]);
    expect(e1.headers).toMatchObject({ 'x-h': 'headers', traceparent: traceparentOf(await d1.ended) });

    const pairs = deepFreeze([['x-p', 'pairs']]);
    const d2 = run(`${srv.url}/echo`, { headers: pairs });
    const e2: Echo = await (await d2.result).json();
    expect(pairs).toEqual([['x-p', 'pairs']]);
    expect(e2.headers).toMatchObject({ 'x-p': 'pairs', traceparent: traceparentOf(await d2.ended) });
  });

  it('a Request input keeps its method, body and headers; the Request is not changed', async () => {
    const RequestClass = rule === 'fetch' ? Request : (undici.Request as unknown as typeof Request);
    const request = new RequestClass(`${srv.url}/echo`, { method: 'PUT', body: 'from-request', headers: { 'x-r': 'req' } });
    const d = run(request);
    const echo: Echo = await (await d.result).json();
    const span = await d.ended;
    expect(echo).toMatchObject({ method: 'PUT', body: 'from-request', headers: { 'x-r': 'req', traceparent: traceparentOf(span) } });
    expect(request.headers.has('traceparent')).toBe(false);
    expect(span.name).toBe('PUT');
  });

  it('Request + init.headers: the init headers replace the Request headers, as fetch does', async () => {
    const RequestClass = rule === 'fetch' ? Request : (undici.Request as unknown as typeof Request);
    const request = new RequestClass(`${srv.url}/echo`, { headers: { 'x-r': 'req' } });
    const d = run(request, { headers: { 'x-i': 'init' } });
    const echo: Echo = await (await d.result).json();
    expect(echo.headers).toMatchObject({ 'x-i': 'init', traceparent: traceparentOf(await d.ended) });
    expect(echo.headers).not.toHaveProperty('x-r');
  });

  it('never overwrites a traceparent the caller set', async () => {
    const mine = '00-11111111111111111111111111111111-2222222222222222-01';
    const d = run(`${srv.url}/echo`, { headers: { traceparent: mine } });
    const echo: Echo = await (await d.result).json();
    expect(echo.headers.traceparent).toBe(mine);
  });

  it('unknown method: HTTP, _OTHER + original', async () => {
    const d = run(`${srv.url}/echo`, { method: 'PROPFIND' });
    expect(((await (await d.result).json()) as Echo).method).toBe('PROPFIND');
    const span = await d.ended;
    expect(span.name).toBe('HTTP');
    expect(span.attributes).toMatchObject({ 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' });
  });

  it('status >= 400: error.type is the code, status ERROR; the response still resolves', async () => {
    const d = run(`${srv.url}/status/503`);
    expect((await d.result).status).toBe(503);
    const span = await d.ended;
    expect(span.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': '503' });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('connection refused: TypeError, error.type, exception, status ERROR', async () => {
    const port = await closedPort();
    const d = run(`http://127.0.0.1:${port}/`);
    await expect(d.result).rejects.toThrow(TypeError);
    const span = await d.ended;
    expect(span.attributes['error.type']).toBe('TypeError');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('abort is not an error (AbortError, or abort(reason)); a timeout is', async () => {
    const ac = new AbortController();
    const d1 = run(`${srv.url}/slow`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(d1.result).rejects.toMatchObject({ name: 'AbortError' });
    const s1 = await d1.ended;
    expect(s1.status.code).toBe(SpanStatusCode.UNSET);
    expect(s1.attributes).not.toHaveProperty('error.type');
    expect(s1.events).toHaveLength(0);

    const ac2 = new AbortController();
    const reason = new Error('user cancelled');
    const d2 = run(`${srv.url}/slow`, { signal: ac2.signal });
    setTimeout(() => ac2.abort(reason), 20);
    await expect(d2.result).rejects.toBe(reason);
    expect((await d2.ended).status.code).toBe(SpanStatusCode.UNSET);

    const d3 = run(`${srv.url}/slow`, { signal: AbortSignal.timeout(20) });
    await expect(d3.result).rejects.toMatchObject({ name: 'TimeoutError' });
    const s3 = await d3.ended;
    expect(s3.attributes['error.type']).toBe('TimeoutError');
    expect(s3.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('undici.request', () => {
  const run = (...args: unknown[]) =>
    drive<Promise<undici.Dispatcher.ResponseData>>(undiciRequestHooks, 'undici.request', undici.request as any, args);

  it('GET: attributes, traceparent, network peer', async () => {
    const d = run(`${srv.url}/echo?X-Goog-Signature=s`);
    const { statusCode, body } = await d.result;
    const echo = (await body.json()) as Echo;
    const span = await d.ended;
    expect(statusCode).toBe(200);
    expect(span.name).toBe('GET');
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.full': `${srv.url}/echo?X-Goog-Signature=REDACTED`,
      'server.address': '127.0.0.1',
      'server.port': srv.port,
      'http.response.status_code': 200,
      'network.peer.address': '127.0.0.1',
      'network.peer.port': srv.port,
    });
    expect(echo.headers.traceparent).toBe(traceparentOf(span));
  });

  it('POST with frozen options and flat-array headers, untouched', async () => {
    const opts = deepFreeze({ method: 'POST', body: 'b', headers: ['x-flat', 'yes', 'user-agent', 'me/1'] });
    const snapshot = structuredClone(opts);
    const d = run(new URL(`${srv.url}/echo`), opts);
    const echo = (await (await d.result).body.json()) as Echo;
    const span = await d.ended;
    expect(opts).toEqual(snapshot);
    expect(echo).toMatchObject({ method: 'POST', body: 'b', headers: { 'x-flat': 'yes', traceparent: traceparentOf(span) } });
    expect(span.attributes['user_agent.original']).toBe('me/1');
  });

  it('an object url without options keeps its own fields', async () => {
    const target = deepFreeze({ origin: srv.url, path: '/echo', method: 'DELETE', headers: { 'x-o': 'obj' } });
    const d = run(target);
    const echo = (await (await d.result).body.json()) as Echo;
    expect(echo).toMatchObject({ method: 'DELETE', headers: { 'x-o': 'obj', traceparent: traceparentOf(await d.ended) } });
  });

  it('status >= 400, refused, abort', async () => {
    const d1 = run(`${srv.url}/status/500`);
    await (await d1.result).body.dump();
    expect((await d1.ended).attributes).toMatchObject({ 'http.response.status_code': 500, 'error.type': '500' });

    const port = await closedPort();
    const d2 = run(`http://127.0.0.1:${port}/`);
    await expect(d2.result).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const s2 = await d2.ended;
    expect(s2.attributes['error.type']).toBe('Error');
    expect(s2.status.code).toBe(SpanStatusCode.ERROR);

    const ac = new AbortController();
    const d3 = run(`${srv.url}/slow`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await expect(d3.result).rejects.toBeTruthy();
    const s3 = await d3.ended;
    expect(s3.status.code).toBe(SpanStatusCode.UNSET);
    expect(s3.attributes).not.toHaveProperty('error.type');
  });
});

/** A Headers' entries (the DOM lib here has no DOM.Iterable). */
function entries(h: Headers): [string, string][] {
  const out: [string, string][] = [];
  h.forEach((v, k) => out.push([k, v]));
  return out;
}
