// `callback-arg` sites: callbackArgs(site, args) returns the same array with each selected
// function replaced — by the hook's wrapCallback(fn, { spec, args, index, property }) when it has
// one (a throw or `undefined` keeps fn), else by the default wrapper, a Proxy that opens the
// rule's span around each invocation and keeps everything else of the function. A property
// selector wraps in a shallow copy of the options object; the caller's objects are never mutated.
// Without an SDK: installNoSdk.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import type { CallbackCall } from '../../src/runtime/hooks/types.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { captureDiag, endedSpanMisuse } from './_diag.js';
import { codeAttributes, site } from './_sites.js';

type Fn = (...args: any[]) => any;
let wrapCallback: (fn: Fn, call: CallbackCall) => unknown = (fn) => fn;
registerHooks('test.wrap', { wrapCallback: (fn, call) => wrapCallback(fn, call) });
let started: unknown[][] = [];
registerHooks('test.start-only', { onStart: (call) => void started.push([call.thisArg, ...call.args]) });

const REST = site({ r: 'lib.route', n: 'route handler', k: 1, b: { i: 1, r: 1 }, a: { 'app.layer': 'handler' }, g: [['app.input', [[0]]]] });
const ONE = site({ n: 'one', b: { i: 1 } });
const PROP = site({ n: 'prop', b: { i: 0, p: 'callback' } });
const HOOKED = site({ r: 'lib.hooked', n: 'hooked', h: 'test.wrap', b: { i: 0, r: 1 } });
const HOOKED_PROP = site({ r: 'lib.hooked', n: 'hooked', h: 'test.wrap', b: { i: 1, p: 'on-message' } });
let diagMessages: string[] = [];

beforeAll(() => {
  setupOtel();
  diagMessages = captureDiag();
});
beforeEach(() => {
  resetSpans();
  wrapCallback = (fn) => fn;
  started = [];
});
afterAll(() => {
  expect(endedSpanMisuse(diagMessages)).toEqual([]);
});

describe('selecting arguments', () => {
  it('args[N..]: wraps every function from N on, leaves other values, returns the same array', () => {
    const h1 = () => 1;
    const h2 = () => 2;
    const args: unknown[] = [h1, '/path', h2, 42, null, 'text', h1];
    const out = tw.callbackArgs(REST, args);
    expect(out).toBe(args);
    expect(out[0]).toBe(h1); // before the selected range
    expect(out[1]).toBe('/path');
    expect(typeof out[2]).toBe('function');
    expect(out[2]).not.toBe(h2);
    expect(out.slice(3, 6)).toEqual([42, null, 'text']);
    expect(out[6]).not.toBe(h1);
    expect(startedSpanCount()).toBe(0); // registering opens no span
  });

  it('args[N]: wraps that one argument only, when it is a function', () => {
    const f = () => 1;
    const out = tw.callbackArgs(ONE, ['a', f, f]);
    expect(out[1]).not.toBe(f);
    expect(out[2]).toBe(f);
    expect(tw.callbackArgs(ONE, ['a', 'not a function'])).toEqual(['a', 'not a function']);
    expect(tw.callbackArgs(ONE, ['a'])).toEqual(['a']);
  });

  it('copies a plain array of handlers (Express handler arrays), never the caller\'s', () => {
    const h1 = () => 1;
    const h2 = () => 2;
    const inner = [h2];
    const list = [h1, inner, 'x'];
    const out = tw.callbackArgs(REST, ['/p', list]);
    const copy = out[1] as unknown[];
    expect(copy).not.toBe(list);
    expect(list).toEqual([h1, inner, 'x']);
    expect(inner[0]).toBe(h2);
    expect(copy[0]).not.toBe(h1);
    expect((copy[1] as unknown[])[0]).not.toBe(h2);
    expect(copy[2]).toBe('x');
    expect(tw.callbackArgs(REST, ['/p', ['x', 1]])[1]).toEqual(['x', 1]);
  });

  it('args[N].prop: a shallow copy of the options object with the property wrapped; the caller\'s object is untouched', () => {
    class Options {
      topic = 't';
      callback = (msg: string) => `got ${msg}`;
      describe() {
        return `options for ${this.topic}`;
      }
    }
    const options = new Options();
    const original = options.callback;
    const hidden = Symbol('hidden');
    Object.defineProperty(options, hidden, { value: 'kept', enumerable: false });
    const out = tw.callbackArgs(PROP, [options, 'next']);
    const copy = out[0] as Options;
    expect(copy).not.toBe(options);
    expect(options.callback).toBe(original);
    expect(Object.getPrototypeOf(copy)).toBe(Options.prototype);
    expect(copy.describe()).toBe('options for t');
    expect((copy as unknown as Record<symbol, unknown>)[hidden]).toBe('kept');
    expect(copy.callback).not.toBe(original);
    expect(copy.callback('m')).toBe('got m');
    expect(out[1]).toBe('next');
  });

  it('args[N].prop: keeps the argument when the property is no function, the argument no object, or a getter throws', () => {
    const noCallback = { topic: 't' };
    expect(tw.callbackArgs(PROP, [noCallback])[0]).toBe(noCallback);
    expect(tw.callbackArgs(PROP, ['string'])[0]).toBe('string');
    const throwing = {
      get callback(): never {
        throw new Error('getter');
      },
    };
    expect(tw.callbackArgs(PROP, [throwing])[0]).toBe(throwing);
  });

  it('args[N].prop: an inherited or accessor callback becomes an own value on the copy', () => {
    const proto = { callback: () => 'inherited' };
    const options = Object.create(proto) as { callback: () => string };
    const copy = tw.callbackArgs(PROP, [options])[0] as { callback: () => string };
    expect(Object.getPrototypeOf(copy)).toBe(proto);
    expect(Object.hasOwn(copy, 'callback')).toBe(true);
    expect(Object.hasOwn(options, 'callback')).toBe(false);
    expect(copy.callback()).toBe('inherited');
  });

  it('a site without a selector, or no site, leaves the arguments alone', () => {
    const f = () => 1;
    expect(tw.callbackArgs(site({ n: 'x' }), [f])[0]).toBe(f);
    expect(tw.callbackArgs(undefined as never, [f])[0]).toBe(f);
  });
});

