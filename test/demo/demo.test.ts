/**
 * `npm run demo` end to end, as CI runs it (embedded database, no Redis): the
 * build, the two services, the requests, the waterfall printed in the terminal
 * (each request's trace as a tree of the expected spans), the span data behind
 * it, and the HTML page in headless Chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { OUT, runDemo, waterfallBlocks, type DemoRun } from './runDemo.js';
import { openPage } from './browser.js';

let run: DemoRun;

beforeAll(async () => {
  run = await runDemo('embedded');
  if (run.code !== 0) throw new Error(`npm run demo exited with ${run.code}:\n${run.stderr}\n${run.stdout}`);
}, 600_000);

describe('npm run demo', () => {
  test('says what it is doing while it builds and starts', () => {
    for (const step of ['› Starting embedded PostgreSQL', '✓ Building examples/demo with the tracewright esbuild plugin', '✓ Starting the inventory service', '✓ Seeding the products table', '✓ Starting the API', 'GET /products/42 → 404', 'GET /products/1/orders → 500']) {
      expect(run.stderr).toContain(step);
    }
  });

  test('prints one waterfall per request, each a tree of the expected spans', () => {
    const blocks = waterfallBlocks(run.stdout);
    expect(blocks.map((b) => b.rows)).toEqual([
      // cache miss: query, then the inventory service called with fetch (its SERVER span under our CLIENT span), then the cache filled
      ['GET /products/:id server', '├─ cache get internal', '├─ SELECT demo_products client', '├─ GET client', '│  └─ GET /stock/:sku server', '└─ cache set internal'],
      ['GET /products/:id server', '└─ cache get internal'],
      ['GET /products/:id server', '├─ cache get internal', '└─ SELECT demo_products client'],
      ['GET /products/:id/orders server', '└─ SELECT demo_orders client'],
    ]);
    expect(blocks.map((b) => b.header.endsWith('✗ error'))).toEqual([false, false, false, true]);
    expect(run.stdout).toMatch(/4 requests, 4 traces, 13 spans in [\d.]+ s\./);
  });

  test('rows carry key attributes, the error and the call site', () => {
    expect(run.stdout).toContain('http.route=/products/:id  http.response.status_code=404');
    expect(run.stdout).toMatch(/SELECT demo_products +client .*db\.query\.text=SELECT id, name, price_cents, sku FROM demo_products WHERE id = \$1 .*@ src\/db\.ts:14/);
    expect(run.stdout).toMatch(/SELECT demo_orders +client .*error\.type=42P01 +✗ relation "demo_orders" does not exist +@ src\/db\.ts:20/);
    expect(run.stdout).toMatch(/cache get +internal .*@ src\/cache\.ts:\d+/);
    expect(run.stdout).not.toContain('\x1b['); // not a TTY, NO_COLOR
  });

  test('the spans cross both processes in one trace per request', () => {
    const { spans } = run;
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(4);
    const remote = spans.find((s) => s.name === 'GET /stock/:sku')!;
    const call = spans.find((s) => s.spanId === remote.parentSpanId)!;
    expect([remote.service, remote.kind, call.service, call.kind, call.name]).toEqual(['demo-inventory', 'server', 'demo-api', 'client', 'GET']);
    const root = spans.find((s) => s.spanId === call.parentSpanId)!;
    expect([root.name, root.kind, root.service, root.parentSpanId]).toEqual(['GET /products/:id', 'server', 'demo-api', undefined]);
    const failed = spans.filter((s) => s.status.code === 'error').map((s) => [s.name, s.attributes['error.type']]);
    expect(failed).toEqual([['SELECT demo_orders', '42P01'], ['GET /products/:id/orders', '500']]);
  });
});

describe('npm run demo -- --html', () => {
  test('writes a self-contained page that loads nothing from anywhere', () => {
    const html = readFileSync(run.htmlFile, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/\b(src|href)=|@import|url\(/);
  });

  test('headless Chromium shows the same waterfall: traces, nesting, span count', async (ctx) => {
    const page = await openPage(run.htmlFile, ctx);
    if (!page) return;
    try {
      expect(await page.locator('section.trace').count()).toBe(4);
      expect(await page.locator('section.trace.failed').count()).toBe(1);
      expect(await page.locator('li.span').count()).toBe(run.spans.length);
      // The inventory's SERVER span is nested in the fetch CLIENT span, inside the API's SERVER span.
      const chain = await page.locator('li.span[data-name="GET /stock/:sku"]').evaluate((el) => {
        const names: string[] = [];
        for (let li: Element | null = el; li; li = li.parentElement?.closest('li.span') ?? null) names.push(`${li.getAttribute('data-name')} ${li.getAttribute('data-kind')}`);
        return names;
      });
      expect(chain).toEqual(['GET /stock/:sku server', 'GET client', 'GET /products/:id server']);
      const firstTrace = page.locator('section.trace').first();
      expect(await firstTrace.locator('li.span > .row .name').allTextContents()).toEqual(['GET /products/:id', 'cache get', 'SELECT demo_products', 'GET', 'GET /stock/:sku', 'cache set']);
      // Bars have a width in the browser's layout, and every row's axis is the same one (nesting indents names only).
      const barWidth = await firstTrace.locator('.bar').first().evaluate((el) => el.getBoundingClientRect().width);
      expect(barWidth).toBeGreaterThan(50);
      const axes = await firstTrace.locator('.axis').evaluateAll((els) => els.map((el) => { const r = el.getBoundingClientRect(); return `${Math.round(r.left)}+${Math.round(r.width)}`; }));
      expect(new Set(axes).size).toBe(1);
      // A click opens a row's attributes.
      await firstTrace.locator('li.span[data-name="SELECT demo_products"] > .row').click();
      await expect.poll(() => firstTrace.locator('li.span[data-name="SELECT demo_products"] > .facts').isVisible()).toBe(true);
      const shot = join(OUT, 'embedded/waterfall.png');
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(5000);
      expect(existsSync(shot)).toBe(true);
      expect(page.requestedUrls.filter((url) => !url.startsWith('file://'))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
