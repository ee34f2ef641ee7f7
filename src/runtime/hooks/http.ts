/**
 * Hooks for `node:http` / `node:https` `request` and `get`, in every argument
 * form Node accepts: `(url, options?, callback?)` and `(options, callback?)`.
 *
 * End of span — the program must behave exactly as without us, so this module
 * never adds a `'response'` listener (Node dumps a response nobody listens
 * for), an `'error'` listener (an unhandled error must still crash), nor a
 * `'data'` listener (stream mode). Instead, per request:
 * - `events.errorMonitor` on the request: sees every `'error'` before the
 *   regular listeners without counting as one (an unhandled error still throws);
 * - the `http.client.response.finish` diagnostics channel (despite its name,
 *   published when the response headers arrive, just before `'response'`; Node
 *   20 and 22 have it): yields the response, on which `'end'` and `'close'`
 *   listeners are harmless (they neither consume nor switch stream mode);
 * - `'close'` on the request: the request is over; a response the channel did
 *   not report is picked up from `req.res`, no response means failed/aborted.
 * The span ends once, at the first of: response `'end'`, response `'close'`,
 * request error, request `'close'` without a response.
 */
import { nodeBuiltin } from '../nodeBuiltin.js';
import type { Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './types.js';
import {
  defaultPort,
  errorType,
  isAbortError,
  readHeader,
  recordFailure,
  setMethod,
  setResponseStatus,
  setUrl,
  urlParts,
  type UrlParts,
} from './httpAttributes.js';
import { copyWith, withPropagation, type HeaderFormat } from './propagationHeaders.js';
import { REDACTED } from './redactUrl.js';

type Obj = Record<string, unknown>;

/** @internal */
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}

/** Node reads `options.headers` as an object (own keys) or a flat `[k, v, ...]` array. */
const NODE_HEADERS: HeaderFormat = { arrays: 'flat', iterables: false };

/**
 * @internal Whether the first argument is a URL for Node: `http` accepts any
 * URL-shaped object (its `isURL`), `https` only a real `URL`.
 */
function isUrlArg(v: unknown, call: CallStart): boolean {
  if (v instanceof URL) return true;
  if (call.spec.r.startsWith('https') || !isObj(v)) return false;
  return Boolean(v.href && v.protocol && v.auth === undefined && v.path === undefined);
}

/** @internal The options Node derives from a URL argument (`urlToHttpOptions`). */
function urlOptions(u: URL): Obj {
  const host = u.hostname;
  const out: Obj = {
    protocol: u.protocol,
    hostname: host.startsWith('[') ? host.slice(1, -1) : host,
    path: `${u.pathname || ''}${u.search || ''}`,
  };
  if (u.port !== '') out.port = Number(u.port);
  if (u.username || u.password) out.auth = REDACTED;
  return out;
}

/**
 * @internal A reader for the options Node ends up with: `Object.assign` of the
 * URL-derived options and the caller's own enumerable options.
 */
function optionReader(call: CallStart): { pick: (key: string) => unknown; validUrl: boolean } {
  const [first, second] = call.args;
  let fromUrl: Obj | undefined;
  let opts: unknown = first;
  let validUrl = true;
  if (typeof first === 'string' || isUrlArg(first, call)) {
    opts = second;
    try {
      fromUrl = urlOptions(typeof first === 'string' ? new URL(first) : (first as URL));
    } catch {
      validUrl = false; // Node throws ERR_INVALID_URL: no URL attributes
    }
  }
  const pick = (key: string) =>
    isObj(opts) && Object.prototype.propertyIsEnumerable.call(opts, key) ? opts[key] : fromUrl?.[key];
  return { pick, validUrl };
}

