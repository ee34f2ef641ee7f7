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
 *   db.sql`select ${x}`  → __tw.tagMethod(__tw_site(i), db, "sql")`select ${x}`
 *   db[k]`select ${x}`   → __tw.tagMethod(__tw_site(i), db, k)`select ${x}`
 * Type arguments (`sql<Row>`…``) stay after the new tag.
 */

/** The tsc writer's spelling of a tagged template (`visited`: its children already visited). */
export function taggedTemplateTs(visited: ts.TaggedTemplateExpression, jp: TaggedJoinPoint, s: TsSpelling): ts.TaggedTemplateExpression {
  const { ts: t, factory: f } = s;
  const tag = unwrapOuter(visited.tag, t);
  let newTag: ts.Expression;
  if (jp.shape === 'plain') {
    newTag = f.createCallExpression(s.runtime('tag'), undefined, [s.site, visited.tag]);
  } else if (t.isPropertyAccessExpression(tag)) {
    newTag = f.createCallExpression(s.runtime('tagMethod'), undefined, [s.site, tag.expression, f.createStringLiteral(tag.name.text)]);
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
    prefix = `${RUNTIME_NAMESPACE}.tagMethod(${site}, `;
    edits.open(start, prefix);
    edits.replace(start, receiver.getStart(sf), '');
    if (t.isPropertyAccessExpression(tag)) {
      edits.replace(receiver.end, node.tag.end, `, ${JSON.stringify(tag.name.text)})`);
    } else {
      const key = tag.argumentExpression;
      edits.replace(receiver.end, key.getStart(sf), ', ');
      edits.replace(key.end, node.tag.end, ')');
    }
  }
  return { prefix, index, original: node.template.getStart(sf) };
}
