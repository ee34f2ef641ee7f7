// The demo's embedded database, in a process of its own (PGlite's WebAssembly
// start-up would otherwise stall the demo script's progress messages): PGlite
// served over the PostgreSQL wire protocol by pglite-socket on a free loopback
// port, so the app's real `pg` client talks to it as to any PostgreSQL. Sends
// `{ type: 'listening', url }` to its parent; stops on the message 'shutdown'.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const db = await PGlite.create();
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 8 });
await server.start();
process.send?.({ type: 'listening', url: `postgresql://postgres@${server.getServerConn()}/postgres` });

const stop = async () => {
  await server.stop().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'shutdown') void stop();
});
process.on('disconnect', () => void stop());