/** @internal An absolute-form path (a request through a proxy) names the real target. */
function absoluteTarget(path: string): UrlParts | undefined {
  if (!/^https?:\/\//i.test(path)) return undefined;
  try {
    return urlParts(new URL(path));
  } catch {
    return undefined;
  }
}

/** @internal Sets method, URL and server attributes as Node will send the request. */
function describeRequest(call: CallStart): void {
  const { pick, validUrl } = optionReader(call);
  const method = pick('method');
  setMethod(call, typeof method === 'string' && method !== '' ? method.toUpperCase() : 'GET');
  if (!validUrl) return;

  const agent = pick('agent');
  const agentProtocol = isObj(agent) ? agent.protocol : undefined;
  const protocol = String(
    pick('protocol') || agentProtocol || (call.spec.r.startsWith('https') ? 'https:' : 'http:'),
  );
  const scheme = protocol.replace(/:$/, '');
  const agentPort = isObj(agent) ? agent.defaultPort : undefined;
  const port = Number(pick('port') || pick('defaultPort') || agentPort || defaultPort(scheme) || 80);
  const host = String(pick('hostname') || pick('host') || 'localhost');
  const path = String(pick('path') || '/');

  const q = path.indexOf('?');
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const portInUrl = port === defaultPort(scheme) ? '' : `:${port}`;
  setUrl(call.attributes, absoluteTarget(path) ?? {
    scheme,
    host,
    port,
    path: q < 0 ? path : path.slice(0, q),
    query: q < 0 ? '' : path.slice(q + 1),
    full: `${protocol}//${pick('auth') ? `${REDACTED}:${REDACTED}@` : ''}${hostInUrl}${portInUrl}${path}`,
  });
  const socketPath = pick('socketPath');
  if (typeof socketPath === 'string' && socketPath !== '') {
    call.attributes['server.address'] = socketPath; // a Unix socket: no port
    delete call.attributes['server.port'];
  }
  const ua = readHeader(pick('headers'), 'user-agent');
  if (ua !== undefined) call.attributes['user_agent.original'] = ua;
}

/** One traced request between `onResult` and the end of its span. */
interface Pending {
  span: Span;
  end: () => void;
  req: Obj;
  res?: Obj;
  done: boolean;
  /** The leaf's suppression, released when the response arrives. */
  suppression?: { release(): void };
}

/** ClientRequest → its pending span, for the diagnostics channel. */
const pending = new WeakMap<object, Pending>();
let subscribed = false;

/** @internal Subscribes once to the response channel (a no-op where it does not exist). */
function subscribeOnce(): void {
  if (subscribed) return;
  subscribed = true;
  try {
    const dc = nodeBuiltin<typeof import('node:diagnostics_channel')>('node:diagnostics_channel');
    dc?.subscribe('http.client.response.finish', (message) => {
      try {
        const { request, response } = message as { request?: object; response?: unknown };
        const p = request ? pending.get(request) : undefined;
        if (p && !p.done && !p.res && isObj(response)) watchResponse(p, response);
      } catch {
        // a throwing subscriber would become an uncaught exception
      }
    });
  } catch {
    // no diagnostics channel: the request's 'close' still ends the span
  }
}

/** @internal Runs `fn`, swallowing its exception: our listeners run inside Node's `emit`. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // a hostile error object or span: telemetry never breaks the request
  }
}

/** @internal Ends the span, once. */
function finish(p: Pending): void {
  if (p.done) return;
  p.done = true;
  pending.delete(p.req);
  safely(p.end);
}

/** @internal Records `err` unless it is a cancellation, then ends the span. */
function fail(p: Pending, err: unknown): void {
  if (p.done) return;
  safely(() => {
    if (!isCancelled(p.req, err)) recordFailure(p.span, err);
  });
  finish(p);
}

/**
 * @internal Whether `err` is the caller cancelling the request rather than a
 * failure: `abort()`, an AbortSignal, or `destroy()` without an error — Node
 * then raises its own reset (`socket hang up` before a response, `aborted`
 * during one) while the socket has seen neither the server's end nor an error.
 */
function isCancelled(req: Obj, err: unknown): boolean {
  if (req.aborted === true || isAbortError(err)) return true;
  if (!isObj(err) || err.code !== 'ECONNRESET' || err.syscall !== undefined || req.destroyed !== true) return false;
  const socket = req.socket;
  return !isObj(socket) || (socket.readableEnded !== true && socket.errored == null);
}

/**
 * @internal Response headers arrived: attributes now, end on the response's 'end'/'close'. The
 * exchange beneath is over and the caller's response listeners run inside the span: release the
 * leaf's suppression, so spans they start are kept (as this span's children).
 */
function watchResponse(p: Pending, res: Obj): void {
  p.res = res;
  safely(() => p.suppression?.release());
  safely(() => {
    setResponseStatus(p.span, res.statusCode);
    const socket = isObj(res.socket) ? res.socket : isObj(p.req.socket) ? p.req.socket : undefined;
    if (typeof socket?.remoteAddress === 'string') p.span.setAttribute('network.peer.address', socket.remoteAddress);
    if (typeof socket?.remotePort === 'number') p.span.setAttribute('network.peer.port', socket.remotePort);
    if (typeof res.httpVersion === 'string') p.span.setAttribute('network.protocol.version', res.httpVersion);
  });
  if (res.readableEnded === true || res.destroyed === true || typeof res.once !== 'function') return responseOver(p);
  const stream = res as unknown as NodeJS.EventEmitter;
  stream.once('end', () => finish(p));
  stream.once('close', () => responseOver(p));
}

/** @internal The response closed: complete, cancelled by the caller, or cut off (a failure). */
function responseOver(p: Pending): void {
  const res = p.res;
  if (res && res.complete !== true && res.errored != null) fail(p, res.errored);
  else finish(p);
}

/**
 * `http.request` / `http.get` / `https.request` / `https.get`: span named
 * after the method, HTTP client attributes, `traceparent` in a copy of the
 * options' headers (an options object is inserted for the `(url, callback)`
 * forms), span ended when the response ends or the request fails.
 */
export const httpHooks: Hooks = {
  onStart(call) {
    try {
      describeRequest(call);
    } catch {
      // invalid arguments: Node throws for them itself; keep what was set
    }
  },

  onInject(call, ctx) {
    const args = call.args;
    const first = args[0];
    if (typeof first === 'string' || isUrlArg(first, call)) {
      const second = args[1];
      if (isObj(second)) {
        const headers = withPropagation(ctx, second.headers, NODE_HEADERS);
        if (headers !== undefined) args[1] = copyWith(second, 'headers', headers);
      } else if (second == null || typeof second === 'function') {
        const headers = withPropagation(ctx, undefined, NODE_HEADERS);
        if (headers === undefined) return;
        if (second == null && args.length >= 2) args[1] = { headers };
        else args.splice(1, 0, { headers }); // (url) or (url, callback): insert the options
      }
    } else if (first == null || isObj(first)) {
      const headers = withPropagation(ctx, isObj(first) ? first.headers : undefined, NODE_HEADERS);
      if (headers !== undefined) args[0] = copyWith(first as Obj | null | undefined, 'headers', headers);
    }
  },

  onResult(span, req, end, call) {
    if (!isObj(req) || typeof req.on !== 'function' || typeof req.once !== 'function') return;
    const p: Pending = { span, end, req, done: false, suppression: call.suppression };
    pending.set(req, p);
    subscribeOnce();
    const emitter = req as unknown as NodeJS.EventEmitter;
    // errorMonitor sees 'error' without counting as a listener, so an unhandled error still throws.
    const errorMonitor = nodeBuiltin<typeof import('node:events')>('node:events')?.errorMonitor;
    if (errorMonitor) emitter.on(errorMonitor, (err: unknown) => fail(p, err));
    emitter.once('close', () => {
      if (p.done) return;
      if (!p.res) {
        if (isObj(req.res)) watchResponse(p, req.res);
        else finish(p); // no response: failed (recorded by `fail`) or cancelled
        return;
      }
      // The request is over but nobody read the response to its end (it is
      // never consumed, so 'end' never comes): end now, as the official
      // instrumentation does on the request's 'close'.
      if (p.res.readableEnded !== true) responseOver(p);
    });
    return true;
  },

  onError(span, err) {
    // A synchronous throw (invalid URL, header or protocol): the runtime records it.
    span.setAttribute('error.type', errorType(err));
  },
};
