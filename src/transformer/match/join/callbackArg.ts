import type * as ts from 'typescript';
import type { CallbackSelector, ResolvedRule } from '../../../rules/types.js';
import type { CallbackArgJoinPoint, JoinPoint } from '../joinPoint.js';
import type { SyntaxApi } from '../../parse/syntaxApi.js';
import { matchModuleExport } from './call.js';
import { staticMemberName } from './callee.js';
import type { JoinContext } from './context.js';
import { matchMethod } from './method.js';

/** A call whose callbacks to wrap, a matched one left alone with the reason, or nothing. */
export type CallbackArgOutcome =
  | { joinPoint: Omit<CallbackArgJoinPoint, 'line' | 'column'> }
  | { rule: ResolvedRule; skipped: string }
  | undefined;

/**
 * `callback-arg` join points: a call matched exactly as a `method` rule (module, class, name
 * or path) or, with `export`, a `call` rule would match it, whose `callback` selector names an
 * argument the call has. A call without any argument at the selected position (`app.get('env')`,
 * the settings getter, has no `args[1]`) is not a site at all: no join point, no report. A
 * spread argument may supply any position, so a call with one is a site.
 */
export function matchCallbackArg(node: ts.CallExpression, ctx: JoinContext): CallbackArgOutcome {
  if (ctx.rules.callbackArgRules === 0) return undefined;
  const t = ctx.ts;
  let outcome = matchModuleExport(ctx.bindings.resolve(node.expression), 'callback-arg', ctx, node.expression);
  if (!outcome) {
    const callee = ctx.bindings.unwrap(node.expression);
    const name = staticMemberName(callee, t);
    if (name === undefined) return undefined;
    outcome = matchMethod(callee as ts.PropertyAccessExpression | ts.ElementAccessExpression, name, ctx, 'callback-arg');
  }
  if (!outcome) return undefined;
  const rule = 'match' in outcome ? outcome.match : outcome.unresolved;
  if (!rule.callback || !hasSelectedArgument(node, rule.callback, t)) return undefined;
  if ('unresolved' in outcome) return { rule, skipped: outcome.reason };
  return { joinPoint: { kind: 'callback-arg', rule, node } };
}

/** Whether the call may have an argument at the selector's position (a spread may supply it). */
function hasSelectedArgument(node: ts.CallExpression, selector: CallbackSelector, t: SyntaxApi): boolean {
  return node.arguments.length > selector.index || node.arguments.some((a) => t.isSpreadElement(a));
}

/**
 * Callback-arg join points inside an optional chain that the writers lower whole because it
 * also holds a wrapped call (`a?.b(x).on('e', h)` with `b` wrapped): the lowering rebuilds that
 * chain's calls, so their argument lists cannot be replaced; left alone, with the reason. An
 * optional chain holding no wrapped call keeps its `?.` as written, and the replaced argument
 * list is only evaluated when the chain does not short-circuit, as before.
 */
export function callbackArgsInLoweredChains(joinPoints: readonly JoinPoint[], t: SyntaxApi): Set<JoinPoint> {
  const lowered = new Set<ts.Node>();
  for (const jp of joinPoints) if (jp.kind === 'call' && t.isOptionalChain(jp.node)) lowered.add(outermostChain(jp.node, t));
  const out = new Set<JoinPoint>();
  if (lowered.size === 0) return out;
  for (const jp of joinPoints) {
    if (jp.kind === 'callback-arg' && t.isOptionalChain(jp.node) && lowered.has(outermostChain(jp.node, t))) out.add(jp);
  }
  return out;
}

/** The reason reported for {@link callbackArgsInLoweredChains}. */
export const LOWERED_CHAIN_REASON = 'optional chaining: this call is in the same optional chain as a wrapped call, whose lowering rebuilds the chain; its callbacks are not wrapped';

/** The outermost link of the optional chain `node` belongs to (as write/optionalChain.ts finds it). */
function outermostChain(node: ts.Expression, t: SyntaxApi): ts.Node {
  let o: ts.Node = node;
  while (o.parent && t.isOptionalChain(o.parent) && (o.parent as ts.PropertyAccessExpression).expression === o) o = o.parent;
  return o;
}
