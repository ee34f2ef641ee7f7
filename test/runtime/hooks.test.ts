// Hooks: onStart before the span starts, onInject after it started and before
// the callee (which then receives call.args), onResult may take over ending,
// onError may say "not an error". Every hook is guarded: a throwing hook never
// reaches user code, and the span still ends exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trace, type Context, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { getHooks, registerHooks } from '../../src/runtime/hooks/index.js';
import type { CallStart, Hooks } from '../../src/runtime/hooks/types.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { captureDiag, endedSpanMisuse } from './_diag.js';
import { codeAttributes, site } from './_sites.js';

let hooks: Hooks = {};
// The registry holds one object per id; tests swap `hooks` behind it.
registerHooks('test.hooks', {
  onStart: (call) => hooks.onStart?.(call),
  onInject: (call, ctx) => hooks.onInject?.(call, ctx),
  onResult: (span, result, end, call) => hooks.onResult?.(span, result, end, call),
  onError: (span, error, call) => hooks.onError?.(span, error, call),
});

const H = site({ n: 'static name', k: 2, a: { 'rpc.system': 'test' }, h: 'test.hooks' });
const H_CB = site({ n: 'cb', h: 'test.hooks', m: 'callback' });
let diagMessages: string[] = [];

beforeAll(() => {
  setupOtel();
  diagMessages = captureDiag();
});
beforeEach(() => {
  resetSpans();
  hooks = {};
});
afterAll(() => {
  expect(endedSpanMisuse(diagMessages)).toEqual([]);
});

describe('the hook registry', () => {
  it('knows the ids registered so far (built-in ones come from their family entries: hookEntries.test.ts)', () => {
    expect(getHooks('test.hooks')).toBeDefined();
    expect(getHooks('nope')).toBeUndefined();
  });

  it('runs a site naming an unknown hook id without hooks', () => {
    const S = site({ n: 'x', h: 'not.registered' });
    expect(tw.call1(S, (x: number) => x + 1, undefined, 1)).toBe(2);
    expect(finishedSpans()).toHaveLength(1);
  });
});

describe('onStart', () => {
  it('sees spec, thisArg, args, name, attributes, and may rename and add attributes', () => {
    let seen: CallStart | undefined;
    hooks.onStart = (call) => {
      seen = { ...call, args: [...call.args], attributes: { ...call.attributes } };
      call.name = `GET ${String(call.args[0])}`;
      call.attributes['url.full'] = String(call.args[0]);
    };
    const recv = { get: (url: string) => `fetched ${url}` };
    expect(tw.method1(H, recv, 'get', '/users')).toBe('fetched /users');
    expect(seen?.spec).toBe(H.spec);
    expect(seen?.thisArg).toBe(recv);
    expect(seen?.args).toEqual(['/users']);
    expect(seen?.name).toBe('static name');
    expect(seen?.attributes).toEqual({ 'rpc.system': 'test', ...codeAttributes() });
    expect(simplifySpans(finishedSpans())).toEqual([
      {
        name: 'GET /users',
        kind: 'client',
        attributes: { 'rpc.system': 'test', 'url.full': '/users', ...codeAttributes() },
        status: 'unset',
        events: [],
        parent: null,
      },
    ]);
  });

  it('sees the called method as key (every method helper), none for plain calls and new', () => {
    const keys: unknown[] = [];
    hooks.onStart = (call) => void keys.push(call.key);
    const recv = { m: (...a: unknown[]) => a.length, [Symbol.for('s')]: () => 0 };
    tw.method0(H, recv, 'm');
    tw.method1(H, recv, 'm', 1);
    tw.method2(H, recv, 'm', 1, 2);
    tw.method3(H, recv, 'm', 1, 2, 3);
    tw.method(H, recv, 'm', [1, 2, 3, 4]);
    tw.method0(H, recv, Symbol.for('s'));
    tw.call1(H, (x: number) => x, recv, 1);
    tw.construct(H, class {}, []);
    expect(keys).toEqual(['m', 'm', 'm', 'm', 'm', Symbol.for('s'), undefined, undefined]);
  });

  it('gets a fresh attributes object per call (the site table is not mutated)', () => {
    hooks.onStart = (call) => {
      call.attributes.added = true;
    };
    tw.call0(H, () => 1, undefined);
    expect(H.attributes.added).toBeUndefined();
  });
});

