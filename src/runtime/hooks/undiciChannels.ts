/**
 * Attributes only undici itself knows — the peer address of the connection and
 * the final `User-Agent` (fetch adds a default one) — read from undici's
 * diagnostics channels, which both Node's built-in `fetch` and the `undici`
 * package publish on. A request is tied to our span by the active context when
 * undici creates it (the call runs inside the span's context).
 *
 * Optional by design: the channels are reached through
 * `process.getBuiltinModule` (Node >= 20.16), so this module imports no Node
 * built-in and the `fetch` hook still loads in browsers and older runtimes,
 * where these attributes are simply absent.
 */
import { context, trace, type Span } from '@opentelemetry/api';
import { nodeBuiltin } from '../nodeBuiltin.js';

interface DiagnosticsChannel {
  subscribe(name: string, onMessage: (message: unknown, name: string | symbol) => void): void;
}

/** Spans of our fetch/undici calls that have not settled yet. */
const open = new WeakSet<Span>();
/** undici request object → our span. */
const byRequest = new WeakMap<object, Span>();
let subscribed = false;

/** Starts watching undici's channels for `span` (called from `onInject`). */
export function watchUndiciSpan(span: Span | undefined): void {
  if (span === undefined) return;
  open.add(span);
  if (!subscribed) subscribe();
}

/** Stops associating new undici requests with `span` (its call settled). */
export function unwatchUndiciSpan(span: Span): void {
  open.delete(span);
}

/** @internal */
function subscribe(): void {
  subscribed = true;
  const dc = nodeBuiltin<DiagnosticsChannel>('node:diagnostics_channel');
  if (typeof dc?.subscribe !== 'function') return;
  dc.subscribe('undici:request:create', guard(onCreate));
  dc.subscribe('undici:client:sendHeaders', guard(onSendHeaders));
}

/** @internal A throwing channel subscriber would surface as an uncaught exception: never throw. */
function guard(fn: (message: Record<string, unknown>) => void): (message: unknown) => void {
  return (message) => {
    try {
      if (typeof message === 'object' && message !== null) fn(message as Record<string, unknown>);
    } catch {
      // telemetry must not break the request
    }
  };
}

/** @internal `undici:request:create` — `{ request }`, published where the call's context is active. */
function onCreate({ request }: Record<string, unknown>): void {
  if (typeof request !== 'object' || request === null) return;
  const span = trace.getSpan(context.active());
  if (span === undefined || !open.has(span)) return;
  byRequest.set(request, span);
  const ua = userAgent((request as { headers?: unknown }).headers);
  if (ua !== undefined) span.setAttribute('user_agent.original', ua);
}

/** @internal `undici:client:sendHeaders` — `{ request, socket }`, once connected. */
function onSendHeaders({ request, socket }: Record<string, unknown>): void {
  const span = typeof request === 'object' && request !== null ? byRequest.get(request) : undefined;
  if (span === undefined || typeof socket !== 'object' || socket === null) return;
  const { remoteAddress, remotePort } = socket as { remoteAddress?: unknown; remotePort?: unknown };
  if (typeof remoteAddress === 'string') span.setAttribute('network.peer.address', remoteAddress);
  if (typeof remotePort === 'number') span.setAttribute('network.peer.port', remotePort);
}

/** @internal undici keeps request headers as a flat array (v6+) or a raw `k: v\r\n` string (v5). */
function userAgent(headers: unknown): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() === 'user-agent') return String(headers[i + 1]);
    }
  } else if (typeof headers === 'string') {
    const m = /(?:^|\r\n)user-agent:\s*([^\r\n]*)/i.exec(headers);
    if (m) return m[1].trim();
  }
  return undefined;
}
