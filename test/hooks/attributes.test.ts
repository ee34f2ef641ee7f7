// Unit tests (no network): URL redaction, method normalisation, server
// address/port defaults per rule and options, header injection formats.
import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Agent as HttpsAgent } from 'node:https';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchHooks, undiciRequestHooks } from '../../src/runtime/hooks/fetch.js';
import { httpHooks } from '../../src/runtime/hooks/http.js';
import { errorType } from '../../src/runtime/hooks/httpAttributes.js';
import { withPropagation } from '../../src/runtime/hooks/propagationHeaders.js';
import { redactQuery, redactUrl } from '../../src/runtime/hooks/redactUrl.js';
import { describeCall } from './harness.js';

describe('redactUrl', () => {
  it.each([
    ['https://user:pass@h.example/p', 'https://REDACTED:REDACTED@h.example/p'],
    ['https://user@h.example/', 'https://REDACTED:REDACTED@h.example/'],
    ['http://u:p@h:8080/a@b?c=d@e', 'http://REDACTED:REDACTED@h:8080/a@b?c=d@e'],
    ['https://h/p?AWSAccessKeyId=AK&Signature=s1&x=1', 'https://h/p?AWSAccessKeyId=REDACTED&Signature=REDACTED&x=1'],
    ['https://h/p?sig=abc&X-Goog-Signature=zz#frag?sig=keep', 'https://h/p?sig=REDACTED&X-Goog-Signature=REDACTED#frag?sig=keep'],
    ['https://h/p?signature=lower&sig', 'https://h/p?signature=lower&sig'],
    ['https://h/p?X%2DGoog%2DSignature=enc', 'https://h/p?X%2DGoog%2DSignature=REDACTED'],
    ['https://h/plain', 'https://h/plain'],
    ['/relative?sig=1', '/relative?sig=REDACTED'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('redacts a bare query', () => {
    expect(redactQuery('a=1&sig=2')).toBe('a=1&sig=REDACTED');
    expect(redactQuery('')).toBe('');
  });
});

describe('errorType', () => {
  it('is the class name, then the constructor name, then _OTHER', () => {
    expect(errorType(new TypeError('x'))).toBe('TypeError');
    expect(errorType(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('Error');
    expect(errorType(new DOMException('x', 'AbortError'))).toBe('AbortError');
    class Custom {}
    expect(errorType(new Custom())).toBe('Custom');
    expect(errorType('boom')).toBe('_OTHER');
    expect(errorType({ message: 'plain' })).toBe('_OTHER');
    expect(errorType({ get name() { throw new Error('getter'); } })).toBe('_OTHER');
    expect(errorType(undefined)).toBe('_OTHER');
  });
});

describe('http attributes (onStart)', () => {
  const d = (rule: string, ...args: unknown[]) => describeCall(httpHooks, rule, args);

  it('defaults: scheme from the rule, port from the scheme', () => {
    expect(d('http.get', 'http://example.com/x?y=1')).toEqual({
      name: 'GET',
      attributes: {
        'http.request.method': 'GET',
        'url.full': 'http://example.com/x?y=1',
        'url.scheme': 'http',
        'url.path': '/x',
        'url.query': 'y=1',
        'server.address': 'example.com',
        'server.port': 80,
      },
    });
    expect(d('https.request', { host: 'example.com', path: '/a' }).attributes).toMatchObject({
      'url.full': 'https://example.com/a',
      'server.port': 443,
    });
    expect(d('http.request', { hostname: 'example.com' }).attributes).toMatchObject({
      'url.full': 'http://example.com/',
      'server.port': 80,
    });
    expect(d('http.request', {}).attributes).toMatchObject({ 'url.full': 'http://localhost/', 'server.address': 'localhost' });
  });

  it('honours options.protocol, agent.protocol/defaultPort, defaultPort and explicit ports', () => {
    expect(d('http.request', { protocol: 'https:', host: 'h' }).attributes).toMatchObject({ 'url.full': 'https://h/', 'server.port': 443 });
    expect(d('http.request', { agent: new HttpsAgent(), host: 'h' }).attributes).toMatchObject({ 'url.scheme': 'https', 'server.port': 443 });
    expect(d('http.request', { agent: { protocol: 'https:', defaultPort: 8443 }, host: 'h' }).attributes).toMatchObject({
      'url.full': 'https://h:8443/',
      'server.port': 8443,
    });
    expect(d('http.request', { host: 'h', defaultPort: 8080 }).attributes).toMatchObject({ 'url.full': 'http://h:8080/', 'server.port': 8080 });
    expect(d('https.get', 'https://h:444/p').attributes).toMatchObject({ 'url.full': 'https://h:444/p', 'server.port': 444 });
    expect(d('https.get', 'https://h:443/p').attributes).toMatchObject({ 'url.full': 'https://h/p', 'server.port': 443 });
    expect(d('http.request', { host: 'h', port: '8081' }).attributes).toMatchObject({ 'server.port': 8081 });
  });

  it('merges (url, options) like Node: own options win, even when undefined', () => {
    expect(d('http.request', 'http://a.example:81/u', { hostname: 'b.example', path: '/o', method: 'post' })).toMatchObject({
      name: 'POST',
      attributes: { 'url.full': 'http://b.example:81/o', 'server.address': 'b.example', 'http.request.method': 'POST' },
    });
    expect(d('http.request', 'http://a.example:81/u', { port: undefined }).attributes).toMatchObject({ 'server.port': 80 });
    const inherited = Object.create({ hostname: 'ignored.example' });
    expect(d('http.request', inherited).attributes).toMatchObject({ 'server.address': 'localhost' });
    expect(d('http.get', new URL('http://[::1]:8080/v6')).attributes).toMatchObject({
      'url.full': 'http://[::1]:8080/v6',
      'server.address': '::1',
      'server.port': 8080,
    });
  });

  it('methods: Node upper-cases; unknown → _OTHER + original, span named HTTP', () => {
    expect(d('http.request', { method: 'delete' })).toMatchObject({ name: 'DELETE', attributes: { 'http.request.method': 'DELETE' } });
    expect(d('http.request', { method: 'delete' }).attributes).not.toHaveProperty('http.request.method_original');
    expect(d('http.request', { method: 'propfind' })).toMatchObject({
      name: 'HTTP',
      attributes: { 'http.request.method': '_OTHER', 'http.request.method_original': 'PROPFIND' },
    });
  });

  it('redacts credentials (URL or auth option) and signature parameters', () => {
    expect(d('https.get', 'https://user:pass@h/p?Signature=s&a=1').attributes).toMatchObject({
      'url.full': 'https://REDACTED:REDACTED@h/p?Signature=REDACTED&a=1',
      'url.query': 'Signature=REDACTED&a=1',
    });
    expect(d('http.request', { host: 'h', auth: 'u:p', path: '/x?sig=1' }).attributes).toMatchObject({
      'url.full': 'http://REDACTED:REDACTED@h/x?sig=REDACTED',
    });
  });

  it('absolute-form path (proxy) describes the target; socketPath is the server address', () => {
    expect(d('http.request', { host: 'proxy', port: 3128, path: 'http://target.example/x' }).attributes).toMatchObject({
      'url.full': 'http://target.example/x',
      'server.address': 'target.example',
      'server.port': 80,
    });
    const unix = d('http.request', { socketPath: '/var/run/docker.sock', path: '/v1/containers' }).attributes;
    expect(unix).toMatchObject({ 'server.address': '/var/run/docker.sock', 'url.path': '/v1/containers' });
    expect(unix).not.toHaveProperty('server.port');
  });

  it('never throws on arguments Node rejects', () => {
    expect(() => d('http.get', 'not a url')).not.toThrow();
    expect(d('http.get', 'not a url').attributes).toMatchObject({ 'http.request.method': 'GET' });
    expect(() => d('http.get', Symbol('x'))).not.toThrow();
  });

  it('reports a caller-set user agent', () => {
    expect(d('http.get', 'http://h/', { headers: { 'User-Agent': 'ua/1' } }).attributes).toMatchObject({ 'user_agent.original': 'ua/1' });
  });
});

describe('fetch / undici.request attributes (onStart)', () => {
  it('fetch normalises the six fetch methods only', () => {
    expect(describeCall(fetchHooks, 'fetch', ['http://h/', { method: 'post' }]).name).toBe('POST');
    expect(describeCall(fetchHooks, 'fetch', ['http://h/', { method: 'patch' }])).toMatchObject({
      name: 'HTTP',
      attributes: { 'http.request.method': '_OTHER', 'http.request.method_original': 'patch' },
    });
    expect(describeCall(fetchHooks, 'fetch', ['http://h/', { method: 'PATCH' }]).name).toBe('PATCH');
  });

  it('fetch URL forms and defaults', () => {
    expect(describeCall(fetchHooks, 'fetch', [new URL('https://h.example/a?sig=x#f')]).attributes).toEqual({
      'http.request.method': 'GET',
      'url.full': 'https://h.example/a?sig=REDACTED#f',
      'url.scheme': 'https',
      'url.path': '/a',
      'url.query': 'sig=REDACTED',
      'server.address': 'h.example',
      'server.port': 443,
    });
    expect(describeCall(fetchHooks, 'fetch', [new Request('http://h:81/r', { method: 'PUT', body: 'x' })])).toMatchObject({
      name: 'PUT',
      attributes: { 'url.full': 'http://h:81/r', 'server.port': 81 },
    });
    expect(describeCall(fetchHooks, 'fetch', ['/relative']).attributes).toEqual({ 'http.request.method': 'GET' });
    let called = 0;
    describeCall(fetchHooks, 'fetch', [{ toString: () => (called++, 'http://h/') }]);
    expect(called).toBe(0); // a user toString() is left to fetch itself
  });

  it('undici.request: method as sent, PUT when a body and no method, options.path', () => {
    expect(describeCall(undiciRequestHooks, 'undici.request', ['http://h/x', { method: 'get' }])).toMatchObject({
      name: 'HTTP',
      attributes: { 'http.request.method': '_OTHER', 'http.request.method_original': 'get' },
    });
    expect(describeCall(undiciRequestHooks, 'undici.request', ['http://h/x', { body: 'b' }]).name).toBe('PUT');
    expect(describeCall(undiciRequestHooks, 'undici.request', ['http://h:9/ignored', { path: 'p?q=1' }]).attributes).toMatchObject({
      'url.full': 'http://h:9/p?q=1',
      'server.port': 9,
    });
    expect(describeCall(undiciRequestHooks, 'undici.request', [{ origin: 'https://h', path: '/o', method: 'DELETE' }])).toMatchObject({
      name: 'DELETE',
      attributes: { 'url.full': 'https://h/o', 'server.port': 443 },
    });
  });
});

describe('withPropagation', () => {
  beforeAll(() => {
    propagation.disable();
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  const ctx = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
  });
  const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const fetchFormat = { arrays: 'pairs', iterables: true } as const;
  const flat = { arrays: 'flat', iterables: true } as const;
  const node = { arrays: 'flat', iterables: false } as const;

  it('copies each format and never writes to the input', () => {
    const obj = Object.freeze({ a: '1' });
    expect(withPropagation(ctx, obj, fetchFormat)).toEqual({ a: '1', traceparent: tp });
    const pairs = Object.freeze([Object.freeze(['a', '1'])]);
    expect(withPropagation(ctx, pairs, fetchFormat)).toEqual([['a', '1'], ['traceparent', tp]]);
    const flatArr = Object.freeze(['a', '1']);
    expect(withPropagation(ctx, flatArr, flat)).toEqual(['a', '1', 'traceparent', tp]);
    const headers = new Headers({ a: '1' });
    expect(withPropagation(ctx, headers, fetchFormat)).toEqual([['a', '1'], ['traceparent', tp]]);
    const seen: string[][] = [];
    headers.forEach((v, k) => seen.push([k, v]));
    expect(seen).toEqual([['a', '1']]);
    expect(withPropagation(ctx, new Map([['a', '1']]), flat)).toEqual(['a', '1', 'traceparent', tp]);
    expect(withPropagation(ctx, undefined, node)).toEqual({ traceparent: tp });
  });

  it('keeps a caller-set traceparent (any case) and its tracestate', () => {
    expect(withPropagation(ctx, { TraceParent: 'mine' }, node)).toBeUndefined();
    expect(withPropagation(ctx, ['traceparent', 'mine'], node)).toBeUndefined();
    expect(withPropagation(ctx, new Headers({ traceparent: 'mine' }), fetchFormat)).toBeUndefined();
  });

  it('adds nothing without a propagated context', () => {
    expect(withPropagation(ROOT_CONTEXT, { a: '1' }, node)).toBeUndefined();
    expect(context.active()).toBe(ROOT_CONTEXT);
    expect(SpanKind.CLIENT).toBe(2);
  });
});
