/**
 * The attributes of a SERVER span known when the request arrives, from Node's
 * `IncomingMessage` and its socket, as the stable HTTP semantic conventions
 * name them: `http.request.method` (+ `http.request.method_original`),
 * `url.path`, `url.query` (signature-like values redacted), `url.scheme`,
 * `server.address` / `server.port`, `client.address`, `network.peer.address` /
 * `network.peer.port`, `network.protocol.version`, `user_agent.original`.
 * Everything is read defensively: a hostile or half-built request yields fewer
 * attributes, never an exception.
 */
import type { Attributes } from '@opentelemetry/api';
import { redactQuery } from '../hooks/redactUrl.js';

/** Methods the conventions know (RFC 9110 + PATCH); anything else is `_OTHER`. Case-sensitive. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

/** The slice of `IncomingMessage` read here. */
export interface RequestLike {
  method?: unknown;
  url?: unknown;
  httpVersion?: unknown;
  headers?: unknown;
  socket?: unknown;
}

/** What the span starts with. */
export interface RequestStart {
  /** `GET`, or `HTTP` for a method the conventions do not know: the span name before a route is known. */
  name: string;
  attributes: Attributes;
}

/** The path and query of a request target (`/a?b`, an absolute-form `http://h/a?b`, or `*`). */
export function splitTarget(url: unknown): { path: string; query: string } {
  let target = typeof url === 'string' ? url : '/';
  if (!target.startsWith('/') && /^[a-zA-Z][a-zA-Z\d+.-]*:\/\//.test(target)) {
    // absolute-form (a request through a proxy): the path starts after the authority
    const slash = target.indexOf('/', target.indexOf('//') + 2);
    const q0 = target.indexOf('?');
    target = slash < 0 || (q0 >= 0 && q0 < slash) ? `/${q0 < 0 ? '' : target.slice(q0)}` : target.slice(slash);
  }
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

/** @internal A header's single value (the first of a repeated one). */
function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** `host:port`, `[v6]:port`, `host` → its parts (port `undefined` when absent or not a number). */
export function splitHostPort(hostPort: string): { host: string; port: number | undefined } {
  let host = hostPort.trim();
  let port: number | undefined;
  const close = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.lastIndexOf(':');
  if (colon > close && (close >= 0 || host.indexOf(':') === colon)) {
    const digits = host.slice(colon + 1);
    if (/^\d{1,5}$/.test(digits)) port = Number(digits);
    host = host.slice(0, colon);
  }
  if (close >= 0) host = host.slice(1, host.indexOf(']'));
  return { host, port };
}

/**
 * The original client's address: the first `for=` of `Forwarded`, else the
 * first hop of `X-Forwarded-For`; `undefined` when neither names one.
 */
export function forwardedClient(headers: unknown): string | undefined {
  const forwarded = header(headers, 'forwarded');
  if (forwarded !== undefined) {
    const match = /(?:^|[;,\s])for=("[^"]*"|[^;,\s]*)/i.exec(forwarded);
    if (match !== null) {
      const value = (match[1] as string).replace(/^"|"$/g, '');
      if (value !== '' && !value.startsWith('_') && value.toLowerCase() !== 'unknown') return splitHostPort(value).host;
    }
  }
  const xff = header(headers, 'x-forwarded-for');
  if (xff !== undefined) {
    const first = xff.split(',')[0]?.trim();
    if (first) return first;
  }
  return undefined;
}

/** @internal Where the request came in: the socket's fields read without trusting them. */
interface SocketLike {
  encrypted?: unknown;
  remoteAddress?: unknown;
  remotePort?: unknown;
  localAddress?: unknown;
  localPort?: unknown;
}

/** @internal `::ffff:127.0.0.1` stays as Node reports it: the conventions take the socket's address as is. */
function socketOf(req: RequestLike): SocketLike {
  const socket = req.socket;
  return typeof socket === 'object' && socket !== null ? (socket as SocketLike) : {};
}

/** The span name and start attributes of a request. Never throws. */
export function requestStart(req: RequestLike): RequestStart {
  const attributes: Attributes = {};
  let name = 'HTTP';
  try {
    const method = typeof req.method === 'string' ? req.method : 'GET';
    const known = KNOWN_METHODS.has(method);
    attributes['http.request.method'] = known ? method : '_OTHER';
    if (!known) attributes['http.request.method_original'] = method;
    name = known ? method : 'HTTP';

    const socket = socketOf(req);
    const scheme = socket.encrypted === true ? 'https' : 'http';
    const { path, query } = splitTarget(req.url);
    attributes['url.path'] = path;
    if (query !== '') attributes['url.query'] = redactQuery(query);
    attributes['url.scheme'] = scheme;

    const headers = req.headers;
    const host = header(headers, 'host');
    if (host !== undefined && host !== '') {
      const parts = splitHostPort(host);
      attributes['server.address'] = parts.host;
      attributes['server.port'] = parts.port ?? (scheme === 'https' ? 443 : 80);
    } else {
      if (typeof socket.localAddress === 'string') attributes['server.address'] = socket.localAddress;
      if (typeof socket.localPort === 'number') attributes['server.port'] = socket.localPort;
    }

    const peer = typeof socket.remoteAddress === 'string' ? socket.remoteAddress : undefined;
    const client = forwardedClient(headers) ?? peer;
    if (client !== undefined) attributes['client.address'] = client;
    if (peer !== undefined) attributes['network.peer.address'] = peer;
    if (typeof socket.remotePort === 'number') attributes['network.peer.port'] = socket.remotePort;
    if (typeof req.httpVersion === 'string' && req.httpVersion !== '') {
      attributes['network.protocol.version'] = req.httpVersion === '2.0' ? '2' : req.httpVersion;
    }
    const userAgent = header(headers, 'user-agent');
    if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  } catch {
    // a getter threw: keep what was read
  }
  return { name, attributes };
}
