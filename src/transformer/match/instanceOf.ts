/**
 * Syntactic instance tracking, for the matcher without a type checker: which
 * class of which module an expression is an instance of, as far as the file
 * itself shows — `new C()`, a type annotation, a `this.field` or constructor
 * parameter property, an initializer, `await`, and the catalog's
 * {@link LibraryTypes} for what library calls return (`mysql.createPool()`,
 * `new Redis()` of a default export, `await pool.connect()`).
 */
import type * as ts from 'typescript';
import type { LibraryTypes } from '../../rules/types.js';
import type { Origin } from './bindings.js';
import type { JoinContext } from './join/context.js';

/** An instance of class `className` exported by `module` (the specifier as imported). */
export interface InstanceOf {
  module: string;
  className: string;
}

/** {@link LibraryTypes} arranged for lookup: module → key (`createPool`, `default`, `Pool#connect`) → class. @internal */
export type ReturnTable = ReadonlyMap<string, ReadonlyMap<string, InstanceOf>>;

/** Packages whose declarations count as a module's classes under tsc (`redis` → `@redis/client`). @internal */
export function indexDeclaredIn(declarations: readonly LibraryTypes[]): ReadonlyMap<string, readonly string[]> {
  return new Map(declarations.filter((d) => d.declaredIn?.length).map((d) => [d.module, d.declaredIn!]));
}

/** Builds the lookup table of library return types. @internal */
export function indexLibraryTypes(declarations: readonly LibraryTypes[]): ReturnTable {
  const table = new Map<string, Map<string, InstanceOf>>();
  for (const { module, returns } of declarations) {
    let entries = table.get(module);
    if (!entries) table.set(module, (entries = new Map()));
    for (const [key, value] of Object.entries(returns)) {
      const at = value.lastIndexOf(':');
      entries.set(key, at < 0 ? { module, className: value } : { module: value.slice(0, at), className: value.slice(at + 1) });
    }
  }
  return table;
}

const MAX_DEPTH = 8;

/**
 * The class `expr` is an instance of: an {@link InstanceOf}, `null` when the
 * file shows it is not a library instance (a local value), `undefined` when
 * syntax cannot tell.
 */
export function instanceOf(expr: ts.Expression, ctx: JoinContext, depth = 0): InstanceOf | null | undefined {
  const t = ctx.ts;
  expr = ctx.bindings.unwrap(expr);
  if (depth > MAX_DEPTH) return undefined;
  if (t.isAwaitExpression(expr)) return instanceOf(expr.expression, ctx, depth + 1);
  if (t.isNewExpression(expr)) return classOf(ctx.bindings.resolve(expr.expression), ctx);
  if (t.isCallExpression(expr)) return returnedBy(expr, ctx, depth);
  if (t.isIdentifier(expr)) {
    const origin = ctx.bindings.resolve(expr);
    const fromProject = projectExport(origin, ctx);
    if (fromProject !== undefined) return fromProject;
    if (origin?.kind === 'module' && unresolvedBare(origin.module, ctx)) return undefined; // may be a project module's instance
    const decl = ctx.bindings.declarationOf(expr);
    return decl ? declaredInstance(decl, ctx, depth) : null;
  }
  if (expr.kind === t.SyntaxKind.ThisKeyword) return enclosingClass(expr, ctx);
  if (t.isPropertyAccessExpression(expr) && expr.expression.kind === t.SyntaxKind.ThisKeyword) {
    const member = classMember(expr, ctx);
    return member ? declaredInstance(member, ctx, depth) : undefined;
  }
  if (t.isPropertyAccessExpression(expr)) return projectExport(ctx.bindings.resolve(expr), ctx); // `db.pool` of `import * as db`
  return undefined;
}

/** `declaredInstance` for a declaration of another module (the project module view). @internal */
export function declaredInstanceOf(decl: ts.Node, ctx: JoinContext): InstanceOf | null | undefined {
  return declaredInstance(decl, ctx, 0);
}

/** A value a project module exports (`import { pool } from './db'`, `'@/db'`, `'..'`), through the build-wide view; undefined otherwise. */
function projectExport(origin: Origin | undefined, ctx: JoinContext): InstanceOf | null | undefined {
  const view = ctx.projectModules;
  if (!view || origin?.kind !== 'module' || ctx.rules.returns.has(origin.module)) return undefined;
  const name = origin.path.length === 1 ? origin.path[0]! : origin.path.length === 0 && origin.isDefault ? 'default' : undefined;
  if (name === undefined) return undefined;
  const file = view.view.resolveModule(ctx.fileName, origin.module, view.dependencies);
  return file ? view.view.exportedInstance(file, name, view.dependencies) : undefined;
}

