import type * as ts from 'typescript';
import type { CallJoinPoint, JoinPoint } from '../match/joinPoint.js';
import { CHAIN_REGISTER, chainLinks, lowerChain, needsGrouping, outermostChain, type ChainLink, type ChainSpeller } from './optionalChain.js';
import { RUNTIME_NAMESPACE, SITE_FUNCTION } from './siteTable.js';

/**
 * The outermost links of the optional chains that hold wrapped calls: the tsc
 * writer lowers each of these whole (optionalChain.ts) instead of visiting it.
 * @internal
 */
export function chainsToLower(joinPoints: readonly JoinPoint[], t: typeof import('typescript')): Set<ts.Node> {
  const out = new Set<ts.Node>();
  for (const jp of joinPoints) if (jp.kind === 'call' && t.isOptionalChain(jp.node)) out.add(outermostChain(jp.node, t));
  return out;
}

/** `var __tw_r;`, beside the site table, for a file with lowered chains. @internal */
export function chainRegisterDeclaration(f: ts.NodeFactory, t: typeof import('typescript')): ts.Statement {
  return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(CHAIN_REGISTER)], t.NodeFlags.None));
}

/**
 * The tsc writer's spelling of an optional chain holding wrapped calls: the
 * nodes of optionalChain.ts's lowering, `visit` applied to every kept
 * original (root, keys, arguments) so nested join points are spelled too. The
 * links after the last wrapped call are rebuilt as a native chain starting at
 * the helper's result (plain links up to its first `?.`), which tsc's own
 * ES2019 lowering of `?.` then handles like any other chain.
 * @internal
 */
export function lowerChainWithTsFactory(
  outermost: ts.Expression, sites: ReadonlyMap<ts.Node, { jp: JoinPoint; index: number }>,
  t: typeof import('typescript'), f: ts.NodeFactory, visit: (node: ts.Node) => ts.Node,
): ts.Expression {
  const v = (node: ts.Expression) => visit(node) as ts.Expression;
  const runtime = (name: string) => f.createPropertyAccessExpression(f.createIdentifier(RUNTIME_NAMESPACE), name);
  const register = () => f.createIdentifier(CHAIN_REGISTER);
  const args = (link: ts.CallExpression) => link.arguments.map((a) => v(a));
  const speller: ChainSpeller<ts.Expression> = {
    keep: v,
    register,
    thisRef: () => f.createThis(),
    voidZero: () => f.createVoidZero(),
    held: () => f.createCallExpression(runtime('held'), undefined, []),
    key: (key) => ('name' in key ? f.createStringLiteral(key.name) : v(key.expression)),
    lookup: (receiver, key) => f.createCallExpression(runtime('lookup'), undefined, [receiver, key]),
    test: (value) => f.createLogicalOr(f.createStrictEquality(f.createNull(), f.createAssignment(register(), value)),
      f.createStrictEquality(register(), f.createVoidZero())),
    member: (base, link) => t.isPropertyAccessExpression(link)
      ? f.createPropertyAccessExpression(base, link.name)
      : f.createElementAccessExpression(base, v(link.argumentExpression)),
    call: (callee, link) => f.createCallExpression(callee, link.typeArguments, args(link)),
    helper: (helper, index, lead, link, arrayForm) => {
      const list = args(link);
      const call = f.createCallExpression(runtime(helper), undefined, [
        f.createCallExpression(f.createIdentifier(SITE_FUNCTION), undefined, [f.createNumericLiteral(index)]),
        ...lead, ...(arrayForm ? [f.createArrayLiteralExpression(list)] : list)]);
      t.setOriginalNode(call, link);
      return t.setTextRange(call, link);
    },
    finish: (tests, value, top, o) => {
      let body = continuation(value, top, o);
      for (let i = tests.length - 1; i >= 0; i--) {
        body = f.createConditionalExpression(tests[i]!, f.createToken(t.SyntaxKind.QuestionToken), f.createVoidZero(),
          f.createToken(t.SyntaxKind.ColonToken), body);
      }
      return t.setTextRange(needsGrouping(o, t) ? f.createParenthesizedExpression(body) : body, o);
    },
  };
  const continuation = (value: ts.Expression, top: ts.Expression, o: ts.Expression): ts.Expression => {
    const { links } = chainLinks(o, t);
    let cur = value;
    let chained = false;
    for (const link of links.slice(links.indexOf(top as ChainLink) + 1)) {
      const q = 'questionDotToken' in link ? link.questionDotToken : undefined;
      chained ||= q !== undefined;
      if (t.isPropertyAccessExpression(link)) {
        cur = chained ? f.createPropertyAccessChain(cur, q, link.name) : f.createPropertyAccessExpression(cur, link.name);
      } else if (t.isElementAccessExpression(link)) {
        const key = v(link.argumentExpression);
        cur = chained ? f.createElementAccessChain(cur, q, key) : f.createElementAccessExpression(cur, key);
      } else if (t.isCallExpression(link)) {
        cur = chained ? f.createCallChain(cur, q, link.typeArguments, args(link)) : f.createCallExpression(cur, link.typeArguments, args(link));
      } else {
        cur = chained ? f.createNonNullChain(cur) : f.createNonNullExpression(cur);
      }
    }
    return cur;
  };
  return lowerChain(outermost, sites as ReadonlyMap<ts.Node, { jp: CallJoinPoint; index: number }>, t, speller);
}
