// The Express app `bench/server.mjs` measures (`npm run bench:server`): a plain program, no
// tracing code. Two routes with parameters, one of them taking a JSON body (express.json()),
// each doing a little work (./work.ts). Listens on 127.0.0.1, a free port, and prints it.
// Bundled twice by the bench (esbuild, packages external): plain, and with tracewright/esbuild.
import express from 'express';
import { addItem, announce, user } from './work';

const app = express();
app.use(express.json());

app.get('/users/:id', (req, res) => {
  res.json(user(req.params.id));
});

app.post('/orders/:orderId/items', (req, res) => {
  res.status(201).json(addItem(req.params.orderId, req.body));
});

const server = app.listen(0, '127.0.0.1', (error?: Error) => {
  if (error) throw error;
  announce((server.address() as { port: number }).port);
});
