import type * as ts from 'typescript';
import type { ResolvedRule } from '../../../rules/types.js';
import type { ForwardedJoinPoint } from '../joinPoint.js';
import { matchCallee, staticMemberName } from './callee.js';
import type { JoinContext } from './context.js';

/** A forwarded call to wrap, or a matched one left alone with the reason, or nothing named. */
export type ForwardedOutcome =
  | { joinPoint: Omit<ForwardedJoinPoint, 'line' | 'column'> }
  | { rule: ResolvedRule; skipped: string }
  | undefined;

const FORWARDERS: Record<string, ForwardedJoinPoint['via'] | 'bind'> = { call: 'call', apply: 'apply', bind: 'bind' };

/**
 * A matched function (or method) called through a forwarder: `f.call(t, …)`,
 * `f.apply(t, list)`, `obj.m.call(other, …)`, `Reflect.apply(f, t, list)`
 * (the global `Reflect`, never a local one). `f.bind(…)` is reported: the
 * bound function's calls cannot be followed. The target is matched exactly as
 * a callee would be, so shadowed names and user objects with a `call`
 * property never match; at run time a `call`/`apply` that is not the built-in
 * runs as written, without a span (runtime/forwarded.ts).
 */
export function matchForwarded(node: ts.CallExpression, ctx: JoinContext): ForwardedOutcome {
  const t = ctx.ts;
  const callee = ctx.bindings.unwrap(node.expression);
  // Cheap first: most calls are not `x.call`/`x.apply`/`x.bind`.
  const name = staticMemberName(callee, t);
  if (name === undefined || !Object.hasOwn(FORWARDERS, name)) return undefined;
  let via = FORWARDERS[name]!;
  let target: ts.Expression | undefined = (callee as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression;
  if (name === 'apply' && isGlobalReflectApply(callee, ctx)) {
    via = 'reflect-apply';
    target = node.arguments[0];
    if (target === undefined || t.isSpreadElement(target)) return undefined;
  }
  const outcome = matchCallee(target, ctx);
  if (!outcome) return undefined;
  if ('unresolved' in outcome) return { rule: outcome.unresolved, skipped: outcome.reason };
  const rule = outcome.match;
  if (via === 'bind') {
    return { rule, skipped: '`.bind(…)` makes a new function whose calls are not followed: not wrapped; call the function itself, or through `.call(…)`' };
  }
  if (t.isOptionalChain(node) || hasOptionalLink(node.expression, ctx)) {
    return { rule, skipped: `optional chaining (\`?.\`) in a forwarded call (\`${via === 'reflect-apply' ? 'Reflect.apply' : `.${via}`}\`) is left alone` };
  }
  const key = staticMemberName(ctx.bindings.unwrap(target), t);
  return { joinPoint: { kind: 'forwarded', rule, node, via, ...(key === undefined ? {} : { key }) } };
}

/** `Reflect.apply` / `globalThis.Reflect.apply` with no local `Reflect` in scope. */
function isGlobalReflectApply(callee: ts.Expression, ctx: JoinContext): boolean {
  const origin = ctx.bindings.resolve(callee);
  return origin?.kind === 'global' && origin.path.length === 2 && origin.path[0] === 'Reflect' && origin.path[1] === 'apply';
}

/** Whether the callee chain has a `?.` link (`f?.call(…)` parses as an optional chain too). */
function hasOptionalLink(expr: ts.Expression, ctx: JoinContext): boolean {
  const e = ctx.bindings.unwrap(expr);
  return ctx.ts.isOptionalChain(e);
}
