import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';
import type { TaggedJoinPoint } from '../match/joinPoint.js';
import { RUNTIME_NAMESPACE, SITE_FUNCTION } from './siteTable.js';
import type { Anchor } from './sourceMapAnchors.js';
import { unwrapOuter, type SourceEdits, type TsSpelling } from './shapeSpelling.js';

/*
 * Tagged templates, in both writers: only the tag is replaced, the template
 * literal stays where it is, so the tag still receives the site's own
 * template object (runtime/tagged.ts says why that matters):
 *   sql`select ${x}`     → __tw.tag(__tw_site(i), sql)`select ${x}`
 *   db.sql`select ${x}`  → __tw.tagReceiver(__tw_site(i), db, "sql").sql`select ${x}`
 *   db["sql"]`…`         → __tw.tagReceiver(__tw_site(i), db, "sql")["sql"]`…`
 *   db[k]`select ${x}`   → __tw.tagMethod(__tw_site(i), db, k)`select ${x}`
 * The member form keeps a property read as the tag, so that with no SDK (the
 * helper returns `db` itself) the call is the plain one, allocation-free.
 * Type arguments (`sql<Row>`…``) stay after the new tag.
 */

/** The static name of a `member` tag (`recv.name`, `recv["name"]`). */
function staticName(tag: ts.PropertyAccessExpression | ts.ElementAccessExpression, t: SyntaxApi): string {
  if (t.isPropertyAccessExpression(tag)) return tag.name.text;
  const key = (tag as ts.ElementAccessExpression).argumentExpression;
  if (t.isStringLiteralLike(key)) return key.text;
  throw new Error('tracewright internal error: a member tag without a static name');
}

/** The tsc writer's spelling of a tagged template (`visited`: its children already visited). */
export function taggedTemplateTs(visited: ts.TaggedTemplateExpression, jp: TaggedJoinPoint, s: TsSpelling): ts.TaggedTemplateExpression {
  const { ts: t, factory: f } = s;
  const tag = unwrapOuter(visited.tag, t);
  let newTag: ts.Expression;
  if (jp.shape === 'plain') {
    newTag = f.createCallExpression(s.runtime('tag'), undefined, [s.site, visited.tag]);
  } else if (jp.shape === 'member' && (t.isPropertyAccessExpression(tag) || t.isElementAccessExpression(tag))) {
    const name = staticName(tag, t);
    const receiver = f.createCallExpression(s.runtime('tagReceiver'), undefined, [s.site, tag.expression, f.createStringLiteral(name)]);
    newTag = t.isPropertyAccessExpression(tag) ? f.createPropertyAccessExpression(receiver, name) : f.createElementAccessExpression(receiver, f.createStringLiteral(name));
  } else if (t.isElementAccessExpression(tag)) {
    newTag = f.createCallExpression(s.runtime('tagMethod'), undefined, [s.site, tag.expression, tag.argumentExpression]);
  } else {
    throw new Error(`tracewright internal error: member tag without a member expression at ${jp.line}:${jp.column}`);
  }
  return f.updateTaggedTemplateExpression(visited, newTag, visited.typeArguments, visited.template);
}

/** The source writer's spelling: edits around the tag; the anchor is the template (where V8 reports the call). */
export function taggedTemplateSource(jp: TaggedJoinPoint, index: number, edits: SourceEdits, t: SyntaxApi, sf: ts.SourceFile): Anchor {
  const node = jp.node;
  const start = node.getStart(sf);
  const site = `${SITE_FUNCTION}(${index})`;
  let prefix: string;
  if (jp.shape === 'plain') {
    prefix = `${RUNTIME_NAMESPACE}.tag(${site}, `;
    edits.open(start, prefix);
    edits.close(node.tag.end, ')');
  } else {
    const tag = unwrapOuter(node.tag, t);
    if (!t.isPropertyAccessExpression(tag) && !t.isElementAccessExpression(tag)) {
      throw new Error(`tracewright internal error: member tag without a member expression at ${jp.line}:${jp.column}`);
    }
    const receiver = tag.expression;
    prefix = `${RUNTIME_NAMESPACE}.${jp.shape === 'member' ? 'tagReceiver' : 'tagMethod'}(${site}, `;
    edits.open(start, prefix);
    edits.replace(start, receiver.getStart(sf), '');
    if (jp.shape === 'member') {
      const name = staticName(tag, t);
      const access = t.isPropertyAccessExpression(tag) ? `.${name}` : `[${JSON.stringify(name)}]`;
      edits.replace(receiver.end, node.tag.end, `, ${JSON.stringify(name)})${access}`);
    } else {
      const key = (tag as ts.ElementAccessExpression).argumentExpression;
      edits.replace(receiver.end, key.getStart(sf), ', ');
      edits.replace(key.end, node.tag.end, ')');
    }
  }
  return { prefix, index, original: node.template.getStart(sf) };
}
