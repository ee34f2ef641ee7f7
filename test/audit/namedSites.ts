/**
 * The silence audit's own reading of a file, independent of the matcher (no import from src/):
 * every call-like expression — calls (optional ones too), `new`, tagged templates,
 * `f.call(…)`/`f.apply(…)`, `super.m()`, calls inside decorators — and which of them the
 * audit's match-everything rules *name* (see {@link auditRules}):
 *
 * - a function or constructor imported from a module (`import { f }`, `import d`, `ns.f` of
 *   `import * as ns` or of a default import, `const { f } = require('m')`, `const m = require('m'); m.f`),
 *   never a local that shadows it, never a type-only import;
 * - a method called on an instance of a class of the project: `new C().m()`, `const x = new C(); x.m()`,
 *   `this.m()` inside a named class, `super.m()` in a class extending one — where `C` is imported
 *   from a relative specifier or is a class declared in the same file.
 *
 * Anything else is not named here: a receiver only the type checker knows, a static call
 * (`Store.create()`: tsc matches it, the syntactic matcher does not), globals, calls of call
 * results, and a CommonJS module object itself called or constructed (`const X = require('m');
 * new X()`: the matcher reads no export name there, so `export: "*"` does not cover it): the audit asserts that named sites are never silently missed, not that everything
 * is matched.
 */
import ts from 'typescript';

/** A call-like expression a rule names. */
export interface NamedSite {
  /** 1-based, at the expression's first token: where the report places a site. */
  line: number;
  column: number;
  shape: 'call' | 'optional-call' | 'new' | 'tagged-template' | 'call-apply' | 'super' | 'decorator';
  /** Why a rule names it: `f from "m"`, `method of C`. */
  named: string;
  /** The expression's text, first line. */
  text: string;
}

/** Where an identifier's binding comes from, as the audit resolves it. */
type Binding =
  | { kind: 'import'; module: string; name: string | 'default' | '*' }
  | { kind: 'instance'; className: string }
  | { kind: 'class'; className: string }
  | { kind: 'other' };

/** Every module specifier a file imports or requires (for the rule set). */
export function importedModules(sf: ts.SourceFile): string[] {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) out.add(node.moduleSpecifier.text);
    else if (isRequire(node)) out.add(node.arguments[0]!.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...out];
}

function isRequire(node: ts.Node): node is ts.CallExpression & { arguments: [ts.StringLiteralLike] } {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' &&
    node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0]!);
}

const strip = (e: ts.Expression): ts.Expression => {
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
  return e;
};

/** The names a binding pattern or identifier declares. */
function boundNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) boundNames(el.name, out);
  return out;
}

/** The declaration of `name` visible at `at`: the nearest enclosing scope that declares it. */
function lookup(name: string, at: ts.Node): ts.Node | undefined {
  for (let scope: ts.Node | undefined = at.parent; scope; scope = scope.parent) {
    const found = declaredIn(scope, name, at);
    if (found) return found;
  }
  return undefined;
}

function declaredIn(scope: ts.Node, name: string, at: ts.Node): ts.Node | undefined {
  if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) if (boundNames(p.name).includes(name)) return p;
    if (ts.isFunctionExpression(scope) && scope.name?.text === name) return scope;
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body && ts.isBlock(body)) { const v = varIn(body, name); if (v) return v; }
  }
  if (ts.isClassExpression(scope) && scope.name?.text === name) return scope;
  if (ts.isCatchClause(scope) && scope.variableDeclaration && boundNames(scope.variableDeclaration.name).includes(name)) return scope.variableDeclaration;
  if ((ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const d of scope.initializer.declarations) if (boundNames(d.name).includes(name)) return d;
  }
  const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements
    : ts.isCaseBlock(scope) ? scope.clauses.flatMap((c) => [...c.statements]) : undefined;
  if (!statements) return undefined;
  for (const st of statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (boundNames(d.name).includes(name)) return d;
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name?.text === name) {
      return st;
    } else if (ts.isModuleDeclaration(st) && ts.isIdentifier(st.name) && st.name.text === name) {
      return st;
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const c = st.importClause;
      if (c.name?.text === name) return c;
      if (c.namedBindings && ts.isNamespaceImport(c.namedBindings) && c.namedBindings.name.text === name) return c.namedBindings;
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) for (const s of c.namedBindings.elements) if (s.name.text === name) return s;
    } else if (ts.isImportEqualsDeclaration(st) && st.name.text === name) {
      return st;
    }
  }
  void at;
  return undefined;
}

/** `var` declarations anywhere in a function body, nested functions aside (hoisting). */
function varIn(body: ts.Block, name: string): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
      for (const d of node.declarations) if (boundNames(d.name).includes(name)) found = d;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** What an identifier is bound to, for the audit's purposes. */
