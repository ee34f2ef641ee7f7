/**
 * Optional member calls, `recv.m?.(a)` and `recv[k]?.(a)`: the emitted code
 * must look `recv.m` up once, test it for `null`/`undefined` before any
 * argument is evaluated, and then call it with `this === recv`. It spells
 * ```
 * null === (__tw_r = __tw.lookup(recv, "m")) || __tw_r === void 0
 *   ? void 0 : __tw.call1(__tw_site(i), __tw_r, __tw.held(), a)
 * ```
 * `lookup` reads the property (getters and proxies run exactly once, as in
 * the plain call; a nullish `recv` throws the same TypeError) and remembers
 * the receiver; `held()` hands it back. Between the two only the emitted test
 * and the site accessor run — no user code — so one slot is enough, however
 * calls nest, recurse, await or yield around them.
 */

let receiver: unknown;

/** `recv[key]`, remembering `recv` for the {@link held} that follows. */
export function lookup(recv: any, key: PropertyKey): unknown {
  const f = recv[key];
  // A nullish `f` short-circuits: no `held()` follows, so keep no reference.
  receiver = f === null || f === undefined ? undefined : recv;
  return f;
}

/** The receiver of the last {@link lookup}, released so the runtime keeps no reference to it. */
export function held(): unknown {
  const r = receiver;
  receiver = undefined;
  return r;
}