describe('onInject', () => {
  it('runs after start with the span in ctx, before the callee, which receives call.args', () => {
    const order: string[] = [];
    let injectedSpan: Span | undefined;
    const options = { headers: { a: '1' } };
    hooks.onStart = () => void order.push(`start (spans started: ${startedSpanCount()})`);
    hooks.onInject = (call: CallStart, ctx: Context) => {
      order.push(`inject (spans started: ${startedSpanCount()})`);
      injectedSpan = trace.getSpan(ctx);
      const opts = call.args[1] as { headers: Record<string, string> };
      call.args[1] = { ...opts, headers: { ...opts.headers, traceparent: 'x' } };
    };
    let received: unknown;
    tw.call2(H, (_url: string, opts: unknown) => {
      order.push('callee');
      received = opts;
      return (trace.getActiveSpan() as unknown as ReadableSpan).name;
    }, undefined, 'http://x', options);
    expect(order).toEqual(['start (spans started: 0)', 'inject (spans started: 1)', 'callee']);
    expect(received).toEqual({ headers: { a: '1', traceparent: 'x' } });
    expect(options).toEqual({ headers: { a: '1' } }); // the caller's object is untouched
    expect((injectedSpan as unknown as ReadableSpan).name).toBe('static name');
  });

  it('may insert arguments (the callee gets the new count)', () => {
    hooks.onInject = (call) => void call.args.splice(1, 0, { inserted: true });
    const got = tw.call2(H, (...args: unknown[]) => args, undefined, 'url', () => {});
    expect((got as unknown[]).length).toBe(3);
    expect((got as unknown[])[1]).toEqual({ inserted: true });
  });
});

describe('onResult', () => {
  it('gets span, result, end, call; returning true defers the end to the hook', () => {
    let end: (() => void) | undefined;
    let seenResult: unknown;
    hooks.onResult = (_span, result, e) => {
      seenResult = result;
      end = e;
      return true;
    };
    const req = { kind: 'request' };
    expect(tw.call0(H, () => req, undefined)).toBe(req);
    expect(seenResult).toBe(req);
    expect(finishedSpans()).toHaveLength(0);
    end?.();
    end?.(); // idempotent
    expect(finishedSpans()).toHaveLength(1);
  });

  it('gets the fulfilled value of a promise result', async () => {
    let seenResult: unknown;
    const response = { status: 200 };
    hooks.onResult = (span, result) => {
      seenResult = result;
      span.setAttribute('http.response.status_code', 200);
    };
    expect(await tw.call0(H, async () => response, undefined)).toBe(response);
    expect(seenResult).toBe(response);
    expect(finishedSpans()[0]?.attributes['http.response.status_code']).toBe(200);
  });

  it('gets the second callback argument in callback mode', () => {
    let seenResult: unknown;
    hooks.onResult = (_s, result) => void (seenResult = result);
    tw.call1(H_CB, (cb: (e: unknown, v: unknown) => void) => cb(null, 'value'), undefined, () => {});
    expect(seenResult).toBe('value');
    expect(finishedSpans()).toHaveLength(1);
  });
});

describe('onError', () => {
  it('returning false means not an error: no exception, status unset, error still rethrown', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    hooks.onError = () => false;
    expect(() => tw.call0(H, () => { throw abort; }, undefined)).toThrow(abort);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'unset', events: [] }]);
    expect(finishedSpans()[0]?.attributes['error.type']).toBeUndefined();
  });

  it('may set error.type, which the runtime keeps', async () => {
    hooks.onError = (span) => void span.setAttribute('error.type', 'ECONNRESET');
    await expect(tw.call0(H, async () => { throw new Error('reset'); }, undefined)).rejects.toThrow('reset');
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error', events: ['exception'], attributes: { 'error.type': 'ECONNRESET' } }]);
  });
});

describe('throwing hooks', () => {
  const boom = () => {
    throw new Error('hook bug');
  };

  it('never reach user code; the span ends exactly once', async () => {
    const cases: Hooks[] = [
      { onStart: boom },
      { onInject: boom },
      { onResult: boom },
      { onError: boom },
      { onStart: boom, onInject: boom, onResult: boom, onError: boom },
      { onResult: (_s, _r, end) => (end(), boom()) },
    ];
    for (const h of cases) {
      hooks = h;
      expect(tw.call1(H, (x: number) => x * 2, undefined, 21)).toBe(42);
      expect(await tw.call0(H, async () => 'async', undefined)).toBe('async');
      const error = new Error('user error');
      expect(() => tw.call0(H, () => { throw error; }, undefined)).toThrow(error);
      await expect(tw.call0(H, async () => { throw error; }, undefined)).rejects.toBe(error);
    }
    expect(startedSpanCount()).toBe(cases.length * 4);
    expect(finishedSpans()).toHaveLength(cases.length * 4);
    // a throwing onError does not stop the runtime from recording the error
    const errorSpans = simplifySpans(finishedSpans()).filter((s) => s.status === 'error');
    expect(errorSpans).toHaveLength(cases.length * 2);
  });
});
