/**
 * Calls forwarded through `Function.prototype.call`/`apply` and `Reflect.apply`.
 * The writers keep the forwarding receiver and pass the original argument
 * list as an array, so every operand is evaluated exactly once and in order:
 * ```
 * f.call(t, a, b)            → __tw.viaCall(site, f, [t, a, b])
 * f.apply(t, list)           → __tw.viaApply(site, f, [t, list])
 * obj.m.call(t, a)           → __tw.viaCall(site, obj.m, [t, a], "m")
 * Reflect.apply(f, t, list)  → __tw.viaReflectApply(site, Reflect, [f, t, list])
 * ```
 * The helper reads `.call` / `.apply` (after the arguments, the documented
 * lookup-timing difference of method calls). When that is the built-in, the
 * target is called with the real `this` and argument list under a span, so a
 * rule's `args[0]` is the callee's first argument (`fetch.call(undefined, url)`
 * → the url). Anything else — a replaced or user-defined `call`/`apply`, a
 * target that is not a function, an argument list the built-in would reject —
 * runs exactly as written, without a span. The last argument names the method
 * for hooks when the target is `recv.m`.
 */
import { otelGlobal } from './otelGlobal.js';
import { invokeTraced } from './general.js';
import type { Site } from './sites.js';

const fnCall = Function.prototype.call;
const fnApply = Function.prototype.apply;
const reflectApply = Reflect.apply;
const arrayOf = Array.of;

function noSdk(): boolean {
  const api = otelGlobal();
  return api === undefined || api.trace === undefined;
}

/** `list` as `apply` reads it (`CreateListFromArrayLike`): the same reads, the same errors. */
function listOf(list: unknown): unknown[] {
  return reflectApply(arrayOf, undefined, list as ArrayLike<unknown>) as unknown[];
}

/** An argument list `Function.prototype.apply` accepts: nullish (no arguments) or an object. */
function acceptedByApply(list: unknown): boolean {
  return list == null || typeof list === 'object' || typeof list === 'function';
}

/** `f.call(...argv)` → `viaCall(site, f, argv, key?)`. */
export function viaCall(site: Site, f: any, argv: unknown[], key?: PropertyKey): any {
  const forward = f.call;
  if (forward !== fnCall || typeof f !== 'function' || noSdk()) return reflectApply(forward, f, argv);
  return invokeTraced(site, f, argv[0], argv.slice(1), 'call', key);
}

/** `f.apply(...argv)` → `viaApply(site, f, argv, key?)`. */
export function viaApply(site: Site, f: any, argv: unknown[], key?: PropertyKey): any {
  const forward = f.apply;
  if (forward !== fnApply || typeof f !== 'function' || !acceptedByApply(argv[1]) || noSdk()) return reflectApply(forward, f, argv);
  return invokeTraced(site, f, argv[0], argv[1] == null ? [] : listOf(argv[1]), 'call', key);
}

/** `Reflect.apply(...argv)` → `viaReflectApply(site, Reflect, argv, key?)`: `argv[0]` is the target. */
export function viaReflectApply(site: Site, reflect: any, argv: unknown[], key?: PropertyKey): any {
  const forward = reflect.apply;
  const target = argv[0];
  const list = argv[2];
  if (forward !== reflectApply || typeof target !== 'function' || list === null || (typeof list !== 'object' && typeof list !== 'function') || noSdk()) {
    return reflectApply(forward, reflect, argv);
  }
  return invokeTraced(site, target, argv[1], listOf(list), 'call', key);
}
