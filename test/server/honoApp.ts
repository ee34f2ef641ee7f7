/**
 * The Hono service the built-project tests deploy: a users sub-app in its own file mounted with
 * `app.route()` under a `basePath`, an SSE route, a route that throws (500 from `onError`), and a
 * main that serves on 127.0.0.1 (`serve()` of @hono/node-server), sends its own requests with
 * `fetch` and prints status and body of each.
 */

export const HONO_FILES: Record<string, string> = {
  'users.ts': `import { Hono } from 'hono';

export const users = new Hono();
users.get('/:id', (c) => c.json({ id: c.req.param('id') }));
users.post('/:id/posts/:postId', async (c) => c.text('post ' + c.req.param('postId'), 201));
`,
  'app.ts': `import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { users } from './users.js';

export const app = new Hono().basePath('/api');
app.route('/v1/users', users);
app.get('/events', (c) =>
  streamSSE(c, async (stream) => {
    for (let i = 0; i < 3; i++) await stream.writeSSE({ event: 'tick', data: 'tick ' + i });
  }),
);
app.get('/boom', () => {
  throw new Error('boom');
});
app.onError((error, c) => c.text('failed: ' + error.message, 500));
`,
  'main.ts': `import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { app } from './app.js';

const REQUESTS: [string, string][] = [
  ['GET', '/api/v1/users/42'],
  ['POST', '/api/v1/users/7/posts/9'],
  ['GET', '/api/events'],
  ['GET', '/api/missing'],
  ['GET', '/api/boom'],
];

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, async (info: AddressInfo) => {
  const lines: string[] = [];
  for (const [method, path] of REQUESTS) {
    const res = await fetch('http://127.0.0.1:' + info.port + path, { method });
    lines.push(method + ' ' + path + ' ' + res.status + ' ' + JSON.stringify(await res.text()));
  }
  console.log(lines.join('\\n'));
  server.close();
  (server as unknown as { closeAllConnections?(): void }).closeAllConnections?.();
});
`,
};

/** What the program prints, built any way, traced or not. */
export const HONO_OUTPUT = [
  'GET /api/v1/users/42 200 "{\\"id\\":\\"42\\"}"',
  'POST /api/v1/users/7/posts/9 201 "post 9"',
  'GET /api/events 200 "event: tick\\ndata: tick 0\\n\\nevent: tick\\ndata: tick 1\\n\\nevent: tick\\ndata: tick 2\\n\\n"',
  'GET /api/missing 404 "404 Not Found"',
  'GET /api/boom 500 "failed: boom"',
].join('\n') + '\n';
