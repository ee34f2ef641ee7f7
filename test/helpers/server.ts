/**
 * A local HTTP server for fixtures and integration tests (127.0.0.1, random
 * port; tests never talk to the internet). Routes:
 * - `/status/<code>`: responds with that status and body `status <code>`;
 * - `/echo`: responds with the request's method and headers as JSON;
 * - `/slow`: responds after 200 ms;
 * - anything else: 200 `ok`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0]!;
  const status = /^\/status\/(\d{3})$/.exec(path);
  req.resume();
  if (status) {
    res.writeHead(Number(status[1]), { 'content-type': 'text/plain' });
    res.end(`status ${status[1]}`);
  } else if (path === '/echo') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, headers: req.headers }));
  } else if (path === '/slow') {
    setTimeout(() => res.end('slow'), 200);
  } else {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  }
}

/** Starts the server; close() ends it and its keep-alive sockets. */
export async function startTestServer(): Promise<TestServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
