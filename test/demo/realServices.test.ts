/**
 * `npm run demo` with the environment a user sets for their own services:
 * DATABASE_URL (the local PostgreSQL), REDIS_URL (the local Redis: ioredis
 * spans from the built-in catalog replace the demo's own cache rule) and
 * OTEL_EXPORTER_OTLP_ENDPOINT (a local receiver in this test, which must get
 * the spans of both processes over OTLP/HTTP).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { service, SERVICES } from '../helpers/services.js';
import { runDemo, waterfallBlocks, type DemoRun } from './runDemo.js';

const up = (await service('postgresql')) && (await service('redis'));

/** An OTLP/HTTP receiver: the JSON bodies posted to /v1/traces. */
const received: { service: string; spans: number }[] = [];
let receiver: Server;
let run: DemoRun;

describe.skipIf(!up)('npm run demo with DATABASE_URL, REDIS_URL and OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const data = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: unknown[] }[] }[] };
          for (const rs of data.resourceSpans) {
            const name = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
            received.push({ service: name, spans: rs.scopeSpans.reduce((n, s) => n + s.spans.length, 0) });
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    const pg = SERVICES.postgresql;
    run = await runDemo('services', {
      DATABASE_URL: `postgresql://postgres@${pg.host}:${pg.port}/test`,
      REDIS_URL: `redis://${SERVICES.redis.host}:${SERVICES.redis.port}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    if (run.code !== 0) throw new Error(`npm run demo exited with ${run.code}:\n${run.stderr}\n${run.stdout}`);
  }, 600_000);

  afterAll(() => new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve())));

  test('uses the given services: no embedded database, Redis commands as the cache spans', () => {
    expect(run.stderr).toContain('› Using DATABASE_URL');
    expect(run.stderr).not.toContain('PGlite');
    expect(waterfallBlocks(run.stdout).map((b) => b.rows)).toEqual([
      ['GET /products/:id server', '├─ GET client', '├─ SELECT demo_products client', '├─ GET client', '│  └─ GET /stock/:sku server', '└─ SET client'],
      ['GET /products/:id server', '└─ GET client'],
      ['GET /products/:id server', '├─ GET client', '└─ SELECT demo_products client'],
      ['GET /products/:id/orders server', '└─ SELECT demo_orders client'],
    ]);
    expect(run.stdout).toMatch(/db\.query\.text=GET product:1 +server\.address=127\.0\.0\.1 +server\.port=6379 +@ src\/cache\.ts:\d+/);
    expect(run.stdout).toMatch(/SELECT demo_products +client .*server\.port=5432/);
  });

  test('every span also went out over OTLP/HTTP, from both processes', () => {
    const count = (name: string) => received.filter((r) => r.service === name).reduce((n, r) => n + r.spans, 0);
    expect([count('demo-api'), count('demo-inventory')]).toEqual([run.spans.filter((s) => s.service === 'demo-api').length, 1]);
    expect(count('demo-api') + count('demo-inventory')).toBe(13);
    expect(run.stdout).toContain('Also exported over OTLP/HTTP to http://127.0.0.1:');
  });
});
