/**
 * Under tsc a method rule's text triggers are its method names (the receiver's type may come from
 * another file), and catalogs name common ones (`get`, `set`, `query`), so nearly every file would
 * be matched with the checker. But a receiver can only have a package's type when the program
 * holds that package's declarations: rules for packages the program never loads are dropped
 * before matching, which keeps the prefilter selective in projects that do not use them.
 */
import type * as ts from 'typescript';
import type { ResolvedRule } from '../../rules/types.js';
import { isBuiltinModule, isProjectModule, type RuleIndex } from './ruleIndex.js';

/** Package names whose declarations the program holds: files under node_modules (`@types/x` counted as `x`) and ambient modules. */
export function programPackages(program: ts.Program): Set<string> {
  const found = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    const file = sf.fileName.split('\\').join('/');
    const at = file.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    if (parts[0] === '@types' && parts[1]) found.add(parts[1].includes('__') ? `@${parts[1].replace('__', '/')}` : parts[1]);
    else if (parts[0]?.startsWith('@') && parts[1]) found.add(`${parts[0]}/${parts[1]}`);
    else if (parts[0]) found.add(parts[0]);
  }
  for (const symbol of program.getTypeChecker().getAmbientModules()) found.add(packageOf(symbol.getName().replace(/^"|"$/g, '')));
  return found;
}

/** `mysql2/promise` → `mysql2`; `@scope/name/sub` → `@scope/name`. */
function packageOf(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The method rules of packages the program holds, with every other rule; undefined when nothing is dropped. */
export function rulesForProgram(index: RuleIndex, packages: ReadonlySet<string>): ResolvedRule[] | undefined {
  const kept = index.all.filter((rule) => {
    const module = rule.module ?? '';
    const methodLike = rule.join === 'method' || (rule.join === 'callback-arg' && rule.exports.length === 0);
    if (!methodLike || module === '' || module === 'global' || isProjectModule(module) || isBuiltinModule(module)) return true;
    const pkg = packageOf(module);
    return packages.has(pkg) || (index.declaredIn.get(module) ?? []).some((other) => packages.has(packageOf(other)));
  });
  return kept.length === index.all.length ? undefined : kept;
}
