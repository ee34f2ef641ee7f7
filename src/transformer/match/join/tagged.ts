import type * as ts from 'typescript';
import type { ResolvedRule } from '../../../rules/types.js';
import type { CallShape, TaggedJoinPoint } from '../joinPoint.js';
import { matchCallee } from './callee.js';
import type { JoinContext } from './context.js';

/** A tagged template to wrap, or a matched one left alone with the reason, or nothing named. */
export type TaggedOutcome =
  | { joinPoint: Omit<TaggedJoinPoint, 'line' | 'column'> }
  | { rule: ResolvedRule; skipped: string }
  | undefined;

/**
 * A tagged template whose tag a `call` rule (`sql`, `ns.sql`) or a `method`
 * rule (`db.sql`, `db["sql"]`) names, matched exactly as the same expression
 * called with parentheses would be. The shape says how the writers call the
 * tag: `plain` with `this === undefined`, `member`/`element` on its receiver.
 */
export function matchTagged(node: ts.TaggedTemplateExpression, ctx: JoinContext): TaggedOutcome {
  const t = ctx.ts;
  const outcome = matchCallee(node.tag, ctx);
  if (!outcome) return undefined;
  if ('unresolved' in outcome) return { rule: outcome.unresolved, skipped: outcome.reason };
  const rule = outcome.match;
  const tag = ctx.bindings.unwrap(node.tag);
  let shape: CallShape = 'plain';
  if (t.isPropertyAccessExpression(tag) || t.isElementAccessExpression(tag)) {
    if (tag.expression.kind === t.SyntaxKind.SuperKeyword) return { rule, skipped: '`super.tag`…`` tagged templates cannot be wrapped' };
    if (t.isPropertyAccessExpression(tag) && t.isPrivateIdentifier(tag.name)) return { rule, skipped: 'private tags (`obj.#tag`…``) cannot be called from the runtime' };
    shape = t.isPropertyAccessExpression(tag) || t.isStringLiteralLike(tag.argumentExpression) ? 'member' : 'element';
  }
  return { joinPoint: { kind: 'tagged', rule, node, shape } };
}
