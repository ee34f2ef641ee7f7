/**
 * One request's SERVER span, from arrival to its one end.
 *
 * Start: the parent is the context extracted from the request headers with the
 * registered propagator, over the ROOT context — never the context active when
 * the event is emitted, which is the one `listen()` ran in (the connection's
 * async context descends from the listening socket's). The span's context also
 * carries RPC metadata `{ type: 'http', span }`, so the official framework
 * instrumentations (Express, Koa, `@fastify/otel`) set the route on our span,
 * and the request and response emitters are bound to it: listeners added by
 * the handler (`req.on('data')`, `req.on('end')` — where body parsers call
 * `next()` — and `res.on('finish')`) run in the span's context too, as under
 * `@opentelemetry/instrumentation-http`.
 *
 * End, exactly once, at the first of:
 * - the response's `'finish'`: complete;
 * - the response's `'close'` before `'finish'`: the connection closed first
 *   (client abort before or during the response, `res.destroy()`, a server
 *   timeout, a handler that never responds): incomplete;
 * - the socket's `'close'`, for a pipelined response still queued behind an
 *   earlier one (Node assigns it no socket until its turn, so it never sees
 *   `'close'`): incomplete;
 * - a request listener throwing: when the error reaches the process as an
 *   uncaught exception (see {@link endOnUncaught}), with the exception recorded.
 * The request's own `'close'` is no signal: Node emits it when the body has
 * been read, long before a slow handler responds.
 *
 * Outcome: `http.response.status_code` only if headers were sent; a 5xx sets
 * status ERROR and `error.type` = the code; a 4xx is not an error of the
 * server's. An incomplete response sets ERROR and `error.type` =
 * {@link INCOMPLETE_RESPONSE} (the official instrumentation reports such a
 * request as an unremarkable 200). A route known at the end (`routeOf(req)`,
 * fed by the framework hooks or the official framework instrumentations;
 * else a framework's own request state, `fallbackRoute(req)`, for routes
 * registered outside user code) renames the span `{method} {route}` and sets
 * `http.route`.
 */
import {
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Histogram,
  type Span,
} from '@opentelemetry/api';
import { errorType } from '../errors.js';
import { bindEmitter } from './bindEmitter.js';
import { currentTracer, endSpan } from '../tracer.js';
import { routeOf } from './route.js';
import { fallbackRoute } from './routeFallback.js';
import { requestStart, type RequestLike } from './requestAttributes.js';
import { METADATA_REQUEST, requestMetadata, RPC_METADATA_KEY, RPC_TYPE_HTTP, type ServerRpcMetadata } from './rpcMetadata.js';
import { HTTP_SERVER_REQUEST_DURATION, serverMetricAttributes } from './serverMetrics.js';
import { spanSeconds } from '../metrics/operation.js';

/**
 * `error.type` of a request whose connection closed before the response
 * finished (no status, or a status and part of the body).
 */
export const INCOMPLETE_RESPONSE = 'incomplete_response';

/** The slice of `ServerResponse` read here. */
interface ResponseLike {
  headersSent?: unknown;
  statusCode?: unknown;
  writableFinished?: unknown;
  socket?: unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

type Emitter = { on(event: string, listener: (...args: any[]) => void): unknown; removeListener(event: string, listener: (...args: any[]) => void): unknown };

/** @internal The span state of one request. */
class RequestSpan {
  /** The attributes the span started with and every one set since: the metric's source when the span keeps none. */
  readonly attributes: Attributes;
  private ended = false;
  private readonly startedAt = performance.now();
  /** Present when a meter provider was registered at the start. */
  private readonly histogram: Histogram | undefined;
  /** The socket watched for a queued (pipelined) response. */
  socket: Emitter | undefined;
  /** The monitor waiting for the error a listener threw (see {@link endOnUncaught}). */
  uncaught: { proc: ProcessLike; monitor: (error: unknown) => void } | undefined;

  constructor(
    readonly span: Span,
    readonly name: string,
    attributes: Attributes,
    readonly req: object,
    readonly res: ResponseLike,
    readonly meta: ServerRpcMetadata,
  ) {
    this.attributes = attributes;
    this.histogram = HTTP_SERVER_REQUEST_DURATION.current();
  }

  private set(key: string, value: AttributeValue): void {
    this.attributes[key] = value;
    this.span.setAttribute(key, value);
  }

  /** Ends the span (once): `thrown` when a listener threw. Never throws. */
  end(thrown?: { error: unknown }): void {
    if (this.ended) return;
    this.ended = true;
    if (this.socket !== undefined) unwatchSocket(this.socket, this);
    if (this.uncaught !== undefined) {
      try {
        this.uncaught.proc.removeListener('uncaughtExceptionMonitor', this.uncaught.monitor);
      } catch {
        // a replaced process object
      }
    }
    try {
      this.describeOutcome(thrown);
    } catch {
      // a hostile response object: end with what was set
    }
    const stoppedAt = performance.now();
    endSpan(this.span);
    if (this.histogram !== undefined) {
      try {
        const seconds = spanSeconds(this.span) ?? (stoppedAt - this.startedAt) / 1000;
        this.histogram.record(seconds, serverMetricAttributes(this.attributes));
      } catch {
        // a broken meter never reaches the server
      }
    }
  }

