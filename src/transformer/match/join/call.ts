import type { ResolvedRule } from '../../../rules/types.js';
import type { Origin } from '../bindings.js';
import { isProjectModule } from '../ruleIndex.js';
import { specifierMatches, type JoinContext } from './context.js';

/**
 * `call` and `new` join points: the callee (or constructor) is a function
 * exported by a module, or a global. Decides from the callee's origin alone,
 * so shadowed locals never match.
 */
export function matchModuleExport(origin: Origin | undefined, join: 'call' | 'new', ctx: JoinContext): ResolvedRule | undefined {
  if (!origin || origin.kind === 'local') return undefined;
  const byModule = join === 'call' ? ctx.rules.calls : ctx.rules.constructs;
  if (origin.kind === 'global') {
    if (origin.path.length !== 1) return undefined;
    return byModule.get('global')?.find((r) => exportsName(r, origin.path[0]!));
  }
  const name = exportName(origin);
  if (name === undefined) return undefined;
  if (isProjectModule(origin.module)) {
    return ctx.rules.projectCalls.find((p) => p.rule.join === join && exportsName(p.rule, name) &&
      specifierMatches(ctx, origin.module, p.matches))?.rule;
  }
  return byModule.get(origin.module)?.find((r) => exportsName(r, name));
}

/** The export a module origin names: `default` for a default import called directly. */
function exportName(origin: Extract<Origin, { kind: 'module' }>): string | undefined {
  if (origin.path.length === 0) return origin.isDefault ? 'default' : undefined;
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