function bindingOf(id: ts.Identifier): Binding {
  const decl = lookup(id.text, id);
  if (!decl) return { kind: 'other' };
  if (ts.isImportSpecifier(decl)) {
    if (decl.isTypeOnly || decl.parent.parent.isTypeOnly) return { kind: 'other' };
    const module = (decl.parent.parent.parent.moduleSpecifier as ts.StringLiteral).text;
    const name = (decl.propertyName ?? decl.name).text;
    return { kind: 'import', module, name: name === 'default' ? 'default' : name };
  }
  if (ts.isImportClause(decl)) return decl.isTypeOnly ? { kind: 'other' } : { kind: 'import', module: (decl.parent.moduleSpecifier as ts.StringLiteral).text, name: 'default' };
  if (ts.isNamespaceImport(decl)) {
    return decl.parent.isTypeOnly ? { kind: 'other' } : { kind: 'import', module: (decl.parent.parent.moduleSpecifier as ts.StringLiteral).text, name: '*' };
  }
  if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference) && ts.isStringLiteral(decl.moduleReference.expression) && !decl.isTypeOnly) {
    return { kind: 'import', module: decl.moduleReference.expression.text, name: '*' };
  }
  if (ts.isClassDeclaration(decl) && decl.name) return { kind: 'class', className: decl.name.text };
  if (ts.isVariableDeclaration(decl) && decl.initializer && isConst(decl)) {
    const init = strip(decl.initializer);
    if (ts.isIdentifier(decl.name) && isRequire(init)) return { kind: 'import', module: init.arguments[0].text, name: '*' };
    if (ts.isObjectBindingPattern(decl.name) && isRequire(init)) {
      const el = decl.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === id.text);
      const key = el && !el.dotDotDotToken && !el.initializer ? (el.propertyName ?? el.name) : undefined;
      return key && ts.isIdentifier(key) ? { kind: 'import', module: init.arguments[0].text, name: key.text } : { kind: 'other' };
    }
    if (ts.isIdentifier(decl.name) && !decl.type && ts.isNewExpression(init)) {
      const cls = projectClass(init.expression);
      if (cls) return { kind: 'instance', className: cls };
    }
  }
  return { kind: 'other' };
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** `C` of `new C()` when it is a class of the project: imported from a relative specifier, or declared in this file. */
function projectClass(expr: ts.Expression): string | undefined {
  const e = strip(expr);
  if (!ts.isIdentifier(e)) return undefined;
  const b = bindingOf(e);
  if (b.kind === 'class') return b.className;
  if (b.kind === 'import' && b.module.startsWith('.') && b.name !== '*') return b.name === 'default' ? e.text : b.name;
  return undefined;
}

/** The imported function a callee names: `f`, `d` (default), `ns.f`, `d.f`. */
function importedFunction(callee: ts.Expression): string | undefined {
  const e = strip(callee);
  if (ts.isIdentifier(e)) {
    const b = bindingOf(e);
    return b.kind === 'import' && b.name !== '*' ? `${b.name} from "${b.module}"` : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name)) {
    const root = strip(e.expression);
    if (!ts.isIdentifier(root)) return undefined;
    const b = bindingOf(root);
    return b.kind === 'import' && (b.name === '*' || b.name === 'default') ? `${e.name.text} of "${b.module}"` : undefined;
  }
  return undefined;
}

/** The class `this` stands for: a method, accessor, constructor, field or static block of a named class. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) && !ts.isArrowFunction(n) && !ts.isClassLike(n.parent)) return undefined;
    if (ts.isClassLike(n)) return n.name ? n : undefined;
  }
  return undefined;
}

/** The project class a method call's receiver is an instance of. */
function receiverClass(recv: ts.Expression): string | undefined {
  const e = strip(recv);
  if (e.kind === ts.SyntaxKind.ThisKeyword) return thisClass(e)?.name?.text;
  if (e.kind === ts.SyntaxKind.SuperKeyword) {
    const cls = thisClass(e);
    const base = cls?.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    return base && !base.typeArguments ? projectClass(base.expression) : undefined;
  }
  if (ts.isNewExpression(e)) return projectClass(e.expression);
  if (ts.isIdentifier(e)) {
    const b = bindingOf(e);
    return b.kind === 'instance' ? b.className : undefined;
  }
  return undefined;
}

/** Why a rule names this callee (or tag), or undefined. */
function namedBy(callee: ts.Expression): { named: string; viaCallApply: boolean } | undefined {
  let e = strip(callee);
  let viaCallApply = false;
  if (ts.isPropertyAccessExpression(e) && (e.name.text === 'call' || e.name.text === 'apply')) {
    const fn = strip(e.expression);
    if (importedFunction(fn) || methodOf(fn)) { e = fn; viaCallApply = true; }
  }
  const fn = importedFunction(e);
  if (fn) return { named: fn, viaCallApply };
  const m = methodOf(e);
  return m ? { named: m, viaCallApply } : undefined;
}

function methodOf(e: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(e) || ts.isPrivateIdentifier(e.name)) return undefined;
  const cls = receiverClass(e.expression);
  return cls ? `method ${e.name.text} of ${cls}` : undefined;
}

function inDecorator(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isDecorator(n)) return true;
    if (ts.isStatement(n) || ts.isClassElement(n)) return false;
  }
  return false;
}

/** Every call-like expression of the file that a match-everything rule names. */
export function namedSites(sf: ts.SourceFile): NamedSite[] {
  const out: NamedSite[] = [];
  const add = (node: ts.Node, shape: NamedSite['shape'], named: string) => {
    const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    out.push({ line: lc.line + 1, column: lc.character + 1, shape: inDecorator(node) ? 'decorator' : shape, named, text: node.getText(sf).split('\n')[0]!.slice(0, 80) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind !== ts.SyntaxKind.SuperKeyword && node.expression.kind !== ts.SyntaxKind.ImportKeyword) {
      const by = namedBy(node.expression);
      if (by) {
        const callee = strip(node.expression);
        const shape = by.viaCallApply ? 'call-apply'
          : ts.isPropertyAccessExpression(callee) && strip(callee.expression).kind === ts.SyntaxKind.SuperKeyword ? 'super'
            : (node.flags & ts.NodeFlags.OptionalChain) !== 0 ? 'optional-call' : 'call';
        add(node, shape, by.named);
      }
    } else if (ts.isNewExpression(node)) {
      const fn = importedFunction(node.expression);
      if (fn) add(node, 'new', fn);
    } else if (ts.isTaggedTemplateExpression(node)) {
      const by = namedBy(node.tag);
      if (by && !by.viaCallApply) add(node, 'tagged-template', by.named);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
