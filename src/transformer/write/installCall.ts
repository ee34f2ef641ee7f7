import type { ResolvedRule } from '../../rules/types.js';
import { helperName } from './siteTable.js';

/*
 * Server roots (`result: "install"`) are spelled like any wrapped call, with their own
 * runtime helpers (runtime/install.ts), always in the array form:
 *   f(a)        → __tw.installCall(__tw_site(i), f, void 0, [a])
 *   recv.m()    → __tw.installMethod(__tw_site(i), recv, "m", [])
 *   new C(a)    → __tw.installNew(__tw_site(i), C, [a])
 * Both writers (and the optional-chain lowering) ask these two functions, so only the helper
 * name and the argument form differ from a traced call.
 */

/** The runtime helper of a wrapped call or method call, and whether its arguments go in one array. */
export function callHelper(jp: { rule: ResolvedRule; hasSpread: boolean }, kind: 'call' | 'method', arity: number): { name: string; arrayForm: boolean } {
  if (jp.rule.result === 'install') return { name: kind === 'call' ? 'installCall' : 'installMethod', arrayForm: true };
  return { name: helperName(kind, arity, jp.hasSpread), arrayForm: jp.hasSpread || arity > 3 };
}

/** The runtime helper of a wrapped `new` (always the array form). */
export function constructHelper(jp: { rule: ResolvedRule }): string {
  return jp.rule.result === 'install' ? 'installNew' : 'construct';
}
