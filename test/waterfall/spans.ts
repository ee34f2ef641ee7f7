/** Span data for the waterfall tests: a request trace of the demo's shape. */
import type { SpanData } from '../../src/waterfall/spanData.js';

/** A span with defaults; times in ms from 1000. */
export function span(fields: Partial<SpanData> & Pick<SpanData, 'spanId' | 'name'>): SpanData {
  return { traceId: 't1', kind: 'internal', startMs: 1000, endMs: 1010, attributes: {}, status: { code: 'unset' }, ...fields };
}

/** server (0–100 ms) → db (10–30), fetch (40–90) → remote server (50–80); a second trace with one span. */
export const REQUEST: SpanData[] = [
  span({ spanId: 'c', parentSpanId: 'a', name: 'GET', kind: 'client', startMs: 1040, endMs: 1090, attributes: { 'server.address': '127.0.0.1', 'code.file.path': 'src/api.ts', 'code.line.number': 31 } }),
  span({ spanId: 'a', name: 'GET /products/:id', kind: 'server', startMs: 1000, endMs: 1100, attributes: { 'http.request.method': 'GET', 'http.route': '/products/:id', 'http.response.status_code': 200 } }),
  span({ spanId: 'd', parentSpanId: 'c', name: 'GET /stock/:sku', kind: 'server', startMs: 1050, endMs: 1080, service: 'inventory' }),
  span({ spanId: 'b', parentSpanId: 'a', name: 'SELECT products', kind: 'client', startMs: 1010, endMs: 1030, attributes: { 'db.query.summary': 'SELECT products', 'db.query.text': 'SELECT * FROM products WHERE id = $1', 'code.file.path': 'src/db.ts', 'code.line.number': 12 } }),
  span({ traceId: 't2', spanId: 'x', name: 'GET /orders/:id', kind: 'server', startMs: 2000, endMs: 2005, status: { code: 'error', message: 'relation "orders" does not exist' } }),
];
