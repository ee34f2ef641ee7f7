/**
 * The call helpers the emitted code uses. Each first asks whether an SDK is
 * registered; with none, it performs the plain call directly (no context
 * work, no allocation). With one, sites that need nothing per call take a
 * fixed-arity path: no argument array, no closure, the tracer cached, the
 * active context read once and passed to `startSpan` explicitly.
 *
 * Semantics kept from the plain expression: `this`, argument values and
 * count, returned values and thrown errors (same objects). Documented
 * differences: `obj.m(a)` becomes `method1(site, obj, "m", a)`, so `obj.m` is
 * looked up after the arguments are evaluated instead of before (still
 * once); and calling something that is not callable (or `new` on a
 * non-constructor) throws a `TypeError` as the plain call does, but its
 * message names the runtime's view, not the source expression. A target that
 * is not a function starts no span; `new` on a function that is not a
 * constructor (an arrow) records that TypeError on its span.
 */
import { API_KEY, recheckWatch, watch, type OtelApiGlobal, type OtelGlobals } from './otelGlobal.js';
import { endSpan, startSpan, started } from './tracer.js';
import { MODE_SYNC, type Site } from './sites.js';
import { settleError } from './record.js';
import { completeAuto } from './result.js';
import { invokePlain, invokeTraced } from './general.js';

// `any`: the helpers stand in for arbitrary calls, whose types the compiler already checked.
type Fn = (...args: any[]) => any;
type Ctor = new (...args: any[]) => any;
type Receiver = any;

const fnCall = Function.prototype.call;

// The no-SDK test (`otelGlobal()` in otelGlobal.ts, which explains the watch),
// repeated in this module: calls into another module are not inlined from
// CommonJS output, and these few nanoseconds are the whole no-SDK budget.
const G = globalThis as unknown as OtelGlobals;
const KEY: typeof API_KEY = API_KEY;
const W = watch;

function otelApi(): OtelApiGlobal | undefined {
  if (!W.watching) return G[KEY];
  if (W.api !== undefined || --W.countdown > 0) return W.api;
  return recheckWatch();
}

// Trampolines run the callee inside `context.with` with the right `this`:
// `context.with(ctx, f, thisArg)` would bind (allocate) for a receiver, and
// Node's AsyncLocalStorage calls with `this === null` otherwise.
function invoke0(f: Fn, t: unknown): unknown {
  return fnCall.call(f, t);
}
function invoke1(f: Fn, t: unknown, a: unknown): unknown {
  return fnCall.call(f, t, a);
}
function invoke2(f: Fn, t: unknown, a: unknown, b: unknown): unknown {
  return fnCall.call(f, t, a, b);
}
function invoke3(f: Fn, t: unknown, a: unknown, b: unknown, c: unknown): unknown {
  return fnCall.call(f, t, a, b, c);
}

function argsOf(argc: number, a: unknown, b: unknown, c: unknown): unknown[] {
  return argc === 0 ? [] : argc === 1 ? [a] : argc === 2 ? [a, b] : [a, b, c];
}

/**
 * The traced fixed-arity call; `argc` says how many of `a, b, c` are real.
 * `key` (the method name, for hooks) is last so plain calls can omit it.
 */
function traceFixed(
  site: Site | undefined,
  f: unknown,
  t: unknown,
  argc: number,
  a: unknown,
  b: unknown,
  c: unknown,
  key?: PropertyKey,
): any {
  if (site === undefined || site.fast !== true || typeof f !== 'function') {
    return invokeTraced(site, f, t, argsOf(argc, a, b, c), 'call', key);
  }
  const span = startSpan(site.name, site.options, site.leaf);
  if (span === undefined) return invokePlain(f, t, argsOf(argc, a, b, c), 'call');
  // The span's context, with tracing suppressed for a leaf (CLIENT/PRODUCER) site.
  const ctx = started.run;
  const runner = started.runner;
  let result: unknown;
  try {
    result =
      argc === 0
        ? runner.with(ctx, invoke0, undefined, f as Fn, t)
        : argc === 1
          ? runner.with(ctx, invoke1, undefined, f as Fn, t, a)
          : argc === 2
            ? runner.with(ctx, invoke2, undefined, f as Fn, t, a, b)
            : runner.with(ctx, invoke3, undefined, f as Fn, t, a, b, c);
  } catch (error) {
    settleError(span, undefined, error);
    throw error;
  }
  if (site.mode === MODE_SYNC) {
    endSpan(span);
    return result;
  }
  return completeAuto(span, undefined, result);
}

