// The Fastify app `bench/server.mjs` measures (`npm run bench:server`): a plain program, no
// tracing code. The same two routes as the Express app (./express-app.ts), the JSON body parsed
// by Fastify's own content-type parser, each doing the same little work (./work.ts). Listens on
// 127.0.0.1, a free port, and prints it. Bundled twice by the bench: plain, and with
// tracewright/esbuild.
import Fastify from 'fastify';
import { addItem, announce, user, type OrderItem } from './work';

const app = Fastify();

app.get<{ Params: { id: string } }>('/users/:id', async (request) => user(request.params.id));

app.post<{ Params: { orderId: string }; Body: OrderItem }>('/orders/:orderId/items', async (request, reply) => {
  reply.code(201);
  return addItem(request.params.orderId, request.body);
});

app.listen({ port: 0, host: '127.0.0.1' }).then(
  () => announce((app.server.address() as { port: number }).port),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
