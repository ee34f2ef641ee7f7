import type * as ts from 'typescript';
import type { FileSites } from '../../runtime/siteSpec.js';
import type { JoinPoint } from '../match/joinPoint.js';
import { forwardedCallTs } from './forwardedCall.js';
import { taggedTemplateTs } from './taggedTemplate.js';
import { callbackArgsTs } from './callbackArgs.js';
import { callHelper, constructHelper } from './installCall.js';
import { chainRegisterDeclaration, chainsToLower, lowerChainWithTsFactory } from './optionalChainTs.js';
import { hookModules, RUNTIME_MODULE, RUNTIME_NAMESPACE, SITE_CACHE, SITE_FUNCTION } from './siteTable.js';

/** Inputs of the tsc writer for one file. */
export interface TsWriteOptions {
  ts: typeof import('typescript');
  context: ts.TransformationContext;
  joinPoints: readonly JoinPoint[];
  sites: FileSites;
  /** Load the runtime with `require` (CommonJS script files that are not ES modules). */
  useRequire: boolean;
}

/**
 * The tsc writer: spells the matcher's join points with `ts.factory` inside a
 * ts-patch "before" transformer. Never re-decides a match. Replacement nodes
 * keep the original's text range so tsc's source maps and stack traces point
 * at the call.
 */
export function writeWithTsFactory(sourceFile: ts.SourceFile, options: TsWriteOptions): ts.SourceFile {
  const { ts: t, context, joinPoints } = options;
  if (joinPoints.length === 0) return sourceFile;
  const f = context.factory;
  const siteOf = new Map<ts.Node, { jp: JoinPoint; index: number }>();
  joinPoints.forEach((jp, index) => siteOf.set(jp.node, { jp, index }));
  const chains = chainsToLower(joinPoints, t);

  const runtime = (name: string) => f.createPropertyAccessExpression(f.createIdentifier(RUNTIME_NAMESPACE), name);
  const site = (index: number) => f.createCallExpression(f.createIdentifier(SITE_FUNCTION), undefined, [f.createNumericLiteral(index)]);
  const unwrap = (e: ts.Expression): ts.Expression =>
    t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isTypeAssertionExpression(e) || t.isSatisfiesExpression(e)
      ? unwrap(e.expression) : e;
  const argList = (args: readonly ts.Expression[], arrayForm: boolean): ts.Expression[] =>
    arrayForm ? [f.createArrayLiteralExpression([...args])] : [...args];

  const spellCall = (node: ts.CallExpression, jp: Extract<JoinPoint, { kind: 'call' }>, index: number): ts.Expression => {
    const call = callHelper(jp, 'call', node.arguments.length);
    const arrayForm = call.arrayForm;
    const callee = unwrap(node.expression);
    if ((t.isPropertyAccessExpression(callee) || t.isElementAccessExpression(callee)) && callee.expression.kind === t.SyntaxKind.SuperKeyword) {
      // `super.m(a)` → `__tw.call1(site, super.m, this, a)`: `super.m` read before the arguments, as in the plain call.
      return f.createCallExpression(runtime(call.name), undefined,
        [site(index), node.expression, f.createThis(), ...argList(node.arguments, arrayForm)]);
    }
    if (jp.shape === 'plain') {
      return f.createCallExpression(runtime(call.name), undefined,
        [site(index), node.expression, f.createVoidZero(), ...argList(node.arguments, arrayForm)]);
    }
    let receiver: ts.Expression;
    let key: ts.Expression;
    if (t.isPropertyAccessExpression(callee)) {
      receiver = callee.expression;
      key = f.createStringLiteral(callee.name.text);
    } else if (t.isElementAccessExpression(callee)) {
      receiver = callee.expression;
      key = callee.argumentExpression;
    } else {
      throw new Error(`tracewright internal error: member join point without a member callee at ${jp.line}:${jp.column}`);
    }
    return f.createCallExpression(runtime(callHelper(jp, 'method', node.arguments.length).name), undefined,
      [site(index), receiver, key, ...argList(node.arguments, arrayForm)]);
  };

  const spellFunction = (node: ts.Node, jp: Extract<JoinPoint, { kind: 'function' }>, index: number): ts.Node => {
    const fn = node as ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;
    const body = fn.body!;
    const isAsync = jp.flavor === 'async' || jp.flavor === 'async-generator';
    const asyncMod = isAsync ? [f.createModifier(t.SyntaxKind.AsyncKeyword)] : undefined;
    const prologue: ts.Statement[] = [];
    let statements: ts.Statement[] = [];
    if (t.isBlock(body)) {
      let i = 0;
      while (i < body.statements.length && t.isExpressionStatement(body.statements[i]!) && t.isStringLiteral((body.statements[i] as ts.ExpressionStatement).expression)) i++;
      prologue.push(...body.statements.slice(0, i));
      statements = body.statements.slice(i);
    }
    let wrapped: ts.Expression;
    if (jp.flavor === 'generator' || jp.flavor === 'async-generator') {
      const inner = f.createFunctionExpression(asyncMod, f.createToken(t.SyntaxKind.AsteriskToken), undefined, undefined, [], undefined,
        f.createBlock(statements, true));
      const applied = f.createCallExpression(f.createPropertyAccessExpression(f.createParenthesizedExpression(inner), 'apply'), undefined,
        [f.createThis(), f.createIdentifier('arguments')]);
      wrapped = f.createYieldExpression(f.createToken(t.SyntaxKind.AsteriskToken),
        f.createCallExpression(runtime('spanGenerator'), undefined, [site(index), applied]));
    } else {
      const innerBody = t.isBlock(body) ? f.createBlock(statements, true) : body;
      const inner = f.createArrowFunction(asyncMod, undefined, [], undefined, f.createToken(t.SyntaxKind.EqualsGreaterThanToken), innerBody);
      wrapped = f.createCallExpression(runtime('span'), undefined, [site(index), inner]);
    }
    const newBody = t.isBlock(body) || !t.isArrowFunction(fn)
      ? t.setTextRange(f.createBlock([...prologue, f.createReturnStatement(wrapped)], true), body)
      : wrapped;
    if (t.isFunctionDeclaration(fn)) {
      return f.updateFunctionDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, newBody as ts.Block);
    }
    if (t.isMethodDeclaration(fn)) {
      return f.updateMethodDeclaration(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.questionToken, fn.typeParameters, fn.parameters, fn.type, newBody as ts.Block);
    }
    if (t.isFunctionExpression(fn)) {
      return f.updateFunctionExpression(fn, fn.modifiers, fn.asteriskToken, fn.name, fn.typeParameters, fn.parameters, fn.type, newBody as ts.Block);
    }
    return f.updateArrowFunction(fn, fn.modifiers, fn.typeParameters, fn.parameters, fn.type, fn.equalsGreaterThanToken, newBody as ts.ConciseBody);
  };

  const visitor = (node: ts.Node): ts.Node => {
    if (chains.has(node)) return lowerChainWithTsFactory(node as ts.Expression, siteOf, t, f, visitor);
    const visited = t.visitEachChild(node, visitor, context);
    const hit = siteOf.get(node);
    if (!hit) return visited;
    const { jp, index } = hit;
    let replacement: ts.Node;
    if (jp.kind === 'call') replacement = spellCall(visited as ts.CallExpression, jp, index);
    else if (jp.kind === 'tagged') replacement = taggedTemplateTs(visited as ts.TaggedTemplateExpression, jp, { ts: t, factory: f, runtime, site: site(index) });
    else if (jp.kind === 'forwarded') replacement = forwardedCallTs(visited as ts.CallExpression, jp, { ts: t, factory: f, runtime, site: site(index) });
    else if (jp.kind === 'callback-arg') replacement = callbackArgsTs(visited as ts.CallExpression, jp, { ts: t, factory: f, runtime, site: site(index) });
    else if (jp.kind === 'new') {
      const n = visited as ts.NewExpression;
      replacement = f.createCallExpression(runtime(constructHelper(jp)), undefined,
        [site(index), n.expression, f.createArrayLiteralExpression([...(n.arguments ?? [])])]);
    } else return spellFunction(visited, jp, index);
    t.setOriginalNode(replacement, node);
    return t.setTextRange(replacement, node);
  };

  const body = t.visitEachChild(sourceFile, visitor, context);
  return f.updateSourceFile(body, [...runtimeHeader(body.statements, options), ...body.statements.slice(prologueLength(body.statements, t)),
    ...siteFunction(options), ...(chains.size > 0 ? [chainRegisterDeclaration(f, t)] : [])]);
}

