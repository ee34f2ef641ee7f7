import type { ResolvedRule } from '../../../rules/types.js';
import type { Origin } from '../bindings.js';
import { specifierMatches, type JoinContext } from './context.js';

/** The rule a call or `new` matches, or a project-glob rule that may match a module nothing resolves, with why. */
export type ExportOutcome = { match: ResolvedRule } | { unresolved: ResolvedRule; reason: string } | undefined;

/**
 * `call` and `new` join points: the callee (or constructor) is a function
 * exported by a module, or a global. Decides from the callee's origin alone,
 * so shadowed locals never match. A project-glob rule matches when the
 * specifier loads a file of its glob, however it is spelled (`'..'`, `'./dir'`,
 * `'@/db'`, the package's own name): the file's module resolution decides.
 */
export function matchModuleExport(origin: Origin | undefined, join: 'call' | 'new' | 'callback-arg', ctx: JoinContext): ExportOutcome {
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
