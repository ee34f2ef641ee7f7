/**
 * Request attributes at the edges: the pure readers (target, Host, forwarded
 * client), and real requests over TLS, HTTP/1.0 without a Host header, an
 * absolute-form target and `OPTIONS *`; a server wrapped by another runtime
 * copy is not wrapped twice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installHttpServer } from '../../src/runtime/server/httpServer.js';
import { forwardedClient, splitHostPort, splitTarget } from '../../src/runtime/server/requestAttributes.js';
import { resetSpans, setupOtel, startedSpanCount } from '../helpers/otel.js';
import { listen, rawConnection, serve, waitForServerSpans, type Served } from './serverHarness.js';

beforeAll(() => {
  setupOtel();
});
let served: Served[] = [];
afterEach(async () => {
  await Promise.all(served.map((s) => s.close()));
  served = [];
  resetSpans();
});
const ok = (_req: IncomingMessage, res: ServerResponse) => res.end('ok');

describe('readers', () => {
  it.each([
    ['/a/b?x=1&y', { path: '/a/b', query: 'x=1&y' }],
    ['/a?', { path: '/a', query: '' }],
    ['*', { path: '*', query: '' }],
    ['http://proxy.example/a/b?q=1', { path: '/a/b', query: 'q=1' }],
    ['http://proxy.example?q=1', { path: '/', query: 'q=1' }],
    ['http://proxy.example', { path: '/', query: '' }],
    [undefined, { path: '/', query: '' }],
  ])('splitTarget(%j)', (url, expected) => {
    expect(splitTarget(url)).toEqual(expected);
  });

  it.each([
    ['example.com', { host: 'example.com', port: undefined }],
    ['example.com:8080', { host: 'example.com', port: 8080 }],
    ['[2001:db8::1]:443', { host: '2001:db8::1', port: 443 }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: undefined }],
    ['example.com:abc', { host: 'example.com', port: undefined }],
  ])('splitHostPort(%j)', (value, expected) => {
    expect(splitHostPort(value)).toEqual(expected);
  });

  it.each([
    [{ forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43' }, '192.0.2.60'],
    [{ forwarded: 'For="[2001:db8:cafe::17]:4711", for=198.51.100.17' }, '2001:db8:cafe::17'],
    [{ forwarded: 'for=unknown', 'x-forwarded-for': '198.51.100.2' }, '198.51.100.2'],
    [{ forwarded: 'for=_hidden' }, undefined],
    [{ 'x-forwarded-for': ' 203.0.113.195 , 70.41.3.18' }, '203.0.113.195'],
    [{}, undefined],
  ])('forwardedClient(%j)', (headers, expected) => {
    expect(forwardedClient(headers)).toBe(expected);
  });
});

describe('requests at the edges', () => {
  it('HTTP/1.0 without Host: server.address/port from the socket', async () => {
    const s = await serve(ok);
    served.push(s);
    const conn = await rawConnection(s.port);
    conn.write('GET /old HTTP/1.0\r\n\r\n');
    const [span] = await waitForServerSpans(1);
    expect(span!.attributes).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': s.port, 'network.protocol.version': '1.0', 'url.path': '/old' });
    conn.socket.destroy();
  });

  it('absolute-form target and OPTIONS *', async () => {
    const s = await serve(ok);
    served.push(s);
    const conn = await rawConnection(s.port);
    conn.write('GET http://elsewhere.example/p?q=1 HTTP/1.1\r\nHost: elsewhere.example\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const spans = await waitForServerSpans(2);
    expect(spans.map((x) => [x.name, x.attributes['url.path'], x.attributes['url.query'], x.attributes['server.address']])).toEqual([
      ['GET', '/p', 'q=1', 'elsewhere.example'],
      ['OPTIONS', '*', undefined, '127.0.0.1'],
    ]);
    conn.socket.destroy();
  });

  it('a server another runtime copy wrapped is not wrapped again (one span)', async () => {
    const server = createServer(ok);
    installHttpServer(server);
    // What a second copy sees: the emit it finds is already a tracewright wrapper.
    vi.resetModules();
    const copy = await import('../../src/runtime/server/httpServer.js');
    expect(copy.installHttpServer).not.toBe(installHttpServer);
    const wrapped = server.emit;
    copy.installHttpServer(server);
    expect(server.emit).toBe(wrapped);
    const s = await listen(server);
    served.push(s);
    const conn = await rawConnection(s.port);
    conn.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await waitForServerSpans(1);
    expect(startedSpanCount()).toBe(1);
    conn.socket.destroy();
  });
});

describe('https', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-server-tls-'));
  let key = '';
  let cert = '';
  beforeAll(() => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('url.scheme https, default port 443 when Host names none', async () => {
    const server = createHttpsServer({ key, cert }, ok);
    installHttpServer(server);
    const s = await listen(server as never);
    served.push(s);
    for (const host of [`127.0.0.1:${s.port}`, 'secure.example']) {
      await new Promise<void>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port: s.port, path: '/tls', ca: cert, headers: { host }, servername: 'localhost', agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end();
      });
    }
    const spans = await waitForServerSpans(2);
    expect(spans.map((x) => [x.attributes['url.scheme'], x.attributes['server.address'], x.attributes['server.port'], x.attributes['http.response.status_code']])).toEqual([
      ['https', '127.0.0.1', s.port],
      ['https', 'secure.example', 443],
    ].map((row) => [...row, 200]));
  });
});

