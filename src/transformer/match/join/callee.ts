import type * as ts from 'typescript';
import type { SyntaxApi } from '../../parse/syntaxApi.js';
import { matchModuleExport } from './call.js';
import type { JoinContext } from './context.js';
import { matchMethod, type MethodOutcome } from './method.js';

/**
 * The `call` or `method` rule that names the function an expression
 * evaluates to, as a callee would be matched (`f`, `ns.f`, `recv.m`,
 * `recv["m"]`): the tag of a tagged template, the target of `f.call(…)`.
 * An unresolved method receiver comes back with the reason, for the report.
 */
export function matchCallee(expr: ts.Expression, ctx: JoinContext): MethodOutcome {
  const exported = matchModuleExport(ctx.bindings.resolve(expr), 'call', ctx, expr);
  if (exported) return exported;
  const member = ctx.bindings.unwrap(expr);
  if (!ctx.ts.isPropertyAccessExpression(member) && !ctx.ts.isElementAccessExpression(member)) return undefined;
  const name = staticMemberName(member, ctx.ts);
  return name === undefined ? undefined : matchMethod(member, name, ctx);
}

/** `name` of `recv.name` / `recv["name"]`; undefined for computed keys and `#private` names. */
export function staticMemberName(expr: ts.Expression, t: SyntaxApi): string | undefined {
  if (t.isPropertyAccessExpression(expr)) return t.isIdentifier(expr.name) ? expr.name.text : undefined;
  if (t.isElementAccessExpression(expr)) return t.isStringLiteralLike(expr.argumentExpression) ? expr.argumentExpression.text : undefined;
  return undefined;
}
