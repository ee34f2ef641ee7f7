/**
 * Tagged templates. The writers keep the template literal where it is and
 * replace only its tag:
 * ```
 * sql`select ${x}`       → __tw.tag(site, sql)`select ${x}`
 * db.sql`select ${x}`    → __tw.tagReceiver(site, db, "sql").sql`select ${x}`
 * db[k]`select ${x}`     → __tw.tagMethod(site, db, k)`select ${x}`   (computed keys)
 * ```
 * The template object belongs to the source site, so the tag still receives
 * the site's own frozen strings array (the same object on every evaluation,
 * what lit and SQL taggers cache on); tsc's downlevel output caches it per
 * site too (`templateObject_1 || (templateObject_1 = …)`).
 *
 * Order kept from the plain expression: the tag (receiver, then the member
 * lookup) is evaluated first, then the substitutions, then the call; the span
 * covers the call only. The callee sees `(strings, ...substitutions)`, so a
 * rule's `args[0]` is the strings array and `args[1]…` the substitutions.
 *
 * Cost: with no SDK, `tag` returns the tag function itself and `tagReceiver`
 * the receiver itself, so the emitted `.sql` reads the tag and calls it on its
 * receiver as plain code does (nothing allocated); `tagMethod` (computed keys,
 * whose key expression cannot be repeated) returns a bound copy. With an SDK,
 * a closure (in a one-property object for `tagReceiver`) and the argument
 * array per evaluation, as the general call path allocates anyway.
 */
import { otelGlobal } from './otelGlobal.js';
import { invokeTraced } from './general.js';
import type { Site } from './sites.js';

// Typed as the tag itself, so instrumented TypeScript with type arguments (`sql<Row>`…``) still checks.
type Fn = (...args: any[]) => any;

const bind = Function.prototype.bind;

function noSdk(): boolean {
  const api = otelGlobal();
  return api === undefined || api.trace === undefined;
}

/**
 * `` f`…` `` → `` tag(site, f)`…` ``: the function to call in place of `f`,
 * with `this === undefined` as in the plain tagged call. A tag that is not a
 * function is returned as is, so the call throws the plain `TypeError`.
 */
export function tag<F extends Fn>(site: Site, f: F): F {
  if (typeof f !== 'function' || noSdk()) return f;
  return ((...args: unknown[]) => invokeTraced(site, f, undefined, args, 'call')) as F;
}

/**
 * `` recv[key]`…` `` → `` tagMethod(site, recv, key)`…` ``: reads `recv[key]`
 * once, now (before the substitutions, as the plain expression does), and
 * returns the function to call in its place, bound to `recv`.
 */
export function tagMethod<R, K extends keyof R>(site: Site, recv: R, key: K): R[K] {
  const f = recv[key];
  if (typeof f !== 'function') return f;
  if (noSdk()) return bind.call(f, recv) as R[K];
  return ((...args: unknown[]) => invokeTraced(site, f, recv, args, 'call', key)) as R[K];
}

/**
 * `` recv.key`…` `` → `` tagReceiver(site, recv, "key").key`…` ``: with no SDK,
 * `recv` itself, so the emitted property read and call are the plain ones.
 * With an SDK, reads `recv[key]` once, now (before the substitutions, as the
 * plain expression does), and returns `{ [key]: traced }`, whose function
 * calls it on `recv` under a span.
 */
export function tagReceiver<R>(site: Site, recv: R, key: keyof R): R {
  if (noSdk()) return recv;
  const f = recv[key];
  if (typeof f !== 'function') return { [key]: f } as R;
  return { [key]: (...args: unknown[]) => invokeTraced(site, f, recv, args, 'call', key) } as R;
}
