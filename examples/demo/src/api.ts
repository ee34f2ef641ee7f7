/**
 * The demo's API: an Express app on PostgreSQL, a cache, and the inventory
 * service (INVENTORY_URL) called with fetch. None of this code mentions
 * OpenTelemetry: the spans come from the build (see build.mjs).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { cache } from './cache';
import { findProduct, ordersOf } from './db';

const inventoryUrl = process.env.INVENTORY_URL ?? 'http://127.0.0.1:3001';
const app = express();

app.get('/products/:id', async (req: Request, res: Response) => {
  const key = `product:${req.params.id}`;
  const cached = await cache.get(key);
  if (cached) {
    res.json({ ...JSON.parse(cached), cached: true });
    return;
  }
  const product = await findProduct(Number(req.params.id));
  if (!product) {
    res.status(404).json({ error: `no product ${req.params.id}` });
    return;
  }
  const stock = await fetch(`${inventoryUrl}/stock/${product.sku}`).then((r) => r.json() as Promise<{ available: number }>);
  const body = { ...product, available: stock.available };
  await cache.set(key, JSON.stringify(body), 30);
  res.json({ ...body, cached: false });
});

app.get('/products/:id/orders', async (req: Request, res: Response) => {
  res.json(await ordersOf(Number(req.params.id)));
});

// Express 5 hands rejected async handlers here; the SERVER span records the 500.
app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: error.message });
});

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : '?'}`;
  console.log(`api listening on ${url} (cache: ${cache.kind})`);
  process.send?.({ type: 'listening', url });
});
