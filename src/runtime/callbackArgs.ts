/**
 * `callback-arg` sites (route registrations, consumers): only the argument
 * list of the matched call is replaced,
 * ```
 * app.get(p, h1, h2)   → app.get(...__tw.callbackArgs(S, [p, h1, h2]))
 * on({ callback: h })  → on(...__tw.callbackArgs(S, [{ callback: h }]))
 * ```
 * and the runtime hands back the same array with each selected function (the
 * site's `b`: `args[N]`, `args[N..]`, `args[N].prop`) replaced by a wrapper.
 * Wrapping happens when the registering call runs, with or without an SDK
 * (a route registered before the SDK starts is called after); the wrapper
 * itself only calls through while no SDK is registered.
 *
 * Who wraps: the site hook's `wrapCallback(fn, { spec, args, index, property })`
 * when it has one (its answer replaces `fn`; `undefined` or a throw keeps
 * `fn`); otherwise {@link defaultWrapper}, which opens the rule's span around
 * each invocation of the callback.
 *
 * Never mutates the caller's objects: a property selector gets a shallow copy
 * of the options object (same prototype, same property descriptors, the one
 * property replaced), and a plain array of functions among the selected
 * arguments (Express's `app.get(p, [h1, h2])`) a copy with its functions wrapped.
 */
import type { CallbackCall } from './hooks/types.js';
import { getHooks } from './hooks/index.js';
import { noSdk } from './otelGlobal.js';
import { invokeTraced } from './general.js';
import type { Site } from './sites.js';

type Fn = (...args: any[]) => any;

/** How deep nested handler arrays are followed (`[[h1, [h2]]]`); deeper ones are left as they are. */
const MAX_ARRAY_DEPTH = 4;

/**
 * `recv.m(...callbackArgs(site, [a, b]))`: `args` (a fresh array the emitted
 * code built) with the selected callbacks wrapped; the same array object.
 */
export function callbackArgs(site: Site | undefined, args: unknown[]): unknown[] {
  const selector = site?.spec.b;
  if (site === undefined || selector === undefined || typeof selector.i !== 'number') return args;
  const index = selector.i;
  if (index >= args.length) return args;
  // What the hook sees as the registering call's arguments: as evaluated, before any wrapping.
  const original = Object.freeze(args.slice());
  if (typeof selector.p === 'string') {
    const copy = withWrappedProperty(site, args[index], selector.p, original, index);
    if (copy !== undefined) args[index] = copy;
    return args;
  }
  const last = selector.r === 1 ? args.length - 1 : index;
  for (let k = index; k <= last; k++) args[k] = wrapValue(site, args[k], original, k, 0);
  return args;
}

/** A function wrapped, a plain array copied with its functions wrapped, anything else as is. */
function wrapValue(site: Site, value: unknown, original: readonly unknown[], index: number, depth: number): unknown {
  if (typeof value === 'function') return wrapOne(site, value as Fn, { spec: site.spec, args: original, index });
  if (depth < MAX_ARRAY_DEPTH && isPlainArray(value) && value.some((v) => typeof v === 'function' || Array.isArray(v))) {
    return value.map((item) => wrapValue(site, item, original, index, depth + 1));
  }
  return value;
}

function isPlainArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

/**
 * `args[N].prop`: a shallow copy of the options object `holder` whose `prop`
 * is the wrapped callback, or undefined (leave the argument alone) when
 * `holder[prop]` is not a function or the object cannot be copied.
 */
function withWrappedProperty(site: Site, holder: unknown, property: string, original: readonly unknown[], index: number): object | undefined {
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) return undefined;
  try {
    const fn = (holder as Record<string, unknown>)[property];
    if (typeof fn !== 'function') return undefined;
    const wrapped = wrapOne(site, fn as Fn, { spec: site.spec, args: original, index, property });
    if (wrapped === fn) return undefined;
    const copy = Object.create(Object.getPrototypeOf(holder), Object.getOwnPropertyDescriptors(holder)) as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(holder, property);
    // An own data property keeps its attributes; an inherited or accessor one becomes a plain own value.
    Object.defineProperty(copy, property, own !== undefined && 'value' in own
      ? { ...own, value: wrapped }
      : { value: wrapped, writable: true, enumerable: true, configurable: true });
    return copy;
  } catch {
    return undefined; // a throwing getter or Proxy trap: the library meets it as without us
  }
}

/** The hook's wrapper when it has `wrapCallback`, else the default span wrapper; `fn` on failure. */
function wrapOne(site: Site, fn: Fn, call: CallbackCall): unknown {
  const hooks = site.hookId !== undefined ? getHooks(site.hookId) : undefined;
  if (hooks !== undefined && typeof hooks.wrapCallback === 'function') {
    try {
      const wrapped = hooks.wrapCallback(fn, call);
      return wrapped === undefined ? fn : wrapped;
    } catch {
      return fn;
    }
  }
  try {
    return defaultWrapper(site, fn);
  } catch {
    return fn;
  }
}

/** One Proxy handler per site: the wrappers of a site share it. */
const handlers = new WeakMap<Site, ProxyHandler<Fn>>();

/**
 * The rule's span around each invocation of `fn`: name, kind, attributes from
 * the rule, `span.args` read from the callback's own arguments, hooks'
 * `onStart`/`onResult`/`onError` with the callback's `this` and arguments, the
 * result mode as for a call site (a returned native promise ends the span when
 * it settles; the caller then gets the derived promise, runtime/promise.ts).
 *
 * A Proxy rather than a wrapper function: everything but the call itself is the
 * original's — `length` (Express tells error handlers by arity 4), `name`,
 * own properties and symbols frameworks attach, `prototype`, the
 * `AsyncFunction` constructor and `Symbol.toStringTag` some frameworks test to
 * tell async handlers apart, and `new` (no span). Only identity and
 * `Function.prototype.toString` output differ. With no SDK the trap calls
 * straight through.
 */
export function defaultWrapper(site: Site, fn: Fn): Fn {
  let handler = handlers.get(site);
  if (handler === undefined) {
    handler = {
      apply(target, thisArg, argArray) {
        if (noSdk()) return Reflect.apply(target, thisArg, argArray);
        // `argArray` is a fresh array of the engine's: the runtime may replace elements (mode callback).
        return invokeTraced(site, target, thisArg, argArray, 'call');
      },
    };
    handlers.set(site, handler);
  }
  return new Proxy(fn, handler);
}