/** A bare specifier nothing resolves (`'@/db'` without its tsconfig): it may be a project module. */
function unresolvedBare(specifier: string, ctx: JoinContext): boolean {
  const resolver = ctx.projectModules?.view.specifiers;
  return !!resolver && !specifier.startsWith('.') && resolver.resolve(specifier, ctx.fileName).kind === 'unresolved';
}

/**
 * The class a constructor (or a type name) refers to: `Client` of `pg`, a default export the catalog
 * names, or a class declared in this file (its module is then the file's absolute path).
 */
function classOf(origin: Origin | undefined, ctx: JoinContext): InstanceOf | null | undefined {
  if (!origin) return undefined;
  if (origin.kind === 'local') {
    const decl = origin.declaration;
    return ctx.ts.isClassDeclaration(decl) && decl.name ? { module: ctx.fileName, className: decl.name.text } : null;
  }
  if (origin.kind !== 'module') return null;
  if (origin.path.length === 1) return { module: origin.module, className: origin.path[0]! };
  if (origin.path.length === 0) return ctx.rules.returns.get(origin.module)?.get('default') ?? null;
  return null;
}

/** What a call returns: a library factory (`createPool()`), or an instance method the catalog declares (`pool.connect()`). */
function returnedBy(call: ts.CallExpression, ctx: JoinContext, depth: number): InstanceOf | null | undefined {
  const t = ctx.ts;
  const callee = ctx.bindings.unwrap(call.expression);
  const origin = ctx.bindings.resolve(callee);
  if (origin?.kind === 'module' && origin.path.length === 1 && !ctx.rules.returns.has(origin.module) && ctx.projectModules) {
    // A factory of the project's own (`export function newClient() { return new Client() }`), however imported.
    const file = ctx.projectModules.view.resolveModule(ctx.fileName, origin.module, ctx.projectModules.dependencies);
    if (file) return ctx.projectModules.view.exportedFactoryResult(file, origin.path[0]!, ctx.projectModules.dependencies);
    if (origin.module.startsWith('.')) return undefined;
  }
  if (origin?.kind === 'module' && origin.path.length === 1) return ctx.rules.returns.get(origin.module)?.get(origin.path[0]!);
  if (origin?.kind === 'local' && t.isIdentifier(callee)) return undefined;
  if (!t.isPropertyAccessExpression(callee) || !t.isIdentifier(callee.name)) return undefined;
  // A method of something that is not a known library instance may return anything: cannot tell.
  const receiver = instanceOf(callee.expression, ctx, depth + 1);
  if (!receiver) return undefined;
  return ctx.rules.returns.get(receiver.module)?.get(`${receiver.className}#${callee.name.text}`);
}

function declaredInstance(decl: ts.Node, ctx: JoinContext, depth: number): InstanceOf | null | undefined {
  const t = ctx.ts;
  if (!(t.isVariableDeclaration(decl) || t.isParameter(decl) || t.isPropertyDeclaration(decl))) return null;
  if (decl.type) {
    if (t.isTypeReferenceNode(decl.type)) return classOf(ctx.bindings.resolveEntityName(decl.type.typeName), ctx);
    return undefined;
  }
  if (decl.initializer) return instanceOf(decl.initializer, ctx, depth + 1);
  return undefined;
}

/**
 * `this` in a method, accessor, constructor, field or static block of a named class of this file
 * (arrows keep the class's `this`; other functions, object literal methods included, have their own).
 */
function enclosingClass(expr: ts.Node, ctx: JoinContext): InstanceOf | undefined {
  const t = ctx.ts;
  for (let node = expr.parent; node; node = node.parent) {
    if (t.isFunctionLike(node) && !t.isArrowFunction(node) && !t.isClassLike(node.parent)) return undefined;
    if (t.isClassLike(node)) return node.name ? { module: ctx.fileName, className: node.name.text } : undefined;
  }
  return undefined;
}

/** `this.client` → the `client` property (or constructor parameter property) of the enclosing class. */
function classMember(expr: ts.PropertyAccessExpression, ctx: JoinContext): ts.Node | undefined {
  const t = ctx.ts;
  let node: ts.Node | undefined = expr.parent;
  while (node && !t.isClassLike(node)) {
    if (t.isFunctionExpression(node) || t.isFunctionDeclaration(node)) return undefined;
    node = node.parent;
  }
  if (!node) return undefined;
  const name = expr.name.text;
  for (const m of node.members) {
    if (t.isPropertyDeclaration(m) && t.isIdentifier(m.name) && m.name.text === name) return m;
    if (t.isConstructorDeclaration(m)) {
      const p = m.parameters.find((p) => t.isIdentifier(p.name) && p.name.text === name && p.modifiers?.length);
      if (p) return p;
    }
  }
  return undefined;
}
