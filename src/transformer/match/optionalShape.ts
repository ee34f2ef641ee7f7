import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';

/**
 * Why a call in an optional chain (`a?.b()`, `a.b?.()`, `f?.()`, `a?.b.c()`)
 * is left alone, or undefined when the writers can lower its chain with the
 * short-circuit kept (write/optionalChain.ts). The shapes left alone are the
 * ones whose short-circuit the lowering would have to evaluate differently.
 * @internal
 */
export function optionalCallReason(node: ts.CallExpression, t: SyntaxApi): string | undefined {
  if (!t.isOptionalChain(node)) return undefined;
  let n: ts.Expression = node.expression;
  for (; t.isOptionalChain(n); n = (n as ts.CallExpression).expression) {
    if (t.isCallExpression(n) && n.questionDotToken) {
      return 'optional chaining: an earlier optional call (`?.()`) in the same chain is not lowered, so this call is left alone';
    }
  }
  const root = strip(n, t);
  if (n === node.expression && node.questionDotToken) {
    if (root !== n && t.isOptionalChain(root)) {
      return 'optional chaining: the callee is itself a parenthesised optional chain (`(a?.b)?.()`), whose receiver cannot be kept for `this` together with its own short-circuit';
    }
    if (t.isPropertyAccessExpression(root) && t.isPrivateIdentifier(root.name)) return 'private methods (`obj.#m()`) cannot be called from the runtime';
  }
  return undefined;
}

function strip(e: ts.Expression, t: SyntaxApi): ts.Expression {
  return t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isTypeAssertionExpression(e) || t.isSatisfiesExpression(e)
    ? strip(e.expression, t) : e;
}
