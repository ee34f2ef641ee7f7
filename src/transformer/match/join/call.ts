import type { ResolvedRule } from '../../../rules/types.js';
import type { Origin } from '../bindings.js';
import type * as ts from 'typescript';
import { specifierMatches, type JoinContext } from './context.js';
import { ruleTarget } from '../explain.js';

/** The rule a call or `new` matches, or a project-glob rule that may match a module nothing resolves, with why. */
export type ExportOutcome = { match: ResolvedRule } | { unresolved: ResolvedRule; reason: string } | undefined;

/**
 * `call` and `new` join points: the callee (or constructor) is a function
 * exported by a module, or a global. Decides from the callee's origin alone,
 * so shadowed locals never match. A project-glob rule matches when the
 * specifier loads a file of its glob, however it is spelled (`'..'`, `'./dir'`,
 * `'@/db'`, the package's own name): the file's module resolution decides.
 */
export function matchModuleExport(origin: Origin | undefined, join: 'call' | 'new' | 'callback-arg', ctx: JoinContext, callee?: ts.Expression): ExportOutcome {
  const outcome = exportOutcome(origin, join, ctx);
  if (ctx.explain && callee && origin) explainExport(origin, join, ctx, callee, outcome);
  return outcome;
}

function exportOutcome(origin: Origin | undefined, join: 'call' | 'new' | 'callback-arg', ctx: JoinContext): ExportOutcome {
  if (!origin || origin.kind === 'local') return undefined;
  // `callback-arg` rules naming an export share the `call` rules' table (ruleIndex.ts).
  const byModule = join === 'new' ? ctx.rules.constructs : ctx.rules.calls;
  if (origin.kind === 'global') {
    if (origin.path.length !== 1) return undefined;
    return found(byModule.get('global')?.find((r) => r.join === join && exportsName(r, origin.path[0]!)));
  }
  const name = exportName(origin);
  if (name === undefined) return undefined;
  const fromPackage = byModule.get(origin.module)?.find((r) => r.join === join && exportsName(r, name));
  if (fromPackage) return { match: fromPackage };
  let unresolved: ExportOutcome;
  for (const p of ctx.rules.projectCalls) {
    if (p.rule.join !== join || !exportsName(p.rule, name)) continue;
    const verdict = specifierMatches(ctx, origin.module, p.matches);
    if (verdict === true) return { match: p.rule };
    if (typeof verdict === 'object') unresolved ??= { unresolved: p.rule, reason: verdict.reason };
  }
  return unresolved;
}

/**
 * Tells the explain sink why each rule naming the called export did not match: the callee is a
 * local binding, the global while the rule wants a module's export, or another module's export.
 * The matched (or unresolved) rule is reported by the site's decision, not here.
 */
function explainExport(origin: Origin, join: 'call' | 'new' | 'callback-arg', ctx: JoinContext, callee: ts.Expression, outcome: ExportOutcome): void {
  const decided = outcome && ('match' in outcome ? outcome.match : outcome.unresolved);
  const name = origin.kind === 'local' ? (ctx.ts.isIdentifier(callee) ? callee.text : undefined)
    : origin.kind === 'global' ? origin.path.join('.') : exportName(origin) ?? origin.path.join('.');
  if (!name) return;
  for (const rule of ctx.rules.all) {
    if (rule === decided || rule.join !== join || !rule.exports.includes(name)) continue;
    const module = rule.module ?? '';
    let reason: string;
    if (origin.kind === 'local') {
      const at = ctx.sourceFile.getLineAndCharacterOfPosition(origin.declaration.getStart(ctx.sourceFile));
      reason = `\`${name}\` is a local binding here (declared at line ${at.line + 1}), not ${ruleTarget(rule)}`;
    } else if (origin.kind === 'global') {
      reason = `\`${name}\` is the global here; the rule wants ${ruleTarget(rule)}`;
    } else if (module === 'global') {
      reason = `\`${name}\` is imported from \`${origin.module}\`; the rule wants ${ruleTarget(rule)}`;
    } else {
      reason = `\`${name}\` comes from \`${origin.module}\`; the rule wants ${ruleTarget(rule)}`;
    }
    ctx.explain!({ node: callee, rule, verdict: 'rejected', reason });
  }
}

function found(rule: ResolvedRule | undefined): ExportOutcome {
  return rule && { match: rule };
}

/**
 * The export a module origin names: `default` for a default import called directly, and for the
 * whole CommonJS module value (`const X = require('m'); X()`, `new X()`), which is what
 * `import X from 'm'` binds to a CommonJS module (a namespace import is never callable).
 */
function exportName(origin: Extract<Origin, { kind: 'module' }>): string | undefined {
  if (origin.path.length === 0) return origin.isDefault || origin.required ? 'default' : undefined;
  return origin.path.length === 1 ? origin.path[0] : undefined;
}

function exportsName(rule: ResolvedRule, name: string): boolean {
  return rule.exports.includes(name) || rule.exports.includes('*');
}

/** Cheap check: may this file's text contain a site of any rule? (Bundler fast path.) */
export function fileMayMatch(text: string, triggers: readonly string[]): boolean {
  for (const t of triggers) if (t === '' || text.includes(t)) return true;
  return false;
}