/** `f()` → `call0(site, f, undefined)`. `thisArg` is the callee's `this`. */
export function call0(site: Site, f: Fn, thisArg: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return thisArg === undefined ? f() : fnCall.call(f, thisArg);
  return traceFixed(site, f, thisArg, 0, undefined, undefined, undefined);
}

/** `f(a)` → `call1(site, f, undefined, a)`. */
export function call1(site: Site, f: Fn, thisArg: unknown, a: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return thisArg === undefined ? f(a) : fnCall.call(f, thisArg, a);
  return traceFixed(site, f, thisArg, 1, a, undefined, undefined);
}

/** `f(a, b)` → `call2(site, f, undefined, a, b)`. */
export function call2(site: Site, f: Fn, thisArg: unknown, a: unknown, b: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return thisArg === undefined ? f(a, b) : fnCall.call(f, thisArg, a, b);
  return traceFixed(site, f, thisArg, 2, a, b, undefined);
}

/** `f(a, b, c)` → `call3(site, f, undefined, a, b, c)`. */
export function call3(site: Site, f: Fn, thisArg: unknown, a: unknown, b: unknown, c: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return thisArg === undefined ? f(a, b, c) : fnCall.call(f, thisArg, a, b, c);
  return traceFixed(site, f, thisArg, 3, a, b, c);
}

/** `recv[key]()` → `method0(site, recv, key)`: `recv[key]` is read once, called with `this === recv`. */
export function method0(site: Site, recv: Receiver, key: PropertyKey): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return recv[key]();
  return traceFixed(site, recv[key], recv, 0, undefined, undefined, undefined, key);
}

/** `recv[key](a)` → `method1(site, recv, key, a)`. */
export function method1(site: Site, recv: Receiver, key: PropertyKey, a: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return recv[key](a);
  return traceFixed(site, recv[key], recv, 1, a, undefined, undefined, key);
}

/** `recv[key](a, b)` → `method2(site, recv, key, a, b)`. */
export function method2(site: Site, recv: Receiver, key: PropertyKey, a: unknown, b: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return recv[key](a, b);
  return traceFixed(site, recv[key], recv, 2, a, b, undefined, key);
}

/** `recv[key](a, b, c)` → `method3(site, recv, key, a, b, c)`. */
export function method3(site: Site, recv: Receiver, key: PropertyKey, a: unknown, b: unknown, c: unknown): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return recv[key](a, b, c);
  return traceFixed(site, recv[key], recv, 3, a, b, c, key);
}

/**
 * `f(...xs, y)` or more than three arguments → `call(site, f, thisArg, [...xs, y])`.
 * `args` must be a fresh array (the runtime may replace a callback in it).
 */
export function call(site: Site, f: Fn, thisArg: unknown, args: unknown[]): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return Reflect.apply(f, thisArg, args);
  return invokeTraced(site, f, thisArg, args, 'call');
}

/** `recv[key](...xs)` → `method(site, recv, key, [...xs])`; lookup once, `this === recv`. */
export function method(site: Site, recv: Receiver, key: PropertyKey, args: unknown[]): any {
  let api;
  const f = recv[key];
  if ((api = G[KEY]) === undefined || api.trace === undefined) return Reflect.apply(f, recv, args);
  return invokeTraced(site, f, recv, args, 'call', key);
}

/** `new C(...args)` → `construct(site, C, [...args])`; `new.target` is `C`. */
export function construct(site: Site, C: Ctor, args: unknown[]): any {
  const api = otelApi();
  if (api === undefined || api.trace === undefined) return Reflect.construct(C, args);
  return invokeTraced(site, C, undefined, args, 'new');
}
