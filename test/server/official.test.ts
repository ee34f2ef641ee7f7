/**
 * Side by side with @opentelemetry/instrumentation-http 0.223 (in child
 * processes: it patches `http` globally): exactly one SERVER span per
 * request — the official one while its patch is on, ours otherwise — and the
 * route reaches whichever it is: `setRoute` through the official span's RPC
 * metadata, and a route an official framework instrumentation sets on the
 * context's RPC metadata onto ours.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, transpileRuntime } from './childRuntime.js';

const dir = join(import.meta.dirname, '..', '.tmp', `server-official-${process.pid}`);
let runtime: string;
beforeAll(() => {
  runtime = transpileRuntime(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  spans: { name: string; scope: string; route?: string; path?: string; status?: number }[];
  patched: boolean;
}

async function scenario(name: string, how = 'setRoute'): Promise<Result> {
  const run = await runNode(join(import.meta.dirname, 'official.child.cjs'), [runtime, name, how]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Result;
}

const OFFICIAL = '@opentelemetry/instrumentation-http';

describe('beside @opentelemetry/instrumentation-http', () => {
  it('enabled before the server is created: one SERVER span, the official one, with the route from setRoute', async () => {
    const { spans, patched } = await scenario('official-before');
    expect(patched).toBe(true);
    expect(spans).toEqual([{ name: 'GET /users/:id', scope: OFFICIAL, route: '/users/:id', path: '/users/7', status: 200 }]);
  });

  it('enabled after our install (an SDK started late): still one span, the official one, with the route', async () => {
    const { spans, patched } = await scenario('official-after');
    expect(patched).toBe(true);
    expect(spans).toEqual([{ name: 'GET /users/:id', scope: OFFICIAL, route: '/users/:id', path: '/users/7', status: 200 }]);
  });

  it('not there: our span, with the route', async () => {
    const { spans } = await scenario('none');
    expect(spans).toEqual([{ name: 'GET /users/:id', scope: 'tracewright', route: '/users/:id', path: '/users/7', status: 200 }]);
  });

  it('a route set on the RPC metadata of the context (as official framework instrumentations do) reaches our span', async () => {
    const { spans } = await scenario('none', 'rpc');
    expect(spans).toEqual([{ name: 'GET /rpc/:id', scope: 'tracewright', route: '/rpc/:id', path: '/users/7', status: 200 }]);
  });

  it('enabled, then disabled: ours again', async () => {
    const { spans, patched } = await scenario('official-disabled');
    expect(patched).toBe(false);
    expect(spans.map((s) => [s.scope, s.path, s.name])).toEqual([
      ['tracewright', '/users/7', 'GET /users/:id'],
      ['tracewright', '/users/8', 'GET /users/:id'],
    ]);
  });
});
