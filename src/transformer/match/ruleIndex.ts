import { builtinModules } from 'node:module';
import { builtinLibraryTypes } from '../../rules/libraryTypes.js';
import type { LibraryTypes, ResolvedRule } from '../../rules/types.js';
import { indexDeclaredIn, indexLibraryTypes, type ReturnTable } from './instanceOf.js';
import { compileGlob } from '../../util/glob.js';

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
  /** `call` rules by module (`global` for globals), and `callback-arg` rules naming an `export`. */
  calls: Map<string, ResolvedRule[]>;
  /** `new` rules by module. */
  constructs: Map<string, ResolvedRule[]>;
  /** `call`/`new` rules (and `callback-arg` ones naming an `export`) whose module is a project glob. */
  projectCalls: ProjectRule[];
  /**
   * `method` rules (and `callback-arg` ones naming a method) by method name (last path segment
   * for `path` rules); `*` for any.
   */
  methods: Map<string, ResolvedRule[]>;
  /** How many `callback-arg` rules there are (none: the matcher skips looking for them). */
  callbackArgRules: number;
  /** `function` rules (module is a project glob, name a glob). */
  functions: (ProjectRule & { name: (name: string) => boolean })[];
  /**
   * Every identifier a matching file must contain; used to skip files unparsed. A file of a
   * `function` rule's module glob may match whatever its text ({@link functionRulesCover}).
   */
  triggers: string[];
  /**
   * The same with a type checker: a `method` rule can then match a receiver
   * whose type comes from another file, so its method names replace the
   * package specifier.
   */
  checkerTriggers: string[];
  all: ResolvedRule[];
  /** What library calls return, for syntactic instance tracking (the built-in {@link LibraryTypes}). */
  returns: ReturnTable;
  /** Packages whose declarations count as a rule module's classes under tsc (`redis` → `@redis/client`). */
  declaredIn: ReadonlyMap<string, readonly string[]>;
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

/**
 * Text a file must contain to use a package: its specifier, quoted (`'pg'`,
 * `"pg"`, `` `pg` ``; built-ins also as `'node:http'`). Without type
 * information a call or an instance of a package is only recognised through an
 * import or `require` of it in the same file, so these are exact triggers —
 * unlike export or method names (`get`, `request`), which most files contain.
 */
export function specifierTriggers(module: string): string[] {
  const bare = module.startsWith('node:') ? module.slice(5) : module;
  const forms = isBuiltinModule(bare) ? [bare, `node:${bare}`] : [bare];
  return forms.flatMap((m) => [`'${m}'`, `"${m}"`, `\`${m}\``]);
}

/** Text every directive contains. */
const DIRECTIVE_TRIGGERS = ['@span', 'tracewright'];

/** Arranges rules (and what library calls return) for matching. */
export function indexRules(rules: readonly ResolvedRule[], libraryTypes: readonly LibraryTypes[] = builtinLibraryTypes): RuleIndex {
  const index: RuleIndex = {
    calls: new Map(), constructs: new Map(), projectCalls: [], methods: new Map(), callbackArgRules: 0, functions: [], triggers: [], checkerTriggers: [], all: [...rules],
    returns: indexLibraryTypes(libraryTypes),
    declaredIn: indexDeclaredIn(libraryTypes),
  };
  const triggers = new Set<string>();
  const checkerTriggers = new Set<string>();
  for (const rule of rules) {
    const module = rule.module ?? '';
    // A `callback-arg` rule matches the call sites a `call` rule (with `export`) or a `method` rule would.
    if (rule.join === 'callback-arg') index.callbackArgRules++;
    const callLike = rule.join === 'call' || rule.join === 'new' || (rule.join === 'callback-arg' && rule.exports.length > 0);
    if (callLike) {
      if (isProjectModule(module)) index.projectCalls.push({ rule, matches: compileGlob(module) });
      else push(rule.join === 'new' ? index.constructs : index.calls, module, rule);
      if (isProjectModule(module) || module === 'global') {
        for (const name of rule.exports) triggers.add(name === '*' || name === 'default' ? '' : name);
      } else {
        for (const t of specifierTriggers(module)) triggers.add(t);
      }
    } else if (rule.join === 'method' || rule.join === 'callback-arg') {
      const names = rule.path.length > 0 ? [rule.path[rule.path.length - 1]!] : rule.names;
      const fromPackage = module !== '' && module !== 'global' && !isProjectModule(module);
      for (const name of names) {
        push(index.methods, name, rule);
        if (!fromPackage) triggers.add(name === '*' ? '' : name);
        checkerTriggers.add(name === '*' ? '' : name);
      }
      if (fromPackage) for (const t of specifierTriggers(module)) triggers.add(t);
    } else if (rule.join === 'function') {
      const nameGlobs = rule.names.map(compileGlob);
      // No text trigger: the module glob decides which files may match (functionRulesCover).
      index.functions.push({ rule, matches: compileGlob(module), name: (n) => nameGlobs.some((g) => g(n)) });
    }
  }
  // An empty trigger means "any file may match" (`*` names, project-glob calls of `*`/`default`).
  // Directives (`@span`, `tracewright ignore …`) need matching too, even when misplaced (reported).
  index.triggers = [...triggers, ...DIRECTIVE_TRIGGERS];
  index.checkerTriggers = [...new Set([...triggers, ...checkerTriggers, ...DIRECTIVE_TRIGGERS])];
  return index;
}

/** Whether a `function` rule's module glob covers the file (project-relative path): then its text cannot rule it out. */
export function functionRulesCover(rules: RuleIndex, projectPath: string): boolean {
  return rules.functions.some((f) => f.matches(projectPath));
}
