/**
 * The matcher's account of its decisions, for `tracewright explain FILE:LINE`. The matcher's
 * decision points call an optional sink on the match context; without one they pay a null check.
 * Reasons are written only when a sink is present (they cost a type-to-string or a line lookup).
 */
import type * as ts from 'typescript';
import type { ResolvedRule } from '../../rules/types.js';
import type { SyntaxApi } from '../parse/syntaxApi.js';

/** What the matcher decided about one rule at one site. */
export type ExplainVerdict = 'wrapped' | 'skipped' | 'rejected';

/** One decision as a join point makes it: a rule tried on a node, and why it went as it did. @internal */
export interface ExplainDecision {
  /** The site (`wrapped`/`skipped`), or the callee expression the rule was tried on (`rejected`). */
  node: ts.Node;
  rule: ResolvedRule;
  verdict: ExplainVerdict;
  /** Why it was rejected or skipped; for `wrapped`, what matched. */
  reason: string;
}

/** A decision placed at its site (the call, `new`, tagged template or function), as the sink receives it. */
export interface ExplainEvent extends ExplainDecision {
  /** 1-based position of the site's start. */
  line: number;
  column: number;
  /** The site in short: `client.query(…)`, `new Client(…)`, `sql\`…\``. */
  site: string;
}

/** Receives the matcher's decisions. */
export type ExplainSink = (event: ExplainEvent) => void;

/**
 * Wraps a sink so that the join points' decisions arrive placed at their site: a callee is
 * climbed to the call, `new` or tagged template it is the callee of. @internal
 */
export function placeDecisions(sink: ExplainSink, t: SyntaxApi, sourceFile: ts.SourceFile): (decision: ExplainDecision) => void {
  const text = (node: ts.Node) => sourceFile.text.slice(node.getStart(sourceFile), node.end).replace(/\s*\n[\s\S]*$/, '…');
  return (decision) => {
    let node = decision.node;
    for (let parent = node.parent; parent; node = parent, parent = node.parent) {
      const calleeOf = ((t.isCallExpression(parent) || t.isNewExpression(parent) || t.isParenthesizedExpression(parent) || t.isNonNullExpression(parent)) && parent.expression === node) ||
        (t.isTaggedTemplateExpression(parent) && parent.tag === node);
      if (!calleeOf) break;
    }
    const at = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    const site = t.isCallExpression(node) ? `${text(node.expression)}(…)`
      : t.isNewExpression(node) ? `new ${text(node.expression)}(…)`
      : t.isTaggedTemplateExpression(node) ? `${text(node.tag)}\`…\`` : text(node);
    sink({ ...decision, line: at.line + 1, column: at.character + 1, site });
  };
}

/** `pg.Client or pg.Pool`, the global `fetch`, `./src/db/**`: what a rule wants, for reasons. */
export function ruleTarget(rule: ResolvedRule): string {
  const module = rule.module ?? '';
  if (rule.join === 'method' || (rule.join === 'callback-arg' && rule.exports.length === 0)) {
    const classes = rule.classes.includes('*') ? [`any class of \`${module}\``] : rule.classes.map((c) => `\`${module}.${c}\``);
    return classes.join(' or ');
  }
  const names = rule.exports.join('/');
  return module === 'global' ? `the global \`${names}\`` : `\`${names}\` exported by \`${module}\``;
}
