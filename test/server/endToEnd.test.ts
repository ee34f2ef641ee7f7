/**
 * The trace a user sees end to end: an Express service whose route queries PostgreSQL and calls a
 * Hono service with `fetch`, both servers running from the same build (tspc, esbuild, vite), driven
 * by a `fetch` from the program itself. Every span is in one trace: the caller's CLIENT span →
 * Express's SERVER span `GET /orders/:id` → the pg span and the `fetch` CLIENT span → Hono's SERVER
 * span `GET /stock/:sku`, each parented to the one before it across the loopback hops.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { service } from '../helpers/services.js';
import { buildAndRun, writeProject, type Tool, type WrittenSpan } from './builtProject.js';

const up = await service('postgresql');

const FILES: Record<string, string> = {
  'stock.ts': `import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

const app = new Hono();
app.get('/stock/:sku', (c) => c.json({ sku: c.req.param('sku'), count: 3 }));

export function startStock(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server: server as Server, port: info.port }));
  });
}
`,
  'orders.ts': `import express from 'express';
import pg from 'pg';

export const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 1 });

export function ordersApp(stockPort: number) {
  const app = express();
  app.get('/orders/:id', async (req, res) => {
    const { rows } = await pool.query('SELECT $1::int AS id', [Number(req.params.id)]);
    const stock = await fetch('http://127.0.0.1:' + stockPort + '/stock/sku-' + rows[0].id).then((r) => r.json());
    res.json({ order: rows[0].id, stock });
  });
  return app;
}
`,
  'main.ts': `import type { AddressInfo } from 'node:net';
import { startStock } from './stock.js';
import { ordersApp, pool } from './orders.js';

const stock = await startStock();
const orders = ordersApp(stock.port).listen(0, '127.0.0.1');
await new Promise((resolve) => orders.once('listening', resolve));
const port = (orders.address() as AddressInfo).port;
console.log(await fetch('http://127.0.0.1:' + port + '/orders/12').then((r) => r.text()));
orders.close();
stock.server.close();
await pool.end();
`,
};

const KIND = ['internal', 'server', 'client', 'producer', 'consumer'];

/** `kind name` lines, each indented under its parent: the shape of the trace. */
function tree(spans: readonly WrittenSpan[]): string[] {
  const children = new Map<string | undefined, WrittenSpan[]>();
  for (const s of spans) children.set(s.parentSpanId, [...(children.get(s.parentSpanId) ?? []), s]);
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number): void => {
    for (const s of children.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth)}${KIND[s.kind]} ${s.name}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}

describe.skipIf(!up)('end to end: Express → PostgreSQL and Hono, one trace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await writeProject('end-to-end', FILES);
  }, 180_000);

  test.each<Tool>(['tsc', 'esbuild', 'vite'])('built with %s', async (tool) => {
    const plain = await buildAndRun(dir, tool, 'plain');
    const traced = await buildAndRun(dir, tool, 'traced');
    expect(traced.stdout).toBe(plain.stdout);
    expect(JSON.parse(traced.stdout)).toEqual({ order: 12, stock: { sku: 'sku-12', count: 3 } });
    expect(new Set(traced.spans.map((s) => s.traceId)).size).toBe(1);
    expect(tree(traced.spans)).toEqual([
      'client GET',
      '  server GET /orders/:id',
      '    client SELECT',
      '    client GET',
      '      server GET /stock/:sku',
    ]);
    const route = (name: string) => traced.spans.find((s) => s.name === name)?.attributes['http.route'];
    expect([route('GET /orders/:id'), route('GET /stock/:sku')]).toEqual(['/orders/:id', '/stock/:sku']);
  }, 240_000);
});
