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

/**
 * The {@link ReturnTable} key of an export that is itself an instance ({@link LibraryTypes.instances}):
 * `=NestFactory`, beside the `returns` keys (`createPool`, `default`, `Pool#connect`), which
 * no identifier starting with `=` can collide with. @internal
 */
export function exportedInstanceKey(exportName: string): string {
  return `=${exportName}`;
}

/** Builds the lookup table of library return types. @internal */
export function indexLibraryTypes(declarations: readonly LibraryTypes[]): ReturnTable {
  const table = new Map<string, Map<string, InstanceOf>>();
  for (const { module, returns, instances } of declarations) {
    let entries = table.get(module);
    if (!entries) table.set(module, (entries = new Map()));
    const entryOf = (value: string): InstanceOf => {
      const at = value.lastIndexOf(':');
      return at < 0 ? { module, className: value } : { module: value.slice(0, at), className: value.slice(at + 1) };
    };
    for (const [key, value] of Object.entries(returns)) entries.set(key, entryOf(value));
    for (const [name, value] of Object.entries(instances ?? {})) entries.set(exportedInstanceKey(name), entryOf(value));
  }
  return table;
}

/** An export the catalog declares an instance (`NestFactory` of `@nestjs/core`), however imported; undefined otherwise. */
function exportedInstance(origin: Origin | undefined, ctx: JoinContext): InstanceOf | undefined {
  if (origin?.kind !== 'module' || origin.path.length !== 1) return undefined;
  return ctx.rules.returns.get(origin.module)?.get(exportedInstanceKey(origin.path[0]!));
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
    const declared = exportedInstance(origin, ctx);
    if (declared !== undefined) return declared;
    const fromProject = projectExport(origin, ctx);
    if (fromProject !== undefined) return fromProject;
    if (origin?.kind === 'module' && unresolvedBare(origin.module, ctx)) return undefined; // may be a project module's instance
    const decl = ctx.bindings.declarationOf(expr);
    return decl ? declaredInstance(decl, ctx, depth) : null;
  }
  if (expr.kind === t.SyntaxKind.ThisKeyword) return enclosingClass(expr, ctx);
  if (expr.kind === t.SyntaxKind.SuperKeyword) {
    const parents = superClasses(expr, ctx);
    return 'classes' in parents && !parents.isStatic ? parents.classes[0] : undefined;
  }
  if (t.isPropertyAccessExpression(expr) && expr.expression.kind === t.SyntaxKind.ThisKeyword) {
    const member = classMember(expr, ctx);
    return member ? declaredInstance(member, ctx, depth) : undefined;
  }
  if (t.isPropertyAccessExpression(expr)) {
    const origin = ctx.bindings.resolve(expr);
    return exportedInstance(origin, ctx) ?? projectExport(origin, ctx); // `core.NestFactory`, `db.pool` of `import * as db`
  }
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
    return ctx.ts.isClassDeclaration(decl) && decl.name ? localClass(decl, decl.name.text, ctx) : null;
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
  // A default export (or the CommonJS module value) called as a factory: `express()`, `Fastify()`.
  if (origin?.kind === 'module' && origin.path.length === 0 && (origin.isDefault || origin.required)) return ctx.rules.returns.get(origin.module)?.get('default');
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
    if (t.isClassLike(node)) return node.name ? localClass(node, node.name.text, ctx) : undefined;
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

/**
 * What `super` in `super.m()` stands for, as far as the file shows: the classes whose prototype
 * methods it reaches — the class the `extends` clause names (an import of a library or project
 * class, a namespace member `pg.Pool`, a default export {@link LibraryTypes} names, a class of this
 * file) and, for a class of this file, what that one extends in turn (as the checker's base types
 * do). `super` of an object literal method, or of a static member (the parent constructor, whose
 * statics method rules do not name), is no class instance; an `extends` clause syntax cannot
 * follow gives the reason, for the report.
 */
