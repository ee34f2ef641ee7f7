import type * as ts from 'typescript';
import type { CallbackArgJoinPoint } from '../match/joinPoint.js';
import { RUNTIME_NAMESPACE, SITE_FUNCTION } from './siteTable.js';
import type { SourceEdits, TsSpelling } from './shapeSpelling.js';

/*
 * `callback-arg` join points, in both writers: only the argument list is replaced, by one
 * spread of the runtime's answer (runtime/callbackArgs.ts); callee, receiver, type arguments,
 * `?.` and the call itself stay as written, so `this`, the method lookup and the evaluation
 * order are the plain call's:
 *   app.get(p, h)        → app.get(...__tw.callbackArgs(__tw_site(i), [p, h]))
 *   on(...hs, last)      → on(...__tw.callbackArgs(__tw_site(i), [...hs, last]))
 *   app?.use<T>(h)       → app?.use<T>(...__tw.callbackArgs(__tw_site(i), [h]))
 * The call stays where it was, so stack traces need no source-map anchor.
 */

const HELPER = `${RUNTIME_NAMESPACE}.callbackArgs`;

/** The tsc writer's spelling (`visited`: its children already visited). */
export function callbackArgsTs(visited: ts.CallExpression, jp: CallbackArgJoinPoint, s: TsSpelling): ts.CallExpression {
  const f = s.factory;
  // The array is printed multi-line exactly when a line break follows `(`: the source writer's
  // `[` takes the place right after it, and that is where TypeScript's parser reads the flag.
  const args = jp.node.arguments;
  const first = args[0];
  const multiLine = first !== undefined && jp.node.getSourceFile().text.slice(args.pos, first.getStart()).includes('\n');
  const list = f.createArrayLiteralExpression(visited.arguments, multiLine);
  const spread = f.createSpreadElement(f.createCallExpression(s.runtime('callbackArgs'), undefined, [s.site, list]));
  return f.updateCallExpression(visited, visited.expression, visited.typeArguments, [spread]);
}

/** The source writer's spelling: text inserted just inside the parentheses, arguments kept in place. */
export function callbackArgsSource(jp: CallbackArgJoinPoint, index: number, edits: SourceEdits): void {
  const node = jp.node;
  edits.open(node.arguments.pos, `...${HELPER}(${SITE_FUNCTION}(${index}), [`);
  edits.close(node.end - 1, '])');
}
