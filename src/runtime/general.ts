/**
 * The general traced path: any number of arguments (as an array), `new`,
 * hooks, attributes read from arguments, and the `callback` and `iterable`
 * result modes. Used when an SDK is registered and the site needs more than
 * the fixed-arity fast path offers; it may allocate.
 */
import { context, ROOT_CONTEXT, type Attributes, type Context, type Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './hooks/types.js';
import { getHooks } from './hooks/index.js';
import { callAttributes } from './attributes.js';
import { MODE_CALLBACK, MODE_INSTALL, MODE_ITERABLE, type Site } from './sites.js';
import { spanContext, startSpan, started, type ContextRunner } from './tracer.js';
import { CallRecord, settleError } from './record.js';
import { lastFunctionIndex, wrapCallback } from './callback.js';
import { complete } from './result.js';
import { LeafContext } from './suppress.js';

/** @internal A call (`f(...)`, `obj.m(...)`) or a construction (`new C(...)`). */
export type CallKind = 'call' | 'new';

/**
 * The call without a span: exactly what the plain expression does once its
 * operands are evaluated, including the `TypeError` for a target that is not
 * callable (or not a constructor); only the message text may differ.
 * @internal
 */
export function invokePlain(target: unknown, thisArg: unknown, args: unknown[], kind: CallKind): unknown {
  return kind === 'new'
    ? Reflect.construct(target as new (...a: unknown[]) => unknown, args)
    : Reflect.apply(target as (...a: unknown[]) => unknown, thisArg, args);
}

function runHook(hooks: Hooks, which: 'onStart' | 'onInject', call: CallStart, ctx?: Context): void {
  const hook = hooks[which];
  if (typeof hook !== 'function') return;
  try {
    if (which === 'onStart') hooks.onStart?.(call);
    else hooks.onInject?.(call, ctx as Context);
  } catch {
    // A throwing hook never reaches user code: the call goes on with what the hook left.
  }
}

/**
 * Out-parameters of {@link begin} besides the span it returns, as module state
 * (like `started` in tracer.ts) so that a traced call allocates no result
 * object; set at the end of `begin`, read right after it returns.
 */
const begun: {
  /** Per-call state, when hooks (or later a callback or an iterable) decide the end. */
  record: CallRecord | undefined;
  /** The arguments the callee receives (a hook may have replaced the array). */
  args: unknown[];
  /** The caller's context (the span's parent); callbacks run in it. */
  parent: Context;
  /** Where the callee runs: the span's context, with tracing suppressed for a leaf site. */
  run: Context;
  /** Runs the callee in `run`. */
  runner: ContextRunner;
} = { record: undefined, args: [], parent: ROOT_CONTEXT, run: ROOT_CONTEXT, runner: context };

/**
 * Attributes and hooks (`onStart`, then `onInject` once the span exists), then
 * the span (`undefined` when the tracer failed: run untraced); the rest in {@link begun}.
 */
function begin(site: Site, hooks: Hooks | undefined, thisArg: unknown, args: unknown[], key: PropertyKey | undefined): Span | undefined {
  let name = site.name;
  let attributes: Attributes = site.attributes;
  let call: CallStart | undefined;
  if (hooks !== undefined || site.argAttributes !== undefined) {
    attributes = callAttributes(site.attributes, site.argAttributes, args);
  }
  if (hooks !== undefined) {
    call = { spec: site.spec, thisArg, key, args, name, attributes };
    runHook(hooks, 'onStart', call);
    if (typeof call.name === 'string') name = call.name;
    if (typeof call.attributes === 'object' && call.attributes !== null) attributes = call.attributes;
    if (Array.isArray(call.args)) args = call.args;
  }
  const options = attributes === site.attributes ? site.options : { kind: site.kind, attributes };
  const span = startSpan(name, options, site.leaf);
  const parent = started.parent;
  const ctx = started.ctx;
  const run = started.run;
  const runner = started.runner;
  let record: CallRecord | undefined;
  if (span !== undefined && hooks !== undefined && call !== undefined) {
    if (run instanceof LeafContext) call.suppression = run;
    record = new CallRecord(span, hooks, call);
    // `onInject` gets the span's own context: never suppressed, or nothing would be injected.
    if (typeof hooks.onInject === 'function') runHook(hooks, 'onInject', call, spanContext(parent, span, ctx));
    if (Array.isArray(call.args)) args = call.args;
  }
  begun.record = record;
  begun.args = args;
  begun.parent = parent;
  begun.run = run;
  begun.runner = runner;
  return span;
}

/**
 * Trace one call through the general path. `args` must be an array the
 * runtime owns (the emitted code builds it fresh, or the fixed-arity helpers
 * do): a hook or the callback mode may replace its elements. `key` is the
 * method called on `thisArg`, for the hooks (`undefined` for plain calls).
 * @internal
 */
export function invokeTraced(
  site: Site | undefined,
  target: unknown,
  thisArg: unknown,
  args: unknown[],
  kind: CallKind,
  key?: PropertyKey,
): unknown {
  // A missing site (unreadable site table), an `install` site (the writers spell those with
  // install.ts's helpers; never a span) or a non-callable target: no span.
  if (site === undefined || site.mode === MODE_INSTALL || typeof target !== 'function') return invokePlain(target, thisArg, args, kind);
  const span = begin(site, site.hookId !== undefined ? getHooks(site.hookId) : undefined, thisArg, args, key);
  let record = begun.record;
  const callArgs = begun.args;
  const parent = begun.parent;
  const run = begun.run;
  const runner = begun.runner;
  if (span === undefined) return invokePlain(target, thisArg, callArgs, kind);

  let callbackWrapped = false;
  if (site.mode === MODE_CALLBACK) {
    const index = lastFunctionIndex(callArgs);
    if (index >= 0) {
      record ??= new CallRecord(span, undefined, undefined);
      callArgs[index] = wrapCallback(callArgs[index] as (...a: unknown[]) => unknown, record, parent);
      callbackWrapped = true;
    }
  } else if (site.mode === MODE_ITERABLE) {
    record ??= new CallRecord(span, undefined, undefined);
  }

  let result: unknown;
  try {
    result =
      kind === 'new'
        ? runner.with(run, Reflect.construct, undefined, target as new (...a: unknown[]) => unknown, callArgs)
        : runner.with(run, Reflect.apply, undefined, target as (...a: unknown[]) => unknown, thisArg, callArgs);
  } catch (error) {
    settleError(span, record, error);
    throw error;
  }
  // With a callback the span ends when it is called; the return value is left alone.
  if (callbackWrapped) return result;
  // Iterator steps are the library's lazy work: run like the call (suppressed for a leaf).
  return complete(site.mode, span, record, result, run);
}
