/**
 * Test harness for the HTTP client hooks, independent of the runtime core:
 * its own SDK (in-memory exporter, W3C propagator, AsyncLocalStorage context
 * manager), a driver that calls a hook module exactly the way the runtime
 * does, and a local echo server (127.0.0.1, random port; never the internet).
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { CallStart, Hooks } from '../../src/runtime/hooks/types.js';
import type { SpanSpec } from '../../src/runtime/siteSpec.js';

export const exporter = new InMemorySpanExporter();

/** Registers the SDK globals (call in `beforeAll`). */
export function installOtel(): void {
  trace.disable();
  context.disable();
  propagation.disable();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
}

/** What one driven call exposes to the test. */
export interface Driven<R> {
  /** what the callee returned (a promise for fetch/undici, a ClientRequest for http) */
  result: R;
  span: Span;
  call: CallStart;
  /** resolves with the exported span once it ended */
  ended: Promise<ReadableSpan>;
  /** how many times `end` was called (by the runtime or the hook) */
  endCalls(): number;
}

/**
 * Calls `fn(...args)` through `hooks` exactly as the runtime does (see the
 * runtime contract): onStart → startSpan → onInject → callee with
 * `call.args` in the span's context → onResult/onError → end unless taken
 * over. Hook exceptions are NOT caught here, so a throwing hook fails the test.
 */
export function drive<R>(hooks: Hooks, rule: string, fn: (...a: any[]) => R, args: unknown[]): Driven<R> {
  const spec: SpanSpec = { r: rule, n: rule, k: SpanKind.CLIENT, h: 'x', m: 'auto' };
  const call: CallStart = { spec, thisArg: undefined, args: [...args], name: spec.n, attributes: { ...spec.a } };
  hooks.onStart?.(call);
  const parent = context.active();
  const span = trace.getTracer('test').startSpan(call.name, { kind: spec.k, attributes: call.attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  hooks.onInject?.(call, ctx);

  let calls = 0;
  let resolveEnded!: (s: ReadableSpan) => void;
  const ended = new Promise<ReadableSpan>((r) => (resolveEnded = r));
  const end = () => {
    calls++;
    if (calls > 1) return;
    span.end();
    resolveEnded(span as unknown as ReadableSpan);
  };
  const failed = (err: unknown) => {
    if (hooks.onError?.(span, err, call) !== false) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    end();
  };

  let result: R;
  try {
    result = context.with(ctx, () => fn(...call.args));
  } catch (err) {
    failed(err);
    throw err;
  }
  if (result instanceof Promise) {
    result = result.then(
      (v) => {
        if (hooks.onResult?.(span, v, end, call) !== true) end();
        return v;
      },
      (err) => {
        failed(err);
        throw err;
      },
    ) as R;
  } else if (hooks.onResult?.(span, result, end, call) !== true) end();
  return { result, span, call, ended, endCalls: () => calls };
}

/** `00-<trace id>-<span id>-01` of a span. */
export function traceparentOf(span: Span | ReadableSpan): string {
  const sc = span.spanContext();
  return `00-${sc.traceId}-${sc.spanId}-01`;
}

/** Races `p` against a timeout, so a hang fails fast with a message. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`timed out: ${what}`)), ms))),
  ]);
}

/** What the echo server saw. */
export interface Echo {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Routes: `/status/<code>`; `/slow` never answers; `/reset` closes the socket
 * without a response; `/partial` sends headers and 3 of 100 bytes, then
 * `/partial?kill` cuts the connection after 50 ms; `/drip` sends a body in two
 * chunks 150 ms apart; anything else echoes the request as JSON.
 */
function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0];
    const status = /^\/status\/(\d{3})$/.exec(path);
    if (path === '/slow') return;
    if (path === '/reset') return void req.socket.end();
    if (path === '/partial') {
      res.writeHead(200, { 'content-length': '100' });
      res.write('abc');
      if (req.url?.endsWith('?kill')) setTimeout(() => req.socket.destroy(), 50);
      return;
    }
    if (path === '/drip') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      setTimeout(() => res.end('second'), 150);
      return;
    }
    const echo: Echo = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() };
    const json = JSON.stringify(echo);
    res.writeHead(status ? Number(status[1]) : 200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(json)),
    });
    res.end(json);
  });
}

export interface EchoServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts a server with the echo routes (`createServer` may be `https.createServer` bound to options). */
export async function startEchoServer(create: (h: typeof handle) => Server = createServer): Promise<EchoServer> {
  const server = create(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port with nothing listening on 127.0.0.1 (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Recursively freezes an object (for the "caller's objects untouched" tests). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** A hook-level unit call: onStart only, returning the computed name and attributes. */
export function describeCall(hooks: Hooks, rule: string, args: unknown[]): { name: string; attributes: CallStart['attributes'] } {
  const call: CallStart = {
    spec: { r: rule, n: rule, k: SpanKind.CLIENT, m: 'auto' },
    thisArg: undefined,
    args,
    name: rule,
    attributes: {},
  };
  hooks.onStart?.(call);
  return { name: call.name, attributes: call.attributes };
}
