import { builtinModules } from 'node:module';
import type { ResolvedRule } from '../rules/types.js';
import { compileGlob } from '../util/glob.js';

/** A rule whose `module` is a glob over the project's own files. */
export interface ProjectRule {
  rule: ResolvedRule;
  matches: (projectPath: string) => boolean;
}

/**
 * The validated rules arranged for matching: built once per build, read for
 * every call site. Join points ask it which rules could apply to a module,
 * a method name, or a project file.
 * @internal
 */
export interface RuleIndex {
  /** `call` rules by module (`global` for globals). */
  calls: Map<string, ResolvedRule[]>;
  /** `new` rules by module. */
  constructs: Map<string, ResolvedRule[]>;
  /** `call`/`new` rules whose module is a project glob. */
  projectCalls: ProjectRule[];
  /** `method` rules by method name (last path segment for `path` rules); `*` for any. */
  methods: Map<string, ResolvedRule[]>;
  /** `function` rules (module is a project glob, name a glob). */
  functions: (ProjectRule & { name: (name: string) => boolean })[];
  /** Every identifier a matching file must contain; used to skip files unparsed. */
  triggers: string[];
  all: ResolvedRule[];
}

const BUILTINS = new Set(builtinModules);

/** True for a module that is a glob of project files rather than a package. */
export function isProjectModule(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../');
}

/** True for Node's built-in modules (`http`, `node:http`). */
export function isBuiltinModule(module: string): boolean {
  return BUILTINS.has(module.startsWith('node:') ? module.slice(5) : module);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Arranges rules for matching. */
export function indexRules(rules: readonly ResolvedRule[]): RuleIndex {
  const index: RuleIndex = {
    calls: new Map(), constructs: new Map(), projectCalls: [], methods: new Map(), functions: [], triggers: [], all: [...rules],
  };
  const triggers = new Set<string>();
  for (const rule of rules) {
    const module = rule.module ?? '';
    if (rule.join === 'call' || rule.join === 'new') {
      if (isProjectModule(module)) index.projectCalls.push({ rule, matches: compileGlob(module) });
      else push(rule.join === 'call' ? index.calls : index.constructs, module, rule);
      for (const name of rule.exports) triggers.add(name === '*' || name === 'default' ? '' : name);
      if (!isProjectModule(module) && module !== 'global') triggers.add(module.split('/').pop()!);
    } else if (rule.join === 'method') {
      const names = rule.path.length > 0 ? [rule.path[rule.path.length - 1]!] : rule.names;
      for (const name of names) {
        push(index.methods, name, rule);
        triggers.add(name === '*' ? '' : name);
      }
    } else if (rule.join === 'function') {
      const nameGlobs = rule.names.map(compileGlob);
      index.functions.push({ rule, matches: compileGlob(module), name: (n) => nameGlobs.some((g) => g(n)) });
      triggers.add('');
    }
  }
  // An empty trigger means "any file may match" (project globs, `*` names).
  index.triggers = [...triggers];
  return index;
}
