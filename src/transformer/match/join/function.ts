import type { SyntaxApi } from '../../parse/syntaxApi.js';
import type * as ts from 'typescript';
import type { FunctionFlavor, FunctionJoinPoint } from '../joinPoint.js';
import type { ResolvedRule } from '../../../rules/types.js';
import type { SpanDirective } from '../directives.js';
import { projectPath, type JoinContext } from './context.js';

/** A function-like node whose body a `function` join point can wrap. */
export type WrappableFunction = FunctionJoinPoint['node'];

/** What `function` matching decided for one node. */
export type FunctionOutcome =
  | { joinPoint: Omit<FunctionJoinPoint, 'line' | 'column'> }
  | { skipped: string; rule: ResolvedRule }
  | undefined;

/** The rule used for `@span` directives: one per file, named by the directive. */
export const SPAN_DIRECTIVE_RULE: ResolvedRule = {
  id: 'span', join: 'function', module: undefined, exports: [], classes: [], names: [], path: [], versions: undefined,
  span: { name: 'span', kind: 'internal', attributes: {}, args: {} }, hooks: undefined, result: 'auto', source: 'directive',
};

/**
 * The node a `@span` comment documents, and the function under it:
 * `function f`, a method, `const f = () => …`, `prop = () => …`, `key: function () {}`.
 */
export function documentedFunction(node: ts.Node, t: SyntaxApi): WrappableFunction | ts.ConstructorDeclaration | undefined {
  if (t.isFunctionDeclaration(node) || t.isMethodDeclaration(node) || t.isConstructorDeclaration(node)) return node;
  const init = t.isVariableStatement(node) && node.declarationList.declarations.length === 1
    ? node.declarationList.declarations[0]!.initializer
    : (t.isPropertyDeclaration(node) || t.isPropertyAssignment(node)) ? node.initializer : undefined;
  if (init && (t.isArrowFunction(init) || t.isFunctionExpression(init))) return init;
  return undefined;
}

/**
 * `function` join points: a `@span` directive on the node, or a `function`
 * rule whose module glob matches this file and whose name glob matches the
 * function's name.
 */
export function matchFunction(holder: ts.Node, directive: SpanDirective | undefined, ctx: JoinContext): FunctionOutcome {
  const t = ctx.ts;
  const fn = documentedFunction(holder, t);
  if (!fn) return undefined;
  const name = functionName(holder, fn, t);
  let rule: ResolvedRule | undefined;
  if (directive) rule = SPAN_DIRECTIVE_RULE;
  else {
    const path = projectPath(ctx, ctx.fileName);
    const short = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : name;
    rule = ctx.rules.functions.find((f) => f.matches(path) && (f.name(name) || f.name(short)))?.rule;
  }
  if (!rule) return undefined;
  if (t.isConstructorDeclaration(fn)) return { skipped: 'constructors cannot be wrapped in a span (the body must call super() first)', rule };
  if (!fn.body) return { skipped: 'the function has no body (overload, abstract or declare)', rule };
  const redeclared = varRedeclaringParameter(fn, t);
  if (redeclared) {
    return { skipped: `the body redeclares parameter ${redeclared} with var; moved into a wrapping function it would be a new variable`, rule };
  }
  const flavor = flavorOf(fn, t);
  if ((flavor === 'generator' || flavor === 'async-generator') && usesSuper(fn.body, t)) {
    return { skipped: 'a generator body that uses super cannot be moved into the wrapping generator', rule };
  }
  const spanName = directive?.name ?? (rule === SPAN_DIRECTIVE_RULE ? name : rule.span.name === rule.id ? name : rule.span.name);
  return { joinPoint: { kind: 'function', rule, node: fn, flavor, spanName, attributes: directive?.attributes ?? {} } };
}

function flavorOf(fn: WrappableFunction, t: SyntaxApi): FunctionFlavor {
  const isAsync = (t.getCombinedModifierFlags(fn as ts.Declaration) & t.ModifierFlags.Async) !== 0;
  const isGenerator = !t.isArrowFunction(fn) && !!fn.asteriskToken;
  if (isGenerator) return isAsync ? 'async-generator' : 'generator';
  return isAsync ? 'async' : 'sync';
}

/** `Class.method`, the function's own name, or the variable / property it is assigned to. */
function functionName(holder: ts.Node, fn: ts.Node, t: SyntaxApi): string {
  const own = (t.isFunctionDeclaration(fn) || t.isFunctionExpression(fn)) && fn.name ? fn.name.text : undefined;
  let name = own;
  if (t.isVariableStatement(holder)) {
    const d = holder.declarationList.declarations[0]!;
    if (t.isIdentifier(d.name)) name = d.name.text;
  } else if (t.isMethodDeclaration(holder) || t.isPropertyDeclaration(holder) || t.isPropertyAssignment(holder)) {
    const key = holder.name && (t.isIdentifier(holder.name) || t.isStringLiteral(holder.name) || t.isPrivateIdentifier(holder.name)) ? holder.name.text : '<computed>';
    const owner = holder.parent;
    const ownerName = t.isClassLike(owner) ? owner.name?.text ?? '<anonymous>' : undefined;
    name = ownerName ? `${ownerName}.${key}` : key;
  } else if (t.isConstructorDeclaration(holder)) {
    name = `${(holder.parent as ts.ClassLikeDeclaration).name?.text ?? '<anonymous>'}.constructor`;
  }
  return name ?? 'default';
}

/** A parameter name the body declares again with `var` (same binding in the original, a new one once moved). */
function varRedeclaringParameter(fn: WrappableFunction, t: SyntaxApi): string | undefined {
  const params = new Set<string>();
  const addNames = (name: ts.BindingName): void => {
    if (t.isIdentifier(name)) params.add(name.text);
    else for (const el of name.elements) if (t.isBindingElement(el)) addNames(el.name);
  };
  for (const p of fn.parameters) addNames(p.name);
  if (params.size === 0 || !fn.body || !t.isBlock(fn.body)) return undefined;
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found || t.isFunctionLike(n) || t.isClassLike(n)) return;
    if (t.isVariableDeclarationList(n) && !(n.flags & (t.NodeFlags.Let | t.NodeFlags.Const))) {
      const names = new Set<string>();
      const collect = (name: ts.BindingName): void => {
        if (t.isIdentifier(name)) names.add(name.text);
        else for (const el of name.elements) if (t.isBindingElement(el)) collect(el.name);
      };
      for (const d of n.declarations) collect(d.name);
      found = [...names].find((name) => params.has(name));
    }
    t.forEachChild(n, visit);
  };
  t.forEachChild(fn.body, visit);
  return found;
}

function usesSuper(body: ts.Node, t: SyntaxApi): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (n.kind === t.SyntaxKind.SuperKeyword) found = true;
    else if (!(t.isFunctionLike(n) && !t.isArrowFunction(n))) t.forEachChild(n, visit);
  };
  visit(body);
  return found;
}
