/**
 * `@tracewright/runtime`: what instrumented code calls at run time. Imported
 * by the emitted code as `import * as __tw from "@tracewright/runtime"`, never
 * by hand. Depends on `@opentelemetry/api` only; with no SDK registered every
 * helper reduces to the plain call.
 *
 * Emitted shapes (see DESIGN.md §4):
 * ```
 * const S = __tw.sites(json)                      // once per file, lazily
 * f(a, b)        → __tw.call2(S[0], f, undefined, a, b)
 * obj.m(a)       → __tw.method1(S[1], obj, "m", a)
 * f(...xs, y)    → __tw.call(S[2], f, undefined, [...xs, y])
 * obj.m(...xs)   → __tw.method(S[3], obj, "m", [...xs])
 * new C(a)       → __tw.construct(S[4], C, [a])
 * @span function → return __tw.span(S[5], () => { body })
 * @span function*→ return yield* __tw.spanGenerator(S[6], function* () { body }.apply(this, arguments))
 * a?.m(x)        → (null === (__tw_r = a) || __tw_r === void 0 ? void 0 : __tw.method1(S[7], __tw_r, "m", x))
 * a.m?.(x)       → (null === (__tw_r = __tw.lookup(a, "m")) || __tw_r === void 0 ? void 0 : __tw.call1(S[8], __tw_r, __tw.held(), x))
 * super.m(x)     → __tw.call1(S[9], super.m, this, x)
 * tag`a${x}`     → __tw.tag(S[7], tag)`a${x}`            (tagged.ts: the template stays in place)
 * f.call(t, a)   → __tw.viaCall(S[8], f, [t, a])         (forwarded.ts: also viaApply, viaReflectApply)
 * f(a)           → __tw.installCall(S[9], f, undefined, [a])   (result "install", install.ts:
 * obj.m(a)       → __tw.installMethod(S[9], obj, "m", [a])      no span, the hook installs
 * new C(a)       → __tw.installNew(S[9], C, [a])                on the result)
 * obj.m(a, h)    → obj.m(...__tw.callbackArgs(S[10], [a, h])) (callbackArgs.ts: join "callback-arg")
 * ```
 */
import * as invoke from './invoke.js';
import * as spans from './span.js';
import * as siteTable from './sites.js';
import * as optional from './optional.js';
import * as tagged from './tagged.js';
import * as forwarded from './forwarded.js';
import * as install from './install.js';
import * as callbacks from './callbackArgs.js';

// Re-exported as constants, not `export { x } from`: TypeScript's CommonJS
// output turns the latter into getters, and `__tw.call1` is read on every
// instrumented call (a getter costs several ns there, the whole no-SDK budget).

/** {@inheritDoc sites} */
export const sites: typeof siteTable.sites = siteTable.sites;
/** `f()`: see {@link invoke.call0}. */
export const call0: typeof invoke.call0 = invoke.call0;
/** `f(a)`: see {@link invoke.call1}. */
export const call1: typeof invoke.call1 = invoke.call1;
/** `f(a, b)`: see {@link invoke.call2}. */
export const call2: typeof invoke.call2 = invoke.call2;
/** `f(a, b, c)`: see {@link invoke.call3}. */
export const call3: typeof invoke.call3 = invoke.call3;
/** `f(...args)`: see {@link invoke.call}. */
export const call: typeof invoke.call = invoke.call;
/** `recv[key]()`: see {@link invoke.method0}. */
export const method0: typeof invoke.method0 = invoke.method0;
/** `recv[key](a)`: see {@link invoke.method1}. */
export const method1: typeof invoke.method1 = invoke.method1;
/** `recv[key](a, b)`: see {@link invoke.method2}. */
export const method2: typeof invoke.method2 = invoke.method2;
/** `recv[key](a, b, c)`: see {@link invoke.method3}. */
export const method3: typeof invoke.method3 = invoke.method3;
/** `recv[key](...args)`: see {@link invoke.method}. */
export const method: typeof invoke.method = invoke.method;
/** `new C(...args)`: see {@link invoke.construct}. */
export const construct: typeof invoke.construct = invoke.construct;
/** `@span` function body: see {@link spans.span}. */
export const span: typeof spans.span = spans.span;
/** `@span` generator body: see {@link spans.spanGenerator}. */
export const spanGenerator: typeof spans.spanGenerator = spans.spanGenerator;
/** `recv.m?.(a)`: see {@link optional.lookup}. */
export const lookup: typeof optional.lookup = optional.lookup;
/** `recv.m?.(a)`: see {@link optional.held}. */
export const held: typeof optional.held = optional.held;
/** `` tag`…` ``: see {@link tagged.tag}. */
export const tag: typeof tagged.tag = tagged.tag;
/** `` recv.key`…` ``: see {@link tagged.tagReceiver}. */
export const tagReceiver: typeof tagged.tagReceiver = tagged.tagReceiver;
/** `` recv[key]`…` `` (computed key): see {@link tagged.tagMethod}. */
export const tagMethod: typeof tagged.tagMethod = tagged.tagMethod;
/** `f.call(t, ...args)`: see {@link forwarded.viaCall}. */
export const viaCall: typeof forwarded.viaCall = forwarded.viaCall;
/** `f.apply(t, list)`: see {@link forwarded.viaApply}. */
export const viaApply: typeof forwarded.viaApply = forwarded.viaApply;
/** `Reflect.apply(f, t, list)`: see {@link forwarded.viaReflectApply}. */
export const viaReflectApply: typeof forwarded.viaReflectApply = forwarded.viaReflectApply;
/** `f(...args)` of a server root (result `install`): see {@link install.installCall}. */
export const installCall: typeof install.installCall = install.installCall;
/** `recv[key](...args)` of a server root: see {@link install.installMethod}. */
export const installMethod: typeof install.installMethod = install.installMethod;
/** `new C(...args)` of a server root: see {@link install.installNew}. */
export const installNew: typeof install.installNew = install.installNew;
/** The argument list of a `callback-arg` site: see {@link callbacks.callbackArgs}. */
export const callbackArgs: typeof callbacks.callbackArgs = callbacks.callbackArgs;

export type { Site } from './sites.js';
export type { FileSites, SpanSpec, ResultModeCode } from './siteSpec.js';
export type { CallStart, CallbackCall, Hooks, InstallCall } from './hooks/types.js';