function prologueLength(statements: readonly ts.Statement[], t: typeof import('typescript')): number {
  let i = 0;
  while (i < statements.length && t.isExpressionStatement(statements[i]!) && t.isStringLiteral((statements[i] as ts.ExpressionStatement).expression)) i++;
  return i;
}

/**
 * Directive prologue kept first, then the runtime import (first, so circular imports see it
 * initialised) and the hook modules the sites name.
 */
function runtimeHeader(statements: readonly ts.Statement[], { ts: t, context, useRequire, sites }: TsWriteOptions): ts.Statement[] {
  const f = context.factory;
  const prologue = statements.slice(0, prologueLength(statements, t));
  const load = useRequire
    ? f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(RUNTIME_NAMESPACE, undefined, undefined,
      f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral(RUNTIME_MODULE)]))], t.NodeFlags.None))
    : f.createImportDeclaration(undefined, f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(RUNTIME_NAMESPACE))),
      f.createStringLiteral(RUNTIME_MODULE));
  const hooks = hookModules(sites).map((module) => useRequire
    ? f.createExpressionStatement(f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral(module)]))
    : f.createImportDeclaration(undefined, undefined, f.createStringLiteral(module)));
  return [...prologue, load, ...hooks];
}

/**
 * `function __tw_site(i) { return (__tw_sites || (__tw_sites = __tw.sites("…")))[i]; } var __tw_sites;`
 * A hoisted function and a `var` (no TDZ), so sites work even when called
 * before the module body ran (hoisting, circular imports).
 */
function siteFunction({ ts: t, context, sites }: TsWriteOptions): ts.Statement[] {
  const f = context.factory;
  const cache = f.createIdentifier(SITE_CACHE);
  const table = f.createParenthesizedExpression(f.createLogicalOr(cache,
    f.createParenthesizedExpression(f.createAssignment(cache,
      f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(RUNTIME_NAMESPACE), 'sites'), undefined,
        [f.createStringLiteral(JSON.stringify(sites))])))));
  const fn = f.createFunctionDeclaration(undefined, undefined, SITE_FUNCTION, undefined,
    [f.createParameterDeclaration(undefined, undefined, 'i')], undefined,
    f.createBlock([f.createReturnStatement(f.createElementAccessExpression(table, f.createIdentifier('i')))], false));
  const decl = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(SITE_CACHE)], t.NodeFlags.None));
  return [fn, decl];
}
