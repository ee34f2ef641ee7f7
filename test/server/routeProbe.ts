/**
 * What the server core will read, observed from outside a framework: for each request a
 * Node server received, its method, path, status and `routeOf(req)` once the response
 * finished or the connection closed. Lets framework hooks be tested on real servers before
 * (and independently of) the SERVER span itself.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { routeSeen, watchRoutes } from './routeSeen.js';

/** One finished request as the probe saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  route: string | undefined;
}

/** Starts recording the requests `server` receives; `seen` fills as responses end. */
export function probeRoutes(server: Server): { seen: SeenRequest[]; settled(count: number): Promise<SeenRequest[]> } {
  const seen: SeenRequest[] = [];
  const waiters: (() => void)[] = [];
  watchRoutes(server);
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    let done = false;
    const record = (): void => {
      if (done) return;
      done = true;
      seen.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0]!, status: res.statusCode, route: routeSeen(req) });
      for (const w of waiters.splice(0)) w();
    };
    res.once('finish', record);
    res.once('close', record);
  });
  return {
    seen,
    async settled(count) {
      while (seen.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return seen;
    },
  };
}

/** `GET`s (or another method) `path` on `base`; resolves with status and body. */
export async function request(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const res = await fetch(base + path, init);
  return { status: res.status, body: await res.text() };
}
