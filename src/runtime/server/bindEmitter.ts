/**
 * The request's and the response's listeners run in the request span's
 * context: what `context.bind(ctx, emitter)` does, at a fraction of its cost
 * on the per-request path.
 *
 * Why not `context.bind`: the async-hooks context manager gives each emitter
 * seven fresh closures and a listener map, and wraps every listener added in a
 * closure whose `length` it redefines (`Object.defineProperty` on a function,
 * about 1 µs per listener; Node itself adds one after each response,
 * `clearIncoming`). Measured on the Fastify bench app, binding was the largest
 * single cost of a traced request after the SDK's own span.
 *
 * How instead: the emitter gets own `on` / `addListener` / `prependListener`
 * (shared functions, no closure per request) and its context under a symbol.
 * Each listener added through them is wrapped once in a function that runs it
 * in that context and carries the original as `.listener` — the property
 * Node's `EventEmitter` already follows for `once` wrappers — so the native
 * `removeListener`, `off`, `listeners()` and `removeAllListeners` find and
 * report the original with nothing patched. `once` and `prependOnceListener`
 * go through `on` / `prependListener` in Node, so they are bound too; only
 * removing a still-pending `once` listener by its original function needs a
 * look one level deeper, which the shared `removeListener` / `off` do.
 */
import { context, type Context } from '@opentelemetry/api';

type Listener = (...args: unknown[]) => unknown;
type Wrapped = Listener & { listener?: Listener };

interface EmitterMethods {
  on(event: string | symbol, listener: Listener): unknown;
  addListener(event: string | symbol, listener: Listener): unknown;
  prependListener(event: string | symbol, listener: Listener): unknown;
  removeListener(event: string | symbol, listener: Listener): unknown;
  off(event: string | symbol, listener: Listener): unknown;
  rawListeners(event: string | symbol): Wrapped[];
}

const BOUND_CONTEXT: unique symbol = Symbol('tracewright.emitterContext') as never;
type Bound = EmitterMethods & { [BOUND_CONTEXT]: Context };

/** The prototype's method `name` of `emitter` (the one our own property hides). */
function inherited(emitter: Bound, name: keyof EmitterMethods): (...args: unknown[]) => unknown {
  return (Object.getPrototypeOf(emitter) as EmitterMethods)[name] as (...args: unknown[]) => unknown;
}

/** `listener` running in `ctx`, with the original kept where Node's `EventEmitter` looks for it. */
function bindListener(ctx: Context, listener: Listener): Wrapped {
  if (typeof listener !== 'function') return listener; // let Node's own check throw its usual error
  const wrapped: Wrapped = function (this: unknown): unknown {
    return context.with(ctx, Reflect.apply, undefined, listener, this, arguments);
  };
  // the function as added: a `once` wrapper stays one, so it still finds itself to remove
  wrapped.listener = listener;
  return wrapped;
}

function on(this: Bound, event: string | symbol, listener: Listener): unknown {
  return inherited(this, 'on').call(this, event, bindListener(this[BOUND_CONTEXT], listener));
}

function addListener(this: Bound, event: string | symbol, listener: Listener): unknown {
  return inherited(this, 'addListener').call(this, event, bindListener(this[BOUND_CONTEXT], listener));
}

function prependListener(this: Bound, event: string | symbol, listener: Listener): unknown {
  return inherited(this, 'prependListener').call(this, event, bindListener(this[BOUND_CONTEXT], listener));
}

/**
 * The registered function standing for `listener`: a pending `once` wrapper
 * we bound holds the original one level down (`bound.listener.listener`).
 */
function registered(emitter: Bound, event: string | symbol, listener: Listener): Listener {
  try {
    for (const raw of inherited(emitter, 'rawListeners').call(emitter, event) as Wrapped[]) {
      if (raw === listener || raw.listener === listener) return listener;
      if ((raw.listener as Wrapped | undefined)?.listener === listener) return raw as Listener;
    }
  } catch {
    // an exotic emitter: remove as asked
  }
  return listener;
}

function removeListener(this: Bound, event: string | symbol, listener: Listener): unknown {
  return inherited(this, 'removeListener').call(this, event, registered(this, event, listener));
}

function off(this: Bound, event: string | symbol, listener: Listener): unknown {
  return inherited(this, 'off').call(this, event, registered(this, event, listener));
}

const METHODS = { on, addListener, prependListener, removeListener, off };

/**
 * Makes listeners added to `emitter` from now on run in `ctx` (a Node
 * `EventEmitter` whose methods are the prototype's). An emitter with methods
 * of its own, or already bound, is left as it is. Never throws.
 */
export function bindEmitter(ctx: Context, emitter: object): void {
  try {
    const target = emitter as Partial<Bound>;
    if (target[BOUND_CONTEXT] !== undefined || Object.prototype.hasOwnProperty.call(emitter, 'on')) return;
    if (typeof target.rawListeners !== 'function' || typeof target.removeListener !== 'function') return;
    target[BOUND_CONTEXT] = ctx;
    // Plain assignments in one fixed order: every bound request shares one hidden class.
    target.on = METHODS.on;
    target.addListener = METHODS.addListener;
    target.prependListener = METHODS.prependListener;
    target.removeListener = METHODS.removeListener;
    target.off = METHODS.off;
  } catch {
    // a frozen emitter: its listeners run where they are emitted
  }
}
