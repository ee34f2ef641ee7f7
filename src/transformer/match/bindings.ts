import type { SyntaxApi } from '../parse/syntaxApi.js';
import type * as ts from 'typescript';
import { ScopeResolver } from './scope.js';

/**
 * What an expression refers to, as far as syntax can tell:
 * - `module`: a value reached from a module's exports, `path` the property
 *   path from the module object (`[]` = the namespace / `module.exports`);
 *   `isDefault` marks a default import, which is also treated as the
 *   namespace for member access (`import http from "http"; http.get()`);
 *   `required` marks the whole CommonJS module value (`require("m")`, `import m = require("m")`),
 *   which called or constructed is the module's `default` export, as a default import sees it;
 * - `global`: a property path from the global object (`fetch`, `globalThis.fetch`);
 * - `local`: bound to something else in the file (a shadowing declaration).
 */
export type Origin =
  | { kind: 'module'; module: string; path: string[]; isDefault?: boolean; required?: true; declaration: ts.Node }
  | { kind: 'global'; path: string[] }
  | { kind: 'local'; declaration: ts.Node };

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
/** Module-interop helpers of compiled output: they return the module (or a namespace copy of it). */
const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '__toESM', '_interopRequireDefault', '_interopRequireWildcard']);
const MAX_ALIAS_DEPTH = 8;

