/** The second service: stock levels, served by Hono on @hono/node-server. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();

app.get('/stock/:sku', (c) => {
  const sku = c.req.param('sku');
  // A stand-in for a real lookup: a stable number per SKU.
  const available = [...sku].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) % 50;
  return c.json({ sku, available });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  const url = `http://127.0.0.1:${info.port}`;
  console.log(`inventory listening on ${url}`);
  process.send?.({ type: 'listening', url });
});
