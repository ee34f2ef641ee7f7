import type { SyntaxApi } from '../parse/syntaxApi.js';
import type * as ts from 'typescript';

/**
 * Finds the declaration an identifier refers to, by walking lexical scopes.
 * Works without a TypeChecker so the bundler path resolves bindings exactly
 * like the tsc path. Results per scope are cached in a WeakMap (no state on
 * AST nodes).
 * @internal
 */
export class ScopeResolver {
  private readonly cache = new WeakMap<ts.Node, Map<string, ts.Node>>();
  /** Whether the file's text has the word `var` at all (resolvers are per file). */
  private mayHaveVar: boolean | undefined;

  constructor(private readonly ts: SyntaxApi) {}

  /** The declaring node of `name` as seen from `from`, or undefined for a global. */
  lookup(name: string, from: ts.Node): ts.Node | undefined {
    for (let node: ts.Node | undefined = from; node; node = node.parent) {
      if (!this.isScope(node)) continue;
      const decl = this.declarationsOf(node).get(name);
      if (decl) return decl;
    }
    return undefined;
  }

  private isScope(node: ts.Node): boolean {
    const k = this.ts.SyntaxKind;
    switch (node.kind) {
      case k.SourceFile:
      case k.Block:
      case k.CaseBlock:
      case k.ModuleBlock:
      case k.ForStatement:
      case k.ForInStatement:
      case k.ForOfStatement:
      case k.CatchClause:
      case k.ClassDeclaration:
      case k.ClassExpression:
        return true;
      default:
        return this.ts.isFunctionLike(node);
    }
  }

  private declarationsOf(scope: ts.Node): Map<string, ts.Node> {
    let names = this.cache.get(scope);
    if (!names) {
      names = new Map();
      this.collect(scope, names);
      this.cache.set(scope, names);
    }
    return names;
  }

  private collect(scope: ts.Node, out: Map<string, ts.Node>): void {
    const t = this.ts;
    if (t.isSourceFile(scope) || t.isBlock(scope) || t.isModuleBlock(scope)) {
      this.collectStatements(scope.statements, out);
      if (t.isSourceFile(scope)) this.collectVars(scope, out);
    } else if (t.isCaseBlock(scope)) {
      for (const clause of scope.clauses) this.collectStatements(clause.statements, out);
    } else if (t.isForStatement(scope) || t.isForInStatement(scope) || t.isForOfStatement(scope)) {
      const init = scope.initializer;
      if (init && t.isVariableDeclarationList(init)) {
        for (const d of init.declarations) this.addBindingName(d.name, d, out);
      }
    } else if (t.isCatchClause(scope)) {
      if (scope.variableDeclaration) this.addBindingName(scope.variableDeclaration.name, scope.variableDeclaration, out);
    } else if (t.isClassDeclaration(scope) || t.isClassExpression(scope)) {
      if (scope.name) out.set(scope.name.text, scope);
    } else if (t.isFunctionLike(scope)) {
      const fn = scope as ts.SignatureDeclaration;
      for (const p of fn.parameters) this.addBindingName(p.name, p, out);
      if ((t.isFunctionExpression(scope)) && scope.name) out.set(scope.name.text, scope);
      if (!t.isArrowFunction(scope)) out.set('arguments', scope);
      const body = (scope as ts.FunctionLikeDeclaration).body;
      if (body && t.isBlock(body)) this.collectVars(body, out);
    }
  }

  /** Block-scoped declarations directly in a statement list (plus imports at top level). */
  private collectStatements(statements: readonly ts.Statement[], out: Map<string, ts.Node>): void {
    const t = this.ts;
    for (const s of statements) {
      if (t.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) this.addBindingName(d.name, d, out);
      } else if ((t.isFunctionDeclaration(s) || t.isClassDeclaration(s) || t.isEnumDeclaration(s)) && s.name) {
        out.set(s.name.text, s);
      } else if (t.isModuleDeclaration(s) && t.isIdentifier(s.name)) {
        out.set(s.name.text, s);
      } else if (t.isImportEqualsDeclaration(s)) {
        out.set(s.name.text, s);
      } else if (t.isImportDeclaration(s) && s.importClause) {
        const clause = s.importClause;
        if (clause.name) out.set(clause.name.text, clause);
        const nb = clause.namedBindings;
        if (nb && t.isNamespaceImport(nb)) out.set(nb.name.text, nb);
        else if (nb) for (const el of nb.elements) out.set(el.name.text, el);
      }
    }
  }

  /** `var` declarations anywhere in a function body, not entering nested functions. */
  private collectVars(root: ts.Node, out: Map<string, ts.Node>): void {
    // Walking a whole body for what is usually absent: a file without the word `var` has none.
    if (!(this.mayHaveVar ??= /\bvar\b/.test(root.getSourceFile().text))) return;
    const t = this.ts;
    const visit = (node: ts.Node): void => {
      if (t.isFunctionLike(node) || t.isClassLike(node)) return;
      if (t.isVariableDeclarationList(node) && !(node.flags & (t.NodeFlags.Let | t.NodeFlags.Const))) {
        for (const d of node.declarations) this.addBindingName(d.name, d, out, false);
      }
      t.forEachChild(node, visit);
    };
    t.forEachChild(root, visit);
  }

  private addBindingName(name: ts.BindingName, decl: ts.Node, out: Map<string, ts.Node>, overwrite = true): void {
    const t = this.ts;
    if (t.isIdentifier(name)) {
      if (overwrite || !out.has(name.text)) out.set(name.text, decl);
      return;
    }
    for (const el of name.elements) {
      if (t.isBindingElement(el)) this.addBindingName(el.name, el, out, overwrite);
    }
  }
}
