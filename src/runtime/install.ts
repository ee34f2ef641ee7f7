/**
 * Result mode `install` (server roots: `http.createServer(l)`, `app.listen()`,
 * `fastify()`): no span around the call. The call runs exactly as written,
 * then its result is handed to the site's hook, `install(result, call)`,
 * which installs request handling on it — with or without an SDK registered
 * (a server created before the SDK starts must still be traced once it does).
 *
 * Emitted shapes (always the array form: these calls are rare, start-up work):
 * ```
 * f(a)        → __tw.installCall(S, f, undefined, [a])
 * recv.m(a)   → __tw.installMethod(S, recv, "m", [a])
 * new C(a)    → __tw.installNew(S, C, [a])
 * ```
 * A plain native promise result (`await NestFactory.create()`) is installed on
 * when it fulfils, through a derived promise as in mode `auto` (promise.ts):
 * the caller gets a promise settling with the same value or the same
 * rejection reason, so Node's unhandled-rejection behaviour is unchanged.
 * Other promises (subclasses, hybrids) keep their identity and are observed.
 */
import { getHooks } from './hooks/index.js';
import type { Hooks, InstallCall } from './hooks/types.js';
import { NOT_PROMISE, PLAIN_PROMISE, promiseKind } from './promise.js';
import type { Site } from './sites.js';

// `any`: the helpers stand in for arbitrary calls, whose types the compiler already checked.
type Fn = (...args: any[]) => any;
type Ctor = new (...args: any[]) => any;

const promiseThen = Promise.prototype.then;

/** Hands `target` to `hooks.install`; never throws. */
function runInstall(hooks: Hooks, site: Site, target: unknown, thisArg: unknown, args: readonly unknown[]): void {
  try {
    const call: InstallCall = { spec: site.spec, thisArg, args };
    hooks.install!(target, call);
  } catch {
    // A throwing hook never reaches user code: the server runs untraced.
  }
}

/**
 * The call's result as the caller gets it, after (or, for a promise, once it
 * fulfils) installing on it. The hook is looked up when the call returns: with
 * none registered (or none with `install`), the result is returned untouched,
 * a promise included. @internal
 */
export function installOn(site: Site | undefined, result: unknown, thisArg: unknown, args: readonly unknown[]): unknown {
  if (site === undefined || site.hookId === undefined) return result;
  const hooks = getHooks(site.hookId);
  if (hooks === undefined || typeof hooks.install !== 'function') return result;
  const kind = promiseKind(result);
  if (kind === NOT_PROMISE) {
    runInstall(hooks, site, result, thisArg, args);
    return result;
  }
  const onFulfilled = (value: unknown): unknown => {
    runInstall(hooks, site, value, thisArg, args);
    return value;
  };
  try {
    // No rejection handler on the derived promise: it rejects with the same reason by itself,
    // and stays unhandled exactly when the caller leaves it so.
    if (kind === PLAIN_PROMISE) return promiseThen.call(result as Promise<unknown>, onFulfilled);
    // Observed only: a subclass or a hybrid keeps its identity; the no-op rejection handler
    // adds no unhandled rejection of ours (the caveat of observePromise in promise.ts).
    promiseThen.call(result as Promise<unknown>, onFulfilled, () => undefined);
  } catch {
    // Not really a promise (a Proxy with Promise.prototype): install on the object itself.
    runInstall(hooks, site, result, thisArg, args);
  }
  return result;
}

/** `f(...args)` with result mode `install` → `installCall(site, f, thisArg, [...args])`. */
export function installCall(site: Site, f: Fn, thisArg: unknown, args: unknown[]): any {
  return installOn(site, Reflect.apply(f, thisArg, args), thisArg, args);
}

/** `recv[key](...args)` → `installMethod(site, recv, key, [...args])`: `recv[key]` read once, `this === recv`. */
export function installMethod(site: Site, recv: any, key: PropertyKey, args: unknown[]): any {
  const f = recv[key];
  return installOn(site, Reflect.apply(f, recv, args), recv, args);
}

/** `new C(...args)` → `installNew(site, C, [...args])`; `new.target` is `C`. */
export function installNew(site: Site, C: Ctor, args: unknown[]): any {
  return installOn(site, Reflect.construct(C, args), undefined, args);
}
