/**
 * A route handler as a framework registered it, with a note taken before each
 * call (the route template the request matched): the framework must not be
 * able to tell the difference.
 *
 * A Proxy rather than a wrapper function, as the join point's default wrapper
 * (`runtime/callbackArgs.ts`): `length`, `name`, own properties and symbols
 * (Nest puts `version` on its handlers), `prototype` and the `AsyncFunction`
 * tag stay the original's, the call returns exactly what the handler returns
 * (sync or async, the same Response or promise), a throw propagates as it is.
 * Only identity and `Function.prototype.toString` differ.
 */

type Fn = (...args: any[]) => any;

/** Runs before each call with the call's `this` and arguments; its throws are swallowed. */
export type BeforeCall = (thisArg: unknown, args: readonly unknown[]) => void;

/** One Proxy handler per note function: every handler wrapped with the same note shares it. */
const handlers = new WeakMap<BeforeCall, ProxyHandler<Fn>>();

/** `fn` with `before` run ahead of each call (not of `new`). @internal */
export function withBeforeCall<F extends Fn>(fn: F, before: BeforeCall): F {
  let handler = handlers.get(before);
  if (handler === undefined) {
    handler = {
      apply(target, thisArg, args) {
        try {
          before(thisArg, args);
        } catch {
          // Noting the route must never break the request.
        }
        return Reflect.apply(target, thisArg, args);
      },
    };
    handlers.set(before, handler);
  }
  return new Proxy(fn, handler as ProxyHandler<F>);
}