/** Strips the `node:` scheme so `node:http` and `http` name the same module. */
export function normalizeSpecifier(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/**
 * Resolves callees and receivers to their origin: imports in every form
 * (named, default, namespace, `import x = require()`), `require()` with
 * destructuring and property access, `const` aliases, and globals.
 * @internal
 */
export class BindingResolver {
  private readonly scopes: ScopeResolver;

  constructor(private readonly ts: SyntaxApi) {
    this.scopes = new ScopeResolver(ts);
  }

  /** The origin of an expression, or undefined when it is not statically known. */
  resolve(expr: ts.Expression, depth = 0): Origin | undefined {
    const t = this.ts;
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    expr = this.unwrap(expr);
    if (t.isIdentifier(expr)) return this.resolveIdentifier(expr, depth);
    if (t.isPropertyAccessExpression(expr) && t.isIdentifier(expr.name)) {
      return this.extend(this.resolve(expr.expression, depth), expr.name.text);
    }
    if (t.isElementAccessExpression(expr) && t.isStringLiteralLike(expr.argumentExpression)) {
      return this.extend(this.resolve(expr.expression, depth), expr.argumentExpression.text);
    }
    const required = this.requiredModule(expr);
    if (required !== undefined) return { kind: 'module', module: required, path: [], required: true, declaration: expr };
    // Compiled CommonJS, as tsc and bundlers emit it: `(0, m_1.f)(x)` calls f without a receiver,
    // and `__importDefault(require("m"))` / `__importStar(…)` / `__toESM(…)` wrap the module.
    if (t.isBinaryExpression(expr) && expr.operatorToken.kind === t.SyntaxKind.CommaToken && t.isNumericLiteral(this.unwrap(expr.left))) {
      return this.resolve(expr.right, depth);
    }
    if (t.isCallExpression(expr) && t.isIdentifier(expr.expression) && INTEROP_HELPERS.has(expr.expression.text) && expr.arguments.length >= 1) {
      return this.resolve(expr.arguments[0]!, depth);
    }
    return undefined;
  }

  /** The declaration `id` refers to, or undefined for a global. */
  declarationOf(id: ts.Identifier): ts.Node | undefined {
    return this.scopes.lookup(id.text, id);
  }

  /** The origin of a type name (`Client`, `pg.Client`), resolved like a value. */
  resolveEntityName(name: ts.EntityName): Origin | undefined {
    if (this.ts.isIdentifier(name)) return this.resolveIdentifier(name, 0, true);
    return this.extend(this.resolveEntityName(name.left), name.right.text);
  }

  /** The module named by `require("m")` when `require` is the real one. */
  requiredModule(expr: ts.Expression): string | undefined {
    const t = this.ts;
    if (!t.isCallExpression(expr) || !t.isIdentifier(expr.expression) || expr.expression.text !== 'require') return undefined;
    if (expr.arguments.length !== 1 || !t.isStringLiteralLike(expr.arguments[0]!)) return undefined;
    if (this.scopes.lookup('require', expr)) return undefined;
    return normalizeSpecifier(expr.arguments[0].text);
  }

  /** Skips parentheses, type assertions and non-null assertions, which do not change the value. */
  unwrap(expr: ts.Expression): ts.Expression {
    const t = this.ts;
    for (;;) {
      if (t.isParenthesizedExpression(expr) || t.isNonNullExpression(expr) || t.isAsExpression(expr) ||
        t.isTypeAssertionExpression(expr) || t.isSatisfiesExpression(expr)) {
        expr = expr.expression;
      } else {
        return expr;
      }
    }
  }

  private extend(origin: Origin | undefined, name: string): Origin | undefined {
    if (!origin || origin.kind === 'local') return origin && { kind: 'local', declaration: origin.declaration };
    if (origin.kind === 'global') return { kind: 'global', path: [...origin.path, name] };
    // `m.default` of a CommonJS module object (`__importDefault(require("m")).default`) is the module itself.
    if (name === 'default' && origin.path.length === 0 && !origin.isDefault) return { ...origin, isDefault: true };
    return { kind: 'module', module: origin.module, path: [...origin.path, name], declaration: origin.declaration };
  }

  private resolveIdentifier(id: ts.Identifier, depth: number, typeOnlyOk = false): Origin | undefined {
    const t = this.ts;
    const decl = this.scopes.lookup(id.text, id);
    if (!decl) {
      if (GLOBAL_OBJECTS.has(id.text)) return { kind: 'global', path: [] };
      return { kind: 'global', path: [id.text] };
    }
    if (t.isImportSpecifier(decl)) {
      if (!typeOnlyOk && (decl.isTypeOnly || decl.parent.parent.isTypeOnly)) return { kind: 'local', declaration: decl };
      const module = this.importModule(decl.parent.parent.parent);
      const imported = (decl.propertyName ?? decl.name).text;
      if (module === undefined) return { kind: 'local', declaration: decl };
      if (imported === 'default') return { kind: 'module', module, path: [], isDefault: true, declaration: decl };
      return { kind: 'module', module, path: [imported], declaration: decl };
    }
    if (t.isImportClause(decl)) {
      const module = this.importModule(decl.parent);
      if (module === undefined || (decl.isTypeOnly && !typeOnlyOk)) return { kind: 'local', declaration: decl };
      return { kind: 'module', module, path: [], isDefault: true, declaration: decl };
    }
    if (t.isNamespaceImport(decl)) {
      const module = this.importModule(decl.parent.parent);
      if (module === undefined || (decl.parent.isTypeOnly && !typeOnlyOk)) return { kind: 'local', declaration: decl };
      return { kind: 'module', module, path: [], declaration: decl };
    }
    if (t.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      if (t.isExternalModuleReference(ref) && t.isStringLiteralLike(ref.expression) && !decl.isTypeOnly) {
        return { kind: 'module', module: normalizeSpecifier(ref.expression.text), path: [], required: true, declaration: decl };
      }
      return { kind: 'local', declaration: decl };
    }
    if (t.isVariableDeclaration(decl) && decl.initializer && t.isIdentifier(decl.name)) {
      return this.resolve(decl.initializer, depth + 1) ?? { kind: 'local', declaration: decl };
    }
    if (t.isBindingElement(decl)) return this.resolveBindingElement(decl, depth) ?? { kind: 'local', declaration: decl };
    return { kind: 'local', declaration: decl };
  }

  /** `const { a: { b } } = require("m")` → module m, path [a, b]. */
  private resolveBindingElement(el: ts.BindingElement, depth: number): Origin | undefined {
    const t = this.ts;
    const keys: string[] = [];
    let node: ts.Node = el;
    while (t.isBindingElement(node)) {
      if (node.dotDotDotToken || node.initializer) return undefined;
      const pattern: ts.BindingPattern = node.parent;
      if (!t.isObjectBindingPattern(pattern)) return undefined;
      const prop = node.propertyName ?? node.name;
      const key = t.isIdentifier(prop) || t.isStringLiteral(prop) ? prop.text : undefined;
      if (key === undefined) return undefined;
      keys.unshift(key);
      node = pattern.parent;
    }
    if (!t.isVariableDeclaration(node) || !node.initializer) return undefined;
    let origin = this.resolve(node.initializer, depth + 1);
    for (const key of keys) origin = this.extend(origin, key);
    return origin;
  }

  private importModule(decl: ts.ImportDeclaration | ts.JSDocImportTag): string | undefined {
    return this.ts.isStringLiteral(decl.moduleSpecifier) ? normalizeSpecifier(decl.moduleSpecifier.text) : undefined;
  }
}
