/**
 * The matcher's account of its decisions, for `tracewright explain FILE:LINE`. The matcher's
 * decision points call an optional sink on the match context; without one they pay a null check.
 * Reasons are written only when a sink is present (they cost a type-to-string or a line lookup).
 */
import type * as ts from 'typescript';
import type { ResolvedRule } from '../../rules/types.js';

/** What the matcher decided about one rule at one site. */
export type ExplainVerdict = 'wrapped' | 'skipped' | 'rejected';

/** One decision: a rule tried on a call, `new`, tagged template or function, and why it went as it did. */
export interface ExplainEvent {
  /** The site (`wrapped`/`skipped`), or the callee expression the rule was tried on (`rejected`). */
  node: ts.Node;
  rule: ResolvedRule;
  verdict: ExplainVerdict;
  /** Why it was rejected or skipped; for `wrapped`, what matched. */
  reason: string;
}

/** Receives the matcher's decisions. */
export type ExplainSink = (event: ExplainEvent) => void;

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