  /** @internal Route, status, error: what the end of the exchange tells. */
  private describeOutcome(thrown: { error: unknown } | undefined): void {
    // ours (setRoute from the framework hooks), else what an official framework instrumentation set on
    // the metadata, else a framework's own request state for routes registered outside user code
    const route = routeOf(this.req) ?? this.meta.route ?? fallbackRoute(this.req);
    if (typeof route === 'string' && route !== '') {
      this.set('http.route', route);
      this.span.updateName(`${this.name} ${route}`);
    }
    const res = this.res;
    const status = res.headersSent === true && typeof res.statusCode === 'number' ? res.statusCode : undefined;
    if (status !== undefined) this.set('http.response.status_code', status);
    if (thrown !== undefined) {
      this.set('error.type', errorType(thrown.error));
      recordException(this.span, thrown.error);
    } else if (res.writableFinished !== true) {
      this.set('error.type', INCOMPLETE_RESPONSE);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response finished' });
    } else if (status !== undefined && status >= 500) {
      this.set('error.type', String(status));
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
}

/** @internal Exception event and ERROR status, reading the error's fields defensively. */
function recordException(span: Span, error: unknown): void {
  let message: string | undefined;
  try {
    span.recordException(error instanceof Error || typeof error === 'string' ? error : String(error));
    const m = (error as { message?: unknown } | null)?.message;
    if (typeof m === 'string') message = m;
  } catch {
    // a throwing getter on the error
  }
  span.setStatus(message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message });
}

/** Queued responses by socket, watched by one `'close'` listener per socket (no listener pile-up when pipelining deep). */
const queuedBySocket = new WeakMap<object, Set<RequestSpan>>();

function onSocketClose(this: object): void {
  const queued = queuedBySocket.get(this);
  if (queued === undefined) return;
  queuedBySocket.delete(this);
  for (const request of queued) request.end();
}

/** @internal Watches `socket` for `request`, a response queued behind another. */
function watchSocket(socket: Emitter, request: RequestSpan): void {
  let queued = queuedBySocket.get(socket);
  if (queued === undefined) {
    queued = new Set();
    queuedBySocket.set(socket, queued);
    socket.on('close', onSocketClose);
  }
  queued.add(request);
  request.socket = socket;
}

/** @internal Stops watching (the request ended otherwise); the last one removes the listener. */
function unwatchSocket(socket: Emitter, request: RequestSpan): void {
  const queued = queuedBySocket.get(socket);
  if (queued === undefined) return;
  queued.delete(request);
  if (queued.size > 0) return;
  queuedBySocket.delete(socket);
  try {
    socket.removeListener('close', onSocketClose);
  } catch {
    // a hostile socket
  }
}

function isEmitter(v: unknown): v is Emitter {
  return typeof v === 'object' && v !== null && typeof (v as Emitter).on === 'function' && typeof (v as Emitter).removeListener === 'function';
}

/**
 * Whether a SERVER span of ours already covers `req`: an event re-emitted for
 * the same request (from a `'checkContinue'` listener) runs in its context.
 */
export function hasRequestSpan(req: object): boolean {
  return requestMetadata(req)?.[METADATA_REQUEST] === req;
}

/**
 * Starts the span of `req`/`res` and prepares its end; returns the context the
 * request listeners run in, or `undefined` when no span could be started (the
 * request then runs untouched). Never throws.
 */
export function startRequestSpan(req: object, res: object): { ctx: Context; request: RequestSpan } | undefined {
  if (!isEmitter(res)) return undefined;
  let span: Span | undefined;
  try {
    const { name, attributes } = requestStart(req as RequestLike);
    const parent = propagation.extract(ROOT_CONTEXT, (req as RequestLike).headers ?? {});
    span = currentTracer().startSpan(name, { kind: SpanKind.SERVER, attributes: { ...attributes } }, parent);
    const meta: ServerRpcMetadata = { type: RPC_TYPE_HTTP, span, [METADATA_REQUEST]: req };
    const ctx = trace.setSpan(parent, span).setValue(RPC_METADATA_KEY, meta);
    const request = new RequestSpan(span, name, attributes, req, res as unknown as ResponseLike, meta);
    // One closure per request, not a WeakMap from response to state: per-request
    // WeakMap entries cost the garbage collector more than the span itself.
    const end = (): void => request.end();
    res.on('finish', end);
    res.on('close', end);
    const socket = (req as RequestLike).socket;
    if ((res as ResponseLike).socket == null && isEmitter(socket)) watchSocket(socket, request);
    // Listeners the handler adds run in the span's context (see the module comment).
    bindEmitter(ctx, req);
    bindEmitter(ctx, res);
    return { ctx, request };
  } catch {
    if (span !== undefined) endSpan(span);
    return undefined;
  }
}

type ProcessLike = {
  once(event: string, listener: (error: unknown) => void): unknown;
  removeListener(event: string, listener: (error: unknown) => void): unknown;
};

/**
 * A request listener threw (seen from a `finally`, which does not get the
 * error): the error is on its way up through Node's HTTP parser, which does
 * not catch it, so it becomes an uncaught exception. A one-time
 * `'uncaughtExceptionMonitor'` listener (a monitor: it changes nothing about
 * the crash, nor about `'uncaughtException'` handlers) receives it first and
 * ends the span with it recorded. If something caught it instead (code
 * calling `server.emit('request', ...)` in a try), the span ends as usual with
 * the response, and the monitor is removed then.
 */
export function endOnUncaught(request: RequestSpan): void {
  const proc = (globalThis as { process?: ProcessLike }).process;
  if (proc === undefined || typeof proc.once !== 'function' || typeof proc.removeListener !== 'function') return;
  const monitor = (error: unknown): void => request.end({ error });
  request.uncaught = { proc, monitor };
  try {
    proc.once('uncaughtExceptionMonitor', monitor);
  } catch {
    request.uncaught = undefined;
  }
}

export type { RequestSpan };
