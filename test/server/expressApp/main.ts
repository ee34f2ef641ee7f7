// Starts the app on a random loopback port, makes the requests of CALLS, prints each response.
import type { AddressInfo } from 'node:net';
import { app } from './app';
import { call, type Call } from './client';
import { pool } from './db';

const major = Number(process.env.EXPRESS_MAJOR ?? '5');
export const CALLS: Call[] = [
  { method: 'GET', path: '/users/42' },
  { method: 'GET', path: '/api/users/7' },
  { method: 'GET', path: '/api/users/7/posts/9' },
  { method: 'GET', path: '/a/items/1' },
  { method: 'GET', path: '/b/acme/items/2' },
  { method: 'GET', path: '/v1/eu/status' },
  { method: 'GET', path: '/arr/5', headers: { authorization: 'yes' } },
  { method: 'GET', path: '/arr/5' },
  { method: 'GET', path: '/chained/3' },
  { method: 'POST', path: '/chained/3' },
  { method: 'HEAD', path: '/users/42' },
  { method: 'GET', path: '/private/x' },
  { method: 'GET', path: '/boom/1' },
  ...(major >= 5 ? [{ method: 'GET', path: '/async/1' }] : []),
  { method: 'GET', path: '/missing' },
  { method: 'GET', path: '/settings' },
];

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  (async () => {
    for (const c of CALLS) console.log(await call(port, c));
  })().then(
    () => {
      server.close();
      return pool.end();
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
      server.close();
      return pool.end();
    },
  );
});
