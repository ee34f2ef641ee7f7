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
 * ```
 */
import * as invoke from './invoke.js';
import * as spans from './span.js';
import * as siteTable from './sites.js';
import * as optional from './optional.js';

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

export type { Site } from './sites.js';
export type { FileSites, SpanSpec, ResultModeCode } from './siteSpec.js';
export type { CallStart, Hooks } from './hooks/types.js';
