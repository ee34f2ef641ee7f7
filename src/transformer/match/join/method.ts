import type * as ts from 'typescript';
import type { ResolvedRule } from '../../../rules/types.js';
import { normalizeSpecifier } from '../bindings.js';
import { isProjectModule, isBuiltinModule } from '../ruleIndex.js';
import { fileMatches, projectPath, specifierMatches, type JoinContext } from './context.js';
import { compileGlob } from '../../../util/glob.js';
import { baseClassesOf, instanceOf, superClasses, type InstanceOf } from '../instanceOf.js';
import { isRelativeSpecifier } from '../resolveProjectSpecifier.js';
import { ruleTarget } from '../explain.js';

/**
 * Outcome of trying the method rules on one `recv.name(...)` call: the rule
 * that matches (the writers call the method on `recv`, as for any member call),
 * or a rule that might match but whose receiver cannot be told, with why.
 */
export type MethodOutcome = { match: ResolvedRule } | { unresolved: ResolvedRule; reason: string } | undefined;

/**
 * `method` join points: `recv.name(...)` where `recv` is an instance of a class
 * a module exports, or `inst.a.b.name(...)` for `path` rules. With a checker the
 * receiver's type decides (subclasses, interfaces, unions); without one the
 * instance is tracked syntactically within the file (`instanceOf.ts`), and an
 * unknown receiver is reported.
 */
export function matchMethod(
  callee: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string, ctx: JoinContext, join: 'method' | 'callback-arg' = 'method',
): MethodOutcome {
  // `callback-arg` rules naming a method share the `method` rules' table (ruleIndex.ts).
  const candidates = [...(ctx.rules.methods.get(name) ?? []), ...(ctx.rules.methods.get('*') ?? [])].filter((rule) => rule.join === join);
  let unresolved: { unresolved: ResolvedRule; reason: string } | undefined;
  for (const rule of candidates) {
    const root = pathRoot(callee, rule, ctx);
    if (!root) {
      if (ctx.explain) ctx.explain({ node: callee, rule, verdict: 'rejected', reason: `the rule wants the path \`.${rule.path.join('.')}()\` on ${ruleTarget(rule)}` });
      continue;
    }
    if (!ctx.checker && root.kind === ctx.ts.SyntaxKind.SuperKeyword) {
      const outcome = superInstance(root, rule, name, ctx);
      if (outcome === true) return { match: rule };
      if (typeof outcome === 'string' && !unresolved) unresolved = { unresolved: rule, reason: outcome };
      else if (ctx.explain) ctx.explain({ node: callee, rule, verdict: 'rejected', reason: `\`super\` is not ${ruleTarget(rule)}` });
      continue;
    }
    const verdict = ctx.checker ? typeIsInstance(ctx.checker.getTypeAtLocation(root), rule, ctx) : syntacticInstance(root, rule, ctx);
    if (verdict === true) return { match: rule };
    if (!unresolved) {
      if (verdict === 'partly') {
        unresolved = { unresolved: rule, reason: `the receiver of .${name}() has a union type whose other members are not ${rule.classes.join(' or ')}` };
      } else if (verdict === undefined && fileImports(rule, ctx)) {
        unresolved = { unresolved: rule, reason: `cannot tell the type of the receiver of .${name}() without type information` };
      } else if (verdict === undefined && !ctx.checker) {
        const why = unresolvedImport(root, ctx);
        if (why) unresolved = { unresolved: rule, reason: `cannot tell the type of the receiver of .${name}(): ${why}` };
      }
    }
    // The unresolved rule is reported by the site's decision (as skipped); every other one here.
    if (ctx.explain && unresolved?.unresolved !== rule) ctx.explain({ node: callee, rule, verdict: 'rejected', reason: receiverMismatch(root, rule, ctx) });
  }
  return unresolved;
}

/** Why a receiver is not an instance the rule wants, for the explain sink. */
function receiverMismatch(root: ts.Expression, rule: ResolvedRule, ctx: JoinContext): string {
  if (ctx.checker) return `receiver type is \`${ctx.checker.typeToString(ctx.checker.getTypeAtLocation(root))}\`; the rule wants ${ruleTarget(rule)}`;
  const instance = instanceOf(root, ctx);
  if (instance) return `receiver is a \`${instance.className}\` from \`${instance.module}\`; the rule wants ${ruleTarget(rule)}`;
  if (instance === null) return `receiver is a value of this file that is not a library instance; the rule wants ${ruleTarget(rule)}`;
  return `cannot tell the receiver's class without type information; the rule wants ${ruleTarget(rule)}`;
}

/**
 * `const { query } = pool`: the method rule that would match `pool.query(...)`, for a report —
 * a method taken off its receiver loses `this` when called, so it is never wrapped.
 */
