/**
 * Hooks for undici-based clients: `fetch(input, init?)` (the global one and
 * `undici.fetch`) and `undici.request(url, options?)`.
 *
 * The span ends when the returned promise settles, that is when the response
 * headers have arrived (or the request failed). Reading the body is not part
 * of the span: a stalled or failed body stream is not reported.
 *
 * No Node built-in is imported here, so the fetch hook also works in browser
 * bundles (`undiciChannels` only adds attributes where Node offers them).
 */
import { trace, type Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './types.js';
import {
  errorType,
  isAbortError,
  readHeader,
  setContentLength,
  setMethod,
  setResponseStatus,
  setUrl,
  urlParts,
} from './httpAttributes.js';
import { copyWith, withPropagation } from './propagationHeaders.js';
import { unwatchUndiciSpan, watchUndiciSpan } from './undiciChannels.js';

/** What this module reads from a `Request` (the global one or undici's: duck-typed). */
interface RequestLike {
  url: string;
  method: string;
  headers: unknown;
  signal?: unknown;
}

type Obj = Record<string, unknown>;

/** @internal */
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

/** @internal A fetch `Request`: has string `url` and `method` (a `URL` has neither `method`). */
function isRequestLike(v: unknown): v is RequestLike {
  return isObj(v) && typeof v.url === 'string' && typeof v.method === 'string';
}

/** @internal Fetch normalises these six methods to upper case; any other is sent as written. */
const FETCH_NORMALISED = /^(?:delete|get|head|options|post|put)$/i;

/** @internal The URL string fetch will request, without calling a user `toString()`. */
function fetchHref(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (isRequestLike(input)) return input.url;
  if (isObj(input) && typeof input.href === 'string') return input.href; // URL (any realm)
  return undefined;
}

/** @internal Sets the URL attributes from an absolute URL string; a relative or invalid one sets none. */
function setUrlFrom(call: CallStart, href: string | undefined): void {
  if (href === undefined) return;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  setUrl(call.attributes, urlParts(url));
}

/**
 * Whether a rejection is a cancellation by the caller: an `AbortError`, or
 * the reason the caller passed to `abort(reason)`. A `TimeoutError` (from
 * `AbortSignal.timeout()`) is a failure, not a cancellation.
 */
function isCancel(err: unknown, signal: unknown): boolean {
  if (isAbortError(err)) return true;
  if (!isObj(signal) || signal.aborted !== true || signal.reason !== err) return false;
  return !(isObj(err) && err.name === 'TimeoutError');
}

/** @internal The call settled: later undici requests in its context are not ours. */
function settle(span: Span): void {
  unwatchUndiciSpan(span);
}

/**
 * `fetch(input, init?)`: span named after the method, HTTP client attributes,
 * `traceparent` in a copy of the headers (a `Request` input keeps its method,
 * body and headers: the copy is passed as a new `init`).
 */
export const fetchHooks: Hooks = {
  onStart(call) {
    const [input, init] = call.args;
    const request = isRequestLike(input) ? input : undefined;
    const initMethod = isObj(init) ? init.method : undefined;
    const raw = initMethod !== undefined ? String(initMethod) : (request?.method ?? 'GET');
    setMethod(call, FETCH_NORMALISED.test(raw) ? raw.toUpperCase() : raw);
    setUrlFrom(call, fetchHref(input));
    const initHeaders = isObj(init) ? init.headers : undefined;
    const ua = readHeader(initHeaders !== undefined ? initHeaders : request?.headers, 'user-agent');
    if (ua !== undefined) call.attributes['user_agent.original'] = ua;
  },

  onInject(call, ctx) {
    watchUndiciSpan(trace.getSpan(ctx));
    const [input, init] = call.args;
    if (call.args.length === 0 || (init != null && typeof init !== 'object')) return; // fetch rejects these itself
    // fetch semantics: `init.headers`, when given, replaces a Request's headers.
    const initHeaders = isObj(init) ? init.headers : undefined;
    const base = initHeaders !== undefined ? initHeaders : isRequestLike(input) ? input.headers : undefined;
    const headers = withPropagation(ctx, base, { arrays: 'pairs', iterables: true });
    if (headers !== undefined) call.args[1] = copyWith(init as Obj | null | undefined, 'headers', headers);
  },

  onResult(span, response) {
    settle(span);
    if (!isObj(response)) return;
    setResponseStatus(span, response.status);
    const headers = response.headers;
    if (isObj(headers) && typeof headers.get === 'function') {
      setContentLength(span, (headers as { get(n: string): unknown }).get('content-length'));
    }
  },

  onError(span, err, call) {
    settle(span);
    const [input, init] = call.args;
    const signal = isObj(init) && init.signal != null ? init.signal : isRequestLike(input) ? input.signal : undefined;
    if (isCancel(err, signal)) return false;
    span.setAttribute('error.type', errorType(err)); // the runtime records the exception and status
  },
};

/** @internal What `undici.request` does with `(url, options)` before dispatching. */
function undiciTarget(call: CallStart): { url?: URL; opts?: Obj } {
  const [url, options] = call.args;
  // undici: without options, an object `url` doubles as the options.
  const opts = isObj(options) ? options : options == null && isObj(url) ? url : undefined;
  let base: URL | undefined;
  try {
    if (typeof url === 'string') base = new URL(url);
    else if (url instanceof URL) base = url;
    else if (isObj(url)) {
      const u = url as Obj;
      const port = u.port ?? (u.protocol === 'https:' ? 443 : 80);
      const origin = u.origin != null ? String(u.origin) : `${String(u.protocol ?? '')}//${String(u.hostname ?? '')}:${port}`;
      const path = u.path != null ? String(u.path) : `${String(u.pathname ?? '')}${String(u.search ?? '')}`;
      base = new URL(origin.replace(/\/$/, '') + (path && !path.startsWith('/') ? `/${path}` : path));
    }
    if (base && isObj(options) && options.path != null) {
      const p = String(options.path);
      base = new URL(base.origin + (p.startsWith('/') ? p : `/${p}`));
    }
  } catch {
    base = undefined;
  }
  return { url: base, opts };
}

/**
 * `undici.request(url, options?)`: resolves with `{ statusCode, headers, body }`.
 * The method is reported as sent: undici does not change its case.
 */
export const undiciRequestHooks: Hooks = {
  onStart(call) {
    const { url, opts } = undiciTarget(call);
    const m = opts?.method;
    setMethod(call, typeof m === 'string' && m !== '' ? m : opts?.body ? 'PUT' : 'GET');
    if (url) setUrl(call.attributes, urlParts(url));
    const ua = readHeader(opts?.headers, 'user-agent');
    if (ua !== undefined) call.attributes['user_agent.original'] = ua;
  },

  onInject(call, ctx) {
    watchUndiciSpan(trace.getSpan(ctx));
    const [url, options] = call.args;
    if (options != null && typeof options !== 'object') return; // undici throws for these itself
    // Without options an object `url` doubles as the options (and is parsed as
    // the URL): then the copy replaces the url, and the options stay absent.
    const urlIsOpts = options == null && isObj(url) && !(url instanceof URL);
    const opts = isObj(options) ? options : urlIsOpts ? (url as Obj) : undefined;
    const headers = withPropagation(ctx, opts?.headers, { arrays: 'flat', iterables: true });
    if (headers === undefined) return;
    call.args[urlIsOpts ? 0 : 1] = copyWith(opts, 'headers', headers);
  },

  onResult(span, result) {
    settle(span);
    if (!isObj(result)) return;
    setResponseStatus(span, result.statusCode);
    if (isObj(result.headers)) setContentLength(span, result.headers['content-length']);
  },

  onError(span, err, call) {
    settle(span);
    const opts = undiciTarget(call).opts;
    if (isCancel(err, opts?.signal)) return false;
    span.setAttribute('error.type', errorType(err));
  },
};
