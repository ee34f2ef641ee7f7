import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';
import type { CallJoinPoint } from '../match/joinPoint.js';
import { CHAIN_REGISTER, lowerChain, needsGrouping, type ChainSpeller } from './optionalChain.js';
import { RUNTIME_NAMESPACE, SITE_FUNCTION } from './siteTable.js';
import type { Anchor } from './sourceMapAnchors.js';

/** Generated text, or an original range `[start, end)` kept in place (with any edits inside it). @internal */
type Piece = string | { start: number; end: number };

/** The edit primitives of the source writer (its `Edits` class). @internal */
export interface ChainEdits {
  readonly code: string;
  open(index: number, text: string): void;
  close(index: number, text: string): void;
  replace(start: number, end: number, text: string): void;
}

const R = CHAIN_REGISTER;

/**
 * The source writer's spelling of an optional chain holding wrapped calls
 * (see optionalChain.ts): generated text between the kept originals — the
 * root, element keys, argument lists and the links after the last wrapped
 * call — which stay in place, in source order, so nested join points inside
 * them keep their own edits. Returns one source-map anchor per wrapped call.
 * @internal
 */
export function spellOptionalChain(
  outermost: ts.Expression, sites: ReadonlyMap<ts.Node, { jp: CallJoinPoint; index: number }>, edits: ChainEdits,
  t: SyntaxApi, sf: ts.SourceFile, reportedPosition: (node: ts.CallExpression) => number,
): Anchor[] {
  const code = edits.code;
  const anchors: Anchor[] = [];
  const keep = (node: ts.Node): Piece[] => [{ start: node.getStart(sf), end: node.end }];
  const args = (link: ts.CallExpression): Piece[] => {
    const start = link.arguments.pos;
    const end = link.end - 1;
    return end > start ? [{ start, end }] : [];
  };
  const speller: ChainSpeller<Piece[]> = {
    keep,
    register: () => [R],
    thisRef: () => ['this'],
    voidZero: () => ['void 0'],
    held: () => [`${RUNTIME_NAMESPACE}.held()`],
    key: (key) => ('name' in key ? [JSON.stringify(key.name)] : keep(key.expression)),
    lookup: (receiver, key) => [`${RUNTIME_NAMESPACE}.lookup(`, ...receiver, ', ', ...key, ')'],
    test: (value) => [`null === (${R} = `, ...value, `) || ${R} === void 0`],
    member: (base, link) => t.isPropertyAccessExpression(link)
      ? [...base, '.', code.slice(link.name.getStart(sf), link.name.end)]
      : [...base, '[', ...keep(link.argumentExpression), ']'],
    call: (callee, link) => {
      if (link.questionDotToken) throw new Error('tracewright internal error: an optional call below a wrapped call in the same chain');
      return [...callee, code.slice(link.expression.end, link.arguments.pos), ...args(link), ')'];
    },
    helper: (helper, index, lead, link, arrayForm) => {
      const prefix = `${RUNTIME_NAMESPACE}.${helper}(${SITE_FUNCTION}(${index}), `;
      anchors.push({ prefix, index, original: reportedPosition(link) });
      const openArgs = arrayForm ? ', [' : link.arguments.length === 0 ? '' : ', ';
      const leadPieces = lead.flatMap((piece, i) => (i === 0 ? piece : [', ', ...piece]));
      return [prefix, ...leadPieces, openArgs, ...args(link), arrayForm ? '])' : ')'];
    },
    finish: (tests, value, top, o) => {
      const body: Piece[] = [];
      for (const test of tests) body.push(...test, ' ? void 0 : ');
      body.push(...value);
      if (top.end < o.end) body.push({ start: top.end, end: o.end });
      const { open, close } = grouping(o, t, sf);
      return [open, ...body, close];
    },
  };
  render(lowerChain(outermost, sites, t, speller), outermost.getStart(sf), outermost.end, edits);
  return anchors;
}

/**
 * Writes `pieces` over `[start, end)`: each run of generated text replaces the
 * original text between two kept ranges (line breaks kept by `replace`).
 */
function render(pieces: Piece[], start: number, end: number, edits: ChainEdits): void {
  let at = start;
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    if (piece.start < at) throw new Error('tracewright internal error: optional chain pieces out of order');
    if (piece.start === at) {
      if (text !== '') edits.open(at, text);
    } else {
      edits.replace(at, piece.start, text);
    }
    text = '';
    at = piece.end;
  }
  if (at < end) edits.replace(at, end, text);
  else if (text !== '') edits.close(end, text);
}

/**
 * Parentheses around the lowered chain unless its parent takes a conditional
 * as is; `void 0, ` first when the chain starts an expression statement, so a
 * previous line without a semicolon is not called with our `(`.
 */
function grouping(o: ts.Expression, t: SyntaxApi, sf: ts.SourceFile): { open: string; close: string } {
  if (!needsGrouping(o, t)) return { open: '', close: '' };
  let n: ts.Node = o;
  while (n.parent && !t.isStatement(n) && !t.isSourceFile(n.parent)) n = n.parent;
  const startsStatement = t.isExpressionStatement(n) && n.getStart(sf) === o.getStart(sf);
  return { open: startsStatement ? 'void 0, (' : '(', close: ')' };
}
