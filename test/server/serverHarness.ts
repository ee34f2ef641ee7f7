/**
 * Real servers on 127.0.0.1 (random ports) with the server core installed,
 * raw-socket and `http` clients, and a wait for the SERVER spans they make.
 */
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { installHttpServer } from '../../src/runtime/server/httpServer.js';
import { finishedSpans } from '../helpers/otel.js';

/** A listening server and how to stop it. */
export interface Served {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with `listen` in the current context. */
export async function listen(server: Server): Promise<Served> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `createServer(listener)` with request handling installed, listening. */
export async function serve(listener: RequestListener, options?: unknown): Promise<Served> {
  const server = createServer(listener);
  installHttpServer(server, options);
  return listen(server);
}

/** What a client saw. */
export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One request with `http.request` (a fresh connection each time unless `agent` says otherwise). */
export function fetchReply(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw TCP connection: write bytes, read everything, close when told. */
export function rawConnection(port: number): Promise<{ socket: Socket; received(): string; write(data: string): void; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {});
    socket.once('connect', () => resolve({ socket, received: () => data, write: (d) => socket.write(d), closed }));
    socket.once('error', reject);
  });
}

/** Polls until `predicate` holds (or fails after `ms`). */
export async function until(predicate: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The SERVER spans finished so far. */
export function serverSpans(): ReadableSpan[] {
  return finishedSpans().filter((s) => s.kind === SpanKind.SERVER) as unknown as ReadableSpan[];
}

/** Waits for `n` finished SERVER spans, then a little longer to catch extra ones. */
export async function waitForServerSpans(n: number): Promise<ReadableSpan[]> {
  await until(() => serverSpans().length >= n, `${n} server span(s), have ${serverSpans().length}`);
  await new Promise((r) => setTimeout(r, 20));
  return serverSpans();
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
