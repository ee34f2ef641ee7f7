/**
 * `http.server.request.duration` from the server core on a real server: one
 * point per request with the span's low-cardinality attributes (route and
 * status included, no path, query, address or user agent), seconds equal to
 * the span's duration, the same for an unsampled request (traceparent flags
 * 00), and nothing recorded once the meter provider is gone.
 */
import { metrics } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setRoute } from '../../src/runtime/server/route.js';
import { collectHistogram, registerMeterProvider, type ManualReader } from '../helpers/metrics.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { fetchReply, serve, sleep, waitForServerSpans, type Served } from './serverHarness.js';

const NAME = 'http.server.request.duration';
const BOUNDARIES = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

let reader: ManualReader;
let served: Served;

beforeAll(async () => {
  setupOtel();
  ({ reader } = registerMeterProvider());
  served = await serve((req, res) => {
    if (req.url?.startsWith('/users/')) setRoute(req, '/users/:id');
    res.statusCode = req.url === '/fail' ? 500 : 200;
    setTimeout(() => res.end('x'), 15);
  });
});
afterAll(async () => {
  metrics.disable();
  await served.close();
});
beforeEach(async () => {
  resetSpans();
  await collectHistogram(reader, NAME);
});
afterEach(() => resetSpans());

describe('http.server.request.duration', () => {
  it('one point per request, with the route, status and error type; value = the span duration', async () => {
    await fetchReply(served.port, { path: '/users/1?q=secret' });
    await fetchReply(served.port, { path: '/users/2' });
    await fetchReply(served.port, { path: '/fail', headers: { 'user-agent': 'x' } });
    const spans = await waitForServerSpans(3);
    const { metric, scope, points } = await collectHistogram(reader, NAME);
    expect(metric?.descriptor).toMatchObject({ name: NAME, unit: 's', description: 'Duration of HTTP server requests.' });
    expect(scope).toMatchObject({ name: 'tracewright' });
    const byRoute = Object.fromEntries(points.map((p) => [String(p.attributes['http.route'] ?? p.attributes['error.type']), p]));
    expect(byRoute['/users/:id']?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'http.route': '/users/:id',
      'network.protocol.version': '1.1',
    });
    expect(byRoute['/users/:id']?.count).toBe(2);
    expect(byRoute['500']?.attributes).toEqual({
      'http.request.method': 'GET',
      'url.scheme': 'http',
      'http.response.status_code': 500,
      'error.type': '500',
      'network.protocol.version': '1.1',
    });
    for (const p of points) expect(p.boundaries).toEqual(BOUNDARIES);
    const spanSeconds = spans.map((s) => s.duration[0] + s.duration[1] / 1e9).reduce((a, b) => a + b, 0);
    const metricSeconds = points.reduce((a, p) => a + p.sum, 0);
    expect(metricSeconds).toBeCloseTo(spanSeconds, 9);
    expect(metricSeconds).toBeGreaterThan(0.03); // seconds, not milliseconds: three 15 ms responses
    expect(metricSeconds).toBeLessThan(3);
  });

  it('an unsampled request is recorded alike', async () => {
    await fetchReply(served.port, { path: '/users/3', headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' } });
    await sleep(50);
    const { points } = await collectHistogram(reader, NAME);
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes).toMatchObject({ 'http.route': '/users/:id', 'http.response.status_code': 200 });
    expect(points[0]!.sum).toBeGreaterThan(0.01);
  });

  it('no meter provider: nothing recorded, the request unaffected', async () => {
    const { reader: other } = registerMeterProvider();
    metrics.disable();
    expect((await fetchReply(served.port, { path: '/users/4' })).status).toBe(200);
    await waitForServerSpans(1);
    expect((await collectHistogram(other, NAME)).points).toEqual([]);
    expect((await collectHistogram(reader, NAME)).points).toEqual([]);
    // registered again: recorded again
    const again = registerMeterProvider();
    await fetchReply(served.port, { path: '/users/5' });
    await sleep(50);
    expect((await collectHistogram(again.reader, NAME)).points).toHaveLength(1);
    reader = again.reader;
  });
});
