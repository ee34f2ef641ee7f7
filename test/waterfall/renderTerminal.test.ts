import { describe, expect, test } from 'vitest';
import { renderTerminal } from '../../src/waterfall/renderTerminal.js';
import { REQUEST } from './spans.js';

describe('renderTerminal', () => {
  const text = renderTerminal(REQUEST, { color: false, barWidth: 10 });
  const lines = text.split('\n');

  test('draws the tree, the bars scaled to the trace, durations, key attributes and call sites', () => {
    expect(lines[0]).toBe('trace t1  GET /products/:id  100 ms  4 spans');
    expect(lines.slice(1, 5)).toEqual([
      '  GET /products/:id      server   │██████████│   100 ms  http.route=/products/:id  http.response.status_code=200',
      '  ├─ SELECT products     client   │ ██       │  20.0 ms  db.query.text=SELECT * FROM products WHERE id = $1  @ src/db.ts:12',
      '  └─ GET                 client   │    █████ │  50.0 ms  server.address=127.0.0.1  @ src/api.ts:31',
      '     └─ GET /stock/:sku  server   │     ███  │  30.0 ms',
    ]);
  });

  test('marks a failed trace and its failing span', () => {
    expect(text).toContain('trace t2  GET /orders/:id  5.0 ms  1 span  ✗ error');
    expect(text).toContain('✗ relation "orders" does not exist');
  });

  test('writes ANSI colours only when asked', () => {
    expect(text).not.toContain('\x1b[');
    expect(renderTerminal(REQUEST, { color: true })).toContain('\x1b[31m');
  });
});
