/**
 * Result mode `callback`: the span ends when the call's last function argument
 * is first called (Node-style: a truthy first argument is the error), and the
 * callback itself runs in the caller's context, not the span's.
 */
import { context, type Context } from '@opentelemetry/api';
import type { CallRecord } from './record.js';

/**
 * Index of the last function in `args`, or -1. That function is the callback
 * (`fs.readFile(path, opts, cb)`); with none, the call is traced as `auto`.
 * @internal
 */
export function lastFunctionIndex(args: readonly unknown[]): number {
  for (let i = args.length - 1; i >= 0; i--) {
    if (typeof args[i] === 'function') return i;
  }
  return -1;
}

/**
 * Wrap `callback` so that its first call settles `record` (error when the
 * first argument is truthy, else success with the second argument as the
 * result), then runs the original with the same `this` and arguments in
 * `parent`, the context of the instrumented call's caller. Later calls just
 * pass through. The wrapper keeps the original's `length`, which some
 * libraries inspect.
 * @internal
 */
export function wrapCallback(callback: (...args: unknown[]) => unknown, record: CallRecord, parent: Context): (...args: unknown[]) => unknown {
  let called = false;
  // `arguments`, not a rest parameter: the wrapper forwards exactly what it got.
  const wrapper = function (this: unknown): unknown {
    if (!called) {
      called = true;
      const error: unknown = arguments[0];
      if (error) record.fail(error);
      else record.succeed(arguments[1]);
    }
    return context.with(parent, Reflect.apply, undefined, callback, this, arguments);
  };
  try {
    Object.defineProperty(wrapper, 'length', { value: callback.length, configurable: true });
  } catch {
    // a hostile `length` getter: keep the wrapper's own
  }
  return wrapper;
}
