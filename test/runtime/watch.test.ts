// How the runtime learns that an SDK got registered (see src/runtime/otelGlobal.ts),
// in fresh child processes, for every load order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuntime, removeCompiled, runScript } from './_compile.js';

let dir = '';
beforeAll(() => {
  dir = compileRuntime();
});
afterAll(() => {
  if (dir) removeCompiled(dir);
});

const COMMON = `
const KEY = Symbol.for('opentelemetry.js.api.1');
const api = require('@opentelemetry/api');
const { NodeTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
const register = () => new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
const table = JSON.stringify({ v: 1, f: 'x.js', s: [{ r: 't', n: 'op', k: 0, m: 'auto' }], c: [[0, 1, 1]] });
const count = () => exporter.getFinishedSpans().length;
const out = (o) => console.log(JSON.stringify(o));
`;

function run(name: string, body: string, flags: string[] = []): Record<string, unknown> {
  const result = runScript(dir, `${name}.cjs`, `${COMMON}\n${body}\n`, flags);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
}

describe('learning about the SDK', () => {
  it('runtime loaded first: watches the slot, sees the registration at once, restores a data property', () => {
    const got = run('runtime-first', `
      const tw = require('./runtime/index.js');
      const S = tw.sites(table)[0];
      const before = typeof Object.getOwnPropertyDescriptor(globalThis, KEY).get;
      tw.call0(S, () => 1, undefined);
      register();
      const after = Object.getOwnPropertyDescriptor(globalThis, KEY);
      tw.call0(S, () => 1, undefined);
      out({ before, afterIsData: 'value' in after && after.writable, spans: count(), providerOk: typeof api.trace.getTracerProvider().getDelegate === 'function' });
    `);
    expect(got).toEqual({ before: 'function', afterIsData: true, spans: 1, providerOk: true });
  });

  it('SDK registered first: reads the slot directly', () => {
    const got = run('sdk-first', `
      register();
      const tw = require('./runtime/index.js');
      tw.call0(tw.sites(table)[0], () => 1, undefined);
      out({ spans: count(), isData: 'value' in Object.getOwnPropertyDescriptor(globalThis, KEY) });
    `);
    expect(got).toEqual({ spans: 1, isData: true });
  });

  it('a deleted watch is noticed within RECHECK_EVERY untraced calls', () => {
    const got = run('deleted', `
      const tw = require('./runtime/index.js');
      const { RECHECK_EVERY } = require('./runtime/otelGlobal.js');
      const S = tw.sites(table)[0];
      delete globalThis[KEY];
      register();
      for (let i = 0; i < RECHECK_EVERY + 10; i++) tw.call0(S, () => 1, undefined);
      const afterRecheck = count();
      tw.call0(S, () => 1, undefined);
      out({ traced: afterRecheck >= 10, next: count() - afterRecheck });
    `);
    expect(got).toEqual({ traced: true, next: 1 });
  });

  it('two runtime copies (CommonJS and ESM builds) both see the registration', () => {
    const got = run('two-copies', `
      const a = require('./runtime/index.js');
      for (const k of Object.keys(require.cache)) if (k.includes('/runtime/')) delete require.cache[k];
      const b = require('./runtime/index.js');
      const ok = a !== b;
      register();
      a.call0(a.sites(table)[0], () => 1, undefined);
      b.call0(b.sites(table)[0], () => 1, undefined);
      out({ ok, spans: count() });
    `);
    expect(got).toEqual({ ok: true, spans: 2 });
  });

  it('a non-extensible global: no watch, calls still work', () => {
    const got = run('frozen', `
      Object.preventExtensions(globalThis);
      const tw = require('./runtime/index.js');
      out({ value: tw.call1(tw.sites(table)[0], (x) => x + 1, undefined, 1), watched: require('./runtime/otelGlobal.js').watch.watching });
    `);
    expect(got).toEqual({ value: 2, watched: false });
  });
});