export function matchDestructuredMethod(receiver: ts.Expression, name: string, ctx: JoinContext): ResolvedRule | undefined {
  for (const rule of [...(ctx.rules.methods.get(name) ?? []), ...(ctx.rules.methods.get('*') ?? [])]) {
    if (rule.path.length > 0 || rule.join !== 'method') continue;
    const verdict = ctx.checker ? typeIsInstance(ctx.checker.getTypeAtLocation(receiver), rule, ctx) : syntacticInstance(receiver, rule, ctx);
    if (verdict === true) return rule;
  }
  return undefined;
}

/** The instance expression: the receiver, or for `path` rules the root of `inst.chat.completions.create`. */
function pathRoot(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression, rule: ResolvedRule, ctx: JoinContext): ts.Expression | undefined {
  if (rule.path.length === 0) return callee.expression;
  let expr: ts.Expression = callee;
  for (let i = rule.path.length - 1; i >= 0; i--) {
    if (!ctx.ts.isPropertyAccessExpression(expr) || expr.name.text !== rule.path[i]) return undefined;
    expr = ctx.bindings.unwrap(expr.expression); // `inst.chat!.completions`, `inst?.chat!.completions`
  }
  return expr;
}

/** A project-glob rule module compiled once per rule, not once per call site checked. */
const moduleGlobs = new WeakMap<ResolvedRule, (path: string) => boolean>();
function moduleGlob(rule: ResolvedRule): (path: string) => boolean {
  let glob = moduleGlobs.get(rule);
  if (!glob) moduleGlobs.set(rule, glob = compileGlob(rule.module ?? ''));
  return glob;
}

function classMatches(rule: ResolvedRule, className: string): boolean {
  return rule.classes.includes(className) || rule.classes.includes('*');
}

function moduleMatches(rule: ResolvedRule, module: string, ctx: JoinContext): boolean {
  const want = rule.module ?? '';
  if (ctx.rules.declaredIn.get(want)?.includes(module)) return true;
  if (isProjectModule(want)) {
    // A declaration's project path has an extension; the rule's glob may not (`./store`).
    return fileMatches(module, moduleGlob(rule));
  }
  return normalizeSpecifier(want) === module;
}

/**
 * Type-aware check: the type (an intersection part, a base class, an
 * implemented interface) is a rule class from the rule module. A union counts
 * only when every non-nullish member does: the span must name what the call
 * really is at run time; a partly matching union is reported instead.
 */
function typeIsInstance(type: ts.Type, rule: ResolvedRule, ctx: JoinContext): boolean | 'partly' {
  const t = ctx.ts;
  if (type.isUnion()) {
    const members = type.types.filter((m) => !(m.flags & (t.TypeFlags.Null | t.TypeFlags.Undefined | t.TypeFlags.Void)));
    const hits = members.filter((m) => typeIsInstance(m, rule, ctx) === true).length;
    return hits === 0 ? false : hits === members.length ? true : 'partly';
  }
  return namedInstance(type, rule, ctx, new Set());
}

function namedInstance(type: ts.Type, rule: ResolvedRule, ctx: JoinContext, seen: Set<ts.Type>): boolean {
  const t = ctx.ts;
  if (seen.has(type)) return false;
  seen.add(type);
  if (type.isIntersection()) return type.types.some((part) => namedInstance(part, rule, ctx, seen));
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    if (!symbol) continue;
    const declarations = symbol.declarations ?? [];
    const inModule = (d: ts.Declaration) => { const m = declarationModule(d, ctx); return m !== undefined && moduleMatches(rule, m, ctx); };
    if ((classMatches(rule, symbol.getName()) || declarations.some((d) => classMatches(rule, declaredName(d, t) ?? ''))) &&
      declarations.some(inModule)) {
      // `class: "*"` names classes and interfaces, not every type declared there (object literals, functions, aliases).
      if (!rule.classes.includes('*') || rule.classes.includes(symbol.getName()) ||
        declarations.some((d) => (t.isClassLike(d) || d.kind === t.SyntaxKind.InterfaceDeclaration) && inModule(d))) return true;
    }
    // `class X implements Rule.Class`: getBaseTypes only follows `extends`.
    for (const d of declarations) {
      if (!t.isClassLike(d)) continue;
      for (const clause of d.heritageClauses ?? []) {
        if (clause.token !== t.SyntaxKind.ImplementsKeyword) continue;
        for (const implemented of clause.types) {
          if (namedInstance(ctx.checker!.getTypeAtLocation(implemented), rule, ctx, seen)) return true;
        }
      }
    }
  }
  const target = (type as ts.TypeReference).target ?? type;
  if (target.isClassOrInterface()) {
    for (const base of ctx.checker!.getBaseTypes(target)) if (namedInstance(base, rule, ctx, seen)) return true;
  }
  return false;
}

/** A class declaration's own name: `export default class RedisClient` has the symbol name `default`. */
function declaredName(decl: ts.Declaration, t: JoinContext['ts']): string | undefined {
  return t.isClassLike(decl) && decl.name ? decl.name.text : undefined;
}