describe('wrapCallback hooks', () => {
  it('get the function, the spec, every argument as evaluated, the index; their answer replaces it', () => {
    const calls: { fn: Fn; call: CallbackCall }[] = [];
    wrapCallback = (fn, call) => {
      calls.push({ fn, call });
      return Object.assign(() => fn(), { wrapped: call.index });
    };
    const h1 = () => 'one';
    const h2 = () => 'two';
    const args = ['/users/:id', h1, h2];
    const out = tw.callbackArgs(HOOKED, args);
    expect(calls.map((c) => [c.fn, c.call.index, c.call.property])).toEqual([[h1, 1, undefined], [h2, 2, undefined]]);
    expect(calls[0]!.call.spec).toBe(HOOKED.spec);
    // The hook sees the arguments as the caller wrote them, before any of them was wrapped.
    expect(calls[1]!.call.args).toEqual(['/users/:id', h1, h2]);
    expect((out[1] as { wrapped: number }).wrapped).toBe(1);
    expect((out[2] as () => string)()).toBe('two');
    expect(startedSpanCount()).toBe(0);
  });

  it('see the property of an options object', () => {
    const seen: [number, string | undefined][] = [];
    wrapCallback = (fn, call) => {
      seen.push([call.index, call.property]);
      return fn;
    };
    const options = { 'on-message': () => 1 };
    const out = tw.callbackArgs(HOOKED_PROP, ['topic', options]);
    expect(seen).toEqual([[1, 'on-message']]);
    expect(out[1]).toBe(options); // the hook kept the function: no copy needed
  });

  it('a throwing hook, or one answering undefined, keeps the function', () => {
    const f = () => 1;
    wrapCallback = () => {
      throw new Error('hook bug');
    };
    expect(tw.callbackArgs(HOOKED, [f])[0]).toBe(f);
    wrapCallback = () => undefined;
    expect(tw.callbackArgs(HOOKED, [f])[0]).toBe(f);
  });
});