export function superClasses(expr: ts.Node, ctx: JoinContext): { classes: InstanceOf[]; isStatic?: true; reason?: string } | { notInstance: string } {
  const t = ctx.ts;
  let cls: ts.ClassLikeDeclaration | undefined;
  let isStatic = false;
  for (let node: ts.Node = expr, parent = expr.parent; parent; node = parent, parent = parent.parent) {
    if (t.isClassLike(parent)) {
      if (node === parent.name || !parent.members.includes(node as ts.ClassElement)) {
        return { notInstance: '`super` outside the class body is not the class\'s own' };
      }
      if (node.kind === t.SyntaxKind.ClassStaticBlockDeclaration || (t.getCombinedModifierFlags(node as ts.Declaration) & t.ModifierFlags.Static)) {
        isStatic = true;
      }
      cls = parent;
      break;
    }
    if (t.isFunctionLike(parent) && !t.isArrowFunction(parent) && !t.isClassLike(parent.parent)) {
      return { notInstance: '`super` in an object literal method is the object\'s prototype, not a class instance' };
    }
  }
  if (!cls) return { notInstance: '`super` outside a class' };
  const chain = extendsChain(cls, ctx);
  if (!chain.classes.length && !chain.reason) return { notInstance: 'the class extends nothing' };
  return isStatic ? { ...chain, isStatic } : chain;
}

/** The declarations of this file's classes behind the {@link InstanceOf}s that name them. */
const localDeclarations = new WeakMap<InstanceOf, ts.ClassLikeDeclaration>();

function localClass(decl: ts.ClassLikeDeclaration, className: string, ctx: JoinContext): InstanceOf {
  const instance = { module: ctx.fileName, className };
  localDeclarations.set(instance, decl);
  return instance;
}

/**
 * The classes an instance of a class of this file is also an instance of: what its `extends`
 * clause names, and on through classes of this file (as the checker's base types); empty for
 * any other instance. `reason`: where the chain ends in a clause syntax cannot follow.
 */
export function baseClassesOf(instance: InstanceOf, ctx: JoinContext): { classes: InstanceOf[]; reason?: string } {
  const decl = localDeclarations.get(instance);
  // A class of another project module (an instance it exports) is not followed: its clause's specifiers are that file's.
  return decl && decl.getSourceFile() === ctx.sourceFile ? extendsChain(decl, ctx) : { classes: [] };
}

function extendsChain(cls: ts.ClassLikeDeclaration | undefined, ctx: JoinContext): { classes: InstanceOf[]; reason?: string } {
  const t = ctx.ts;
  const classes: InstanceOf[] = [];
  for (let depth = 0; cls && depth < MAX_DEPTH; depth++) {
    const heritage = extendsClause(cls, t);
    if (!heritage) break;
    const parent = ctx.bindings.unwrap(heritage);
    const origin = t.isIdentifier(parent) || t.isPropertyAccessExpression(parent) ? ctx.bindings.resolve(parent) : undefined;
    const found = classOf(origin, ctx);
    if (!found) {
      const why = found === null ? 'which is no class the file imports or declares' : 'an expression the matcher cannot follow without type information';
      return { classes, reason: `cannot tell the class of \`super\`: ${cls.name ? cls.name.text : 'the class'} extends \`${heritage.getText(ctx.sourceFile)}\`, ${why}` };
    }
    classes.push(found);
    // A class of this file: what it extends counts too (`class A extends Pool {}; class B extends A`).
    cls = origin?.kind === 'local' && t.isClassLike(origin.declaration) ? origin.declaration : undefined;
  }
  return { classes };
}


/** The expression of a class's `extends` clause (TypeScript's and the oxc view's `heritageClauses`). */
function extendsClause(cls: ts.ClassLikeDeclaration, t: JoinContext['ts']): ts.Expression | undefined {
  return cls.heritageClauses?.find((h) => h.token === t.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}