/** The module a declaration belongs to: an ambient `declare module "x"`, a package under node_modules, or a project path. */
function declarationModule(decl: ts.Node, ctx: JoinContext): string | undefined {
  const t = ctx.ts;
  for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
    if (t.isModuleDeclaration(n) && t.isStringLiteral(n.name)) return normalizeSpecifier(n.name.text);
  }
  const file = decl.getSourceFile().fileName.split('\\').join('/');
  const at = file.lastIndexOf('/node_modules/');
  if (at < 0) return projectPath(ctx, file);
  const parts = file.slice(at + '/node_modules/'.length).split('/');
  if (parts[0] === '@types') {
    const name = parts[1]!;
    return name.includes('__') ? `@${name.replace('__', '/')}` : name;
  }
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * `super.name(…)` without a checker: true when a class the `extends` clause leads to (directly, or
 * through classes of this file) is a rule class, the reason to report when it cannot tell or when
 * the call is a static one of a rule class, false otherwise (not a class's `super`, or known
 * classes none of which the rule names).
 */
function superInstance(root: ts.Expression, rule: ResolvedRule, name: string, ctx: JoinContext): boolean | string {
  const parents = superClasses(root, ctx);
  if ('notInstance' in parents) return false;
  let unknown: string | undefined;
  for (const parent of parents.classes) {
    const verdict = instanceMatches(parent, rule, ctx);
    if (verdict === true) {
      return parents.isStatic ? `super.${name}() in a static member calls the static ${parent.className}.${name} of the parent class; method rules name instance methods` : true;
    }
    if (verdict === undefined) unknown ??= `cannot tell the class of \`super\` in super.${name}(): cannot tell which file "${parent.module}" (the module of ${parent.className}) loads`;
  }
  if (unknown) return unknown;
  return parents.reason ? `${parents.reason}, so whether super.${name}() is ${rule.classes.join(' or ')}.${name} is unknown` : false;
}

/**
 * Syntactic check: true when `expr` is known to be an instance of a rule
 * class, false when known not to be, undefined when it cannot tell.
 */
function syntacticInstance(expr: ts.Expression, rule: ResolvedRule, ctx: JoinContext): boolean | undefined {
  const instance = instanceOf(expr, ctx);
  if (!instance) return instance === null ? false : undefined;
  let verdict = instanceMatches(instance, rule, ctx);
  // An instance of a class of this file is an instance of what that class extends (`new CachedDb()`, `this`).
  for (const base of verdict === true ? [] : baseClassesOf(instance, ctx).classes) {
    const inherited = instanceMatches(base, rule, ctx);
    if (inherited === true) return true;
    if (inherited === undefined) verdict = undefined;
  }
  return verdict;
}

function instanceMatches(instance: InstanceOf, rule: ResolvedRule, ctx: JoinContext): boolean | undefined {
  if (!classMatches(rule, instance.className)) return false;
  const want = rule.module ?? '';
  if (isProjectModule(want)) {
    const verdict = specifierMatches(ctx, instance.module, moduleGlob(rule));
    return typeof verdict === 'boolean' ? verdict : undefined;
  }
  // A class reached through a package's subpath entry (`mysql2/promise`) is the package's, as the checker sees it.
  const wanted = normalizeSpecifier(want);
  return instance.module === wanted || (!isBuiltinModule(wanted) && instance.module.startsWith(`${wanted}/`));
}

/**
 * Why a receiver imported from a module nothing resolves (`import { pool } from '@/db'` without the
 * alias's tsconfig) cannot be told: that module may export the instance. Undefined otherwise.
 */
function unresolvedImport(receiver: ts.Expression, ctx: JoinContext): string | undefined {
  let expr = ctx.bindings.unwrap(receiver);
  while (ctx.ts.isPropertyAccessExpression(expr)) expr = ctx.bindings.unwrap(expr.expression);
  const origin = ctx.ts.isIdentifier(expr) ? ctx.bindings.resolve(expr) : undefined;
  if (origin?.kind !== 'module' || isRelativeSpecifier(origin.module)) return undefined;
  const answer = (ctx.specifiers ?? ctx.projectModules?.view.specifiers)?.resolve(origin.module, ctx.fileName);
  return answer?.kind === 'unresolved' ? `it comes from "${origin.module}", which nothing resolves (${answer.reason})` : undefined;
}

/** Only report an unresolved receiver when the file imports the rule's module at all. */
function fileImports(rule: ResolvedRule, ctx: JoinContext): boolean {
  const module = rule.module ?? '';
  if (isProjectModule(module)) return false;
  const text = ctx.sourceFile.text;
  return text.includes(`'${module}'`) || text.includes(`"${module}"`) ||
    (isBuiltinModule(module) && (text.includes(`'node:${module}'`) || text.includes(`"node:${module}"`)));
}
