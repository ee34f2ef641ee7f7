/**
 * Wrappers that frameworks cannot tell from the function they replace: the same `length`
 * (Express tells error handlers by arity 4), `name`, and prototype (so an async function's
 * wrapper still has `constructor.name === 'AsyncFunction'`, which Fastify and others test),
 * while the wrapper itself returns exactly what the function returns — the same promise
 * object for an async function, no extra ticks, a sync function stays sync.
 */

/**
 * Makes `wrapper` look like `fn` (`length`, `name`, prototype) and returns it. The wrapper
 * must call `fn` with its own `this` and `arguments` and return its result unchanged.
 */
export function sameShape<W extends (...args: any[]) => any>(wrapper: W, fn: (...args: any[]) => any): W {
  Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
  Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
  const proto: unknown = Object.getPrototypeOf(fn);
  if (proto !== Object.getPrototypeOf(wrapper)) Object.setPrototypeOf(wrapper, proto as object | null);
  return wrapper;
}
