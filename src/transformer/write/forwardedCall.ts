import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';
import type { ForwardedJoinPoint } from '../match/joinPoint.js';
import { RUNTIME_NAMESPACE, SITE_FUNCTION } from './siteTable.js';
import type { Anchor } from './sourceMapAnchors.js';
import { unwrapOuter, type SourceEdits, type TsSpelling } from './shapeSpelling.js';

/*
 * Forwarded calls, in both writers: the forwarder's receiver stays, the
 * original arguments become one array (spreads included), and the target's
 * method name, when static, comes last for hooks (runtime/forwarded.ts):
 *   f.call(t, a)               → __tw.viaCall(__tw_site(i), f, [t, a])
 *   obj.m.apply(t, list)       → __tw.viaApply(__tw_site(i), obj.m, [t, list], "m")
 *   Reflect.apply(f, t, list)  → __tw.viaReflectApply(__tw_site(i), Reflect, [f, t, list])
 */

const HELPERS: Record<ForwardedJoinPoint['via'], string> = { call: 'viaCall', apply: 'viaApply', 'reflect-apply': 'viaReflectApply' };

function forwarder(callee: ts.Expression, jp: ForwardedJoinPoint, t: SyntaxApi): ts.PropertyAccessExpression | ts.ElementAccessExpression {
  const member = unwrapOuter(callee, t);
  if (!t.isPropertyAccessExpression(member) && !t.isElementAccessExpression(member)) {
    throw new Error(`tracewright internal error: forwarded call without a member callee at ${jp.line}:${jp.column}`);
  }
  return member;
}

/** The tsc writer's spelling of a forwarded call (`visited`: its children already visited). */
export function forwardedCallTs(visited: ts.CallExpression, jp: ForwardedJoinPoint, s: TsSpelling): ts.CallExpression {
  const f = s.factory;
  const receiver = forwarder(visited.expression, jp, s.ts).expression;
  const key = jp.key === undefined ? [] : [f.createStringLiteral(jp.key)];
  // An argument list over several lines stays over several lines (as the source writer keeps it).
  const args = jp.node.arguments;
  const multiLine = jp.node.getSourceFile().text.slice(args.pos, args.end).includes('\n');
  return f.createCallExpression(s.runtime(HELPERS[jp.via]), undefined,
    [s.site, receiver, f.createArrayLiteralExpression(visited.arguments, multiLine), ...key]);
}

/** The source writer's spelling; the anchor is the forwarder's name (`call`, `apply`), where V8 reports the call. */
export function forwardedCallSource(jp: ForwardedJoinPoint, index: number, edits: SourceEdits, t: SyntaxApi, sf: ts.SourceFile): Anchor {
  const node = jp.node;
  const member = forwarder(node.expression, jp, t);
  const start = node.getStart(sf);
  const prefix = `${RUNTIME_NAMESPACE}.${HELPERS[jp.via]}(${SITE_FUNCTION}(${index}), `;
  edits.open(start, prefix);
  edits.replace(start, member.expression.getStart(sf), '');
  edits.replace(member.expression.end, node.arguments.pos, ', [');
  edits.replace(node.end - 1, node.end, jp.key === undefined ? '])' : `], ${JSON.stringify(jp.key)})`);
  const name = t.isPropertyAccessExpression(member) ? member.name : member.argumentExpression;
  return { prefix, index, original: name.getStart(sf) };
}