describe('the default wrapper', () => {
  const wrapOne = <F extends Fn>(fn: F, s = REST): ((...args: any[]) => ReturnType<F>) & Omit<F, never> => tw.callbackArgs(s, ["input", fn])[1] as never;

  it('opens the rule\'s span around each invocation, with attributes read from the callback\'s arguments', () => {
    const handler = wrapOne((input: string) => `handled ${input}`);
    expect(handler('a')).toBe('handled a');
    expect(handler('b')).toBe('handled b');
    expect(simplifySpans(finishedSpans())).toEqual(['a', 'b'].map((input) => ({
      name: 'route handler',
      kind: 'server',
      attributes: { 'app.input': input, 'app.layer': 'handler', ...codeAttributes() },
      status: 'unset',
      events: [],
      parent: null,
    })));
  });

  it('keeps length, name, own properties, prototype, async-ness, and `this`', () => {
    async function asyncHandler(_a: unknown, _b: unknown) {}
    function errorHandler(this: unknown, _err: unknown, _req: unknown, _res: unknown, _next: unknown) {
      return this;
    }
    Object.assign(errorHandler, { meta: 'attached' });
    const marker = Symbol.for('framework.display-name');
    (errorHandler as unknown as Record<symbol, string>)[marker] = 'display';
    const wrapped = wrapOne(errorHandler);
    expect(wrapped).not.toBe(errorHandler);
    expect(wrapped.length).toBe(4);
    expect(wrapped.name).toBe('errorHandler');
    expect((wrapped as unknown as { meta: string }).meta).toBe('attached');
    expect((wrapped as unknown as Record<symbol, string>)[marker]).toBe('display');
    expect(wrapped.prototype).toBe(errorHandler.prototype);
    const self = { me: true };
    expect(wrapped.call(self, 1, 2, 3, 4)).toBe(self);
    const wrappedAsync = wrapOne(asyncHandler);
    expect(wrappedAsync.constructor.name).toBe('AsyncFunction');
    expect(Object.prototype.toString.call(wrappedAsync)).toBe('[object AsyncFunction]');
    expect(wrappedAsync.length).toBe(2);
  });

  it('a throwing callback: the same error reaches the caller, recorded on the span', () => {
    const error = new TypeError('bad request');
    const wrapped = wrapOne(() => {
      throw error;
    });
    expect(() => wrapped('x')).toThrow(error);
    const [span] = simplifySpans(finishedSpans());
    expect(span!.status).toBe('error');
    expect(span!.events).toEqual(['exception']);
    expect(span!.attributes['error.type']).toBe('TypeError');
  });

  it('an async callback: same value, the span ends when its promise settles', async () => {
    let release!: (v: string) => void;
    const wrapped = wrapOne(() => new Promise<string>((resolve) => (release = resolve)));
    const returned = wrapped('x') as Promise<string>;
    expect(finishedSpans()).toHaveLength(0);
    release('done');
    expect(await returned).toBe('done');
    expect(finishedSpans()).toHaveLength(1);
  });

  it('an async callback that rejects: same reason, error on the span', async () => {
    const error = new Error('async failure');
    const wrapped = wrapOne(async () => {
      throw error;
    });
    await expect(wrapped('x')).rejects.toBe(error);
    expect(simplifySpans(finishedSpans())[0]!.status).toBe('error');
  });

  it('the callback runs in its span\'s context, whose parent is the context of the invocation', () => {
    const tracer = trace.getTracer('test');
    let inside: string | undefined;
    const wrapped = wrapOne(() => {
      inside = (trace.getActiveSpan() as unknown as { name: string } | undefined)?.name;
    });
    tracer.startActiveSpan('request', (request) => {
      wrapped('x');
      request.end();
    });
    expect(inside).toBe('route handler');
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([['request', null], ['route handler', 'request']]);
  });

  it('`new` on a wrapped class constructs it, without a span', () => {
    class Job {
      constructor(readonly id: number) {}
    }
    const Wrapped = wrapOne(Job as unknown as Fn) as unknown as typeof Job;
    const job = new Wrapped(3);
    expect(job).toBeInstanceOf(Job);
    expect(job.id).toBe(3);
    expect(startedSpanCount()).toBe(0);
  });

  it('is used when the site\'s hook module has no wrapCallback, running its other hooks with the callback\'s this and arguments', () => {
    const s = site({ n: 'consumer', b: { i: 0 }, h: 'test.start-only' });
    const self = { consumer: 1 };
    const wrapped = tw.callbackArgs(s, [function (this: unknown, msg: string) {
      return [this, msg];
    }])[0] as Fn;
    expect(wrapped.call(self, 'm')).toEqual([self, 'm']);
    expect(started).toEqual([[self, 'm']]);
    expect(finishedSpans().map((span) => span.name)).toEqual(['consumer']);
  });
});
