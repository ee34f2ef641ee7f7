/**
 * The server core with no SDK registered (this file never calls setupOtel):
 * requests run as without it — no span, no RPC metadata, the listener's
 * context the plain one — and routes can still be set and read.
 */
import { context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { routeOf, setRoute } from '../../src/runtime/server/route.js';
import { fetchReply, serve, type Served } from './serverHarness.js';

const RPC = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');
let served: Served | undefined;
afterAll(() => served?.close());

describe('no SDK registered', () => {
  it('calls the listeners straight through', async () => {
    const seen: unknown[] = [];
    served = await serve(
      (req, res) => {
        setRoute(req, '/r/:id');
        seen.push(trace.getActiveSpan(), context.active().getValue(RPC), routeOf(req));
        res.end('plain');
      },
      { ignorePaths: ['/health'] },
    );
    const reply = await fetchReply(served.port, { path: '/r/1' });
    expect(reply).toMatchObject({ status: 200, body: 'plain' });
    expect(seen).toEqual([undefined, undefined, '/r/:id']);
    expect(trace.getTracerProvider().getTracer('x').startSpan('probe').isRecording()).toBe(false);
  });
});
