/**
 * HTTP client attributes shared by the `http`, `fetch` and `undici.request`
 * hooks, following the stable HTTP semantic conventions (client spans).
 *
 * `error.type` choice: for a failed request it is the error's class name as
 * JavaScript reports it (`err.name`: `TypeError`, `AbortError`, `Error`,
 * undici's `ConnectTimeoutError`, ...), falling back to the constructor name
 * and then `_OTHER`. This is what `@opentelemetry/instrumentation-http` sets
 * in its stable mode (`error.name`), so spans from both agree; the Node system
 * error code (`ECONNREFUSED`) is not used, it stays available on the recorded
 * exception event. For a response with status >= 400 it is the status code as
 * a string (`"404"`), as the conventions require.
 */
import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import type { CallStart } from './types.js';
import { redactQuery, redactUrl } from './redactUrl.js';

/** Methods the conventions know (RFC 9110 + PATCH); anything else is `_OTHER`. Case-sensitive. */
const KNOWN_METHODS = new Set(['CONNECT', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE']);

/**
 * Sets `http.request.method` (and `http.request.method_original` when it
 * differs) from the method as it goes on the wire, and names the span after
 * it (`HTTP` for an unknown method).
 */
export function setMethod(call: CallStart, method: string): void {
  const known = KNOWN_METHODS.has(method);
  call.attributes['http.request.method'] = known ? method : '_OTHER';
  if (!known) call.attributes['http.request.method_original'] = method;
  call.name = known ? method : 'HTTP';
}

/** The pieces of a request URL the attributes are built from. */
export interface UrlParts {
  /** `http`, `https`, ... (no colon) */
  scheme: string;
  /** host name or IP address, IPv6 without brackets */
  host: string;
  /** explicit port, if any */
  port?: number;
  /** path, starting with `/` */
  path: string;
  /** query without the `?`; empty when none */
  query: string;
  /** the full URL before redaction */
  full: string;
}

/** {@link UrlParts} of a WHATWG `URL` (or anything shaped like one). */
export function urlParts(url: URL): UrlParts {
  const host = url.hostname;
  return {
    scheme: url.protocol.slice(0, -1),
    host: host.startsWith('[') ? host.slice(1, -1) : host,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname,
    query: url.search.slice(1),
    full: url.href,
  };
}

/** Default port of a scheme, for `server.port` when none is explicit. */
export function defaultPort(scheme: string): number | undefined {
  return scheme === 'https' || scheme === 'wss' ? 443 : scheme === 'http' || scheme === 'ws' ? 80 : undefined;
}

/**
 * Sets `url.full` (redacted), `url.scheme`, `url.path`, `url.query` (redacted,
 * only when present), `server.address` and `server.port` (explicit or the
 * scheme's default).
 */
export function setUrl(attributes: Attributes, url: UrlParts): void {
  attributes['url.full'] = redactUrl(url.full);
  attributes['url.scheme'] = url.scheme;
  attributes['url.path'] = url.path;
  if (url.query !== '') attributes['url.query'] = redactQuery(url.query);
  attributes['server.address'] = url.host;
  const port = url.port ?? defaultPort(url.scheme);
  if (port !== undefined && Number.isFinite(port)) attributes['server.port'] = port;
}

/**
 * Sets `http.response.status_code`; for a status >= 400 also `error.type`
 * (the code as a string) and span status ERROR.
 */
export function setResponseStatus(span: Span, status: unknown): void {
  if (typeof status !== 'number' || status <= 0) return;
  span.setAttribute('http.response.status_code', status);
  if (status >= 400) {
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** `http.response.header.content-length` (a string array, as semconv header attributes are). */
export function setContentLength(span: Span, value: unknown): void {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'string' && v !== '') span.setAttribute('http.response.header.content-length', [v]);
}

/** The `error.type` of a failure (see the module comment). */
export function errorType(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '_OTHER';
  try {
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
    const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor !== '' && ctor !== 'Object') return ctor;
  } catch {
    // a throwing getter: no class to report
  }
  return '_OTHER';
}

/** Whether `err` is a DOM-style abort (`AbortError`): a cancellation, not a failure. */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/**
 * Records a failure the hook observed itself (after it took over ending the
 * span): `error.type`, the exception event and status ERROR — what the runtime
 * does for a throw or a rejection.
 */
export function recordFailure(span: Span, err: unknown): void {
  span.setAttribute('error.type', errorType(err));
  if (err instanceof Error) span.recordException(err);
  else span.recordException(String(err));
  const message = err instanceof Error ? err.message : undefined;
  span.setStatus(message ? { code: SpanStatusCode.ERROR, message } : { code: SpanStatusCode.ERROR });
}

/** Reads a header from a plain-object, flat-array, pairs or `Headers`-like value (case-insensitive). */
export function readHeader(headers: unknown, name: string): string | undefined {
  try {
    if (headers == null || typeof headers !== 'object') return undefined;
    if (typeof (headers as { get?: unknown }).get === 'function' && !(headers instanceof Map)) {
      const v = (headers as { get(n: string): unknown }).get(name);
      return typeof v === 'string' ? v : undefined;
    }
    if (Array.isArray(headers)) {
      for (let i = 0; i < headers.length; i++) {
        const h = headers[i];
        if (Array.isArray(h)) {
          if (String(h[0]).toLowerCase() === name) return String(h[1]);
        } else if (i % 2 === 0 && String(h).toLowerCase() === name) return String(headers[i + 1]);
      }
      return undefined;
    }
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        const v = (headers as Record<string, unknown>)[key];
        return Array.isArray(v) ? v.join(', ') : v == null ? undefined : String(v);
      }
    }
  } catch {
    // a hostile headers object: no attribute
  }
  return undefined;
}
