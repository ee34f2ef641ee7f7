import type { SyntaxApi } from '../parse/syntaxApi.js';
import MagicString, { SourceMap } from 'magic-string';
import type * as ts from 'typescript';
import type { FileSites } from '../../runtime/siteSpec.js';
import type { CallJoinPoint, FunctionJoinPoint, JoinPoint, NewJoinPoint } from '../match/joinPoint.js';
import { forwardedCallSource } from './forwardedCall.js';
import { taggedTemplateSource } from './taggedTemplate.js';
import { callbackArgsSource } from './callbackArgs.js';
import { callHelper, constructHelper } from './installCall.js';
import { hookModules, RUNTIME_MODULE, RUNTIME_NAMESPACE, SITE_CACHE, SITE_FUNCTION } from './siteTable.js';
import { anchorMappings, type Anchor } from './sourceMapAnchors.js';
import { CHAIN_REGISTER, outermostChain } from './optionalChain.js';
import { spellOptionalChain } from './optionalChainSource.js';

/** Inputs of the source writer for one file. */
export interface SourceWriteOptions {
  /** The TypeScript namespace that parsed `sourceFile`. */
  ts: SyntaxApi;
  /** The matcher's join points for `sourceFile`, in matcher order (site index = position). */
  joinPoints: readonly JoinPoint[];
  /** The file's site table, built from the same `joinPoints`. */
  sites: FileSites;
  /** Load the runtime with `require` (CommonJS files that are not ES modules). */
  useRequire: boolean;
  /** The parsed `code` (parent pointers set). */
  sourceFile: ts.SourceFile;
  /** Absolute path of the file: the source map's `sources` entry. */
  fileName: string;
  /**
   * The edit layer to write into; must wrap `code`. Tests pass one that
   * checks every edit (no overlapping edits). @internal
   */
  magicString?: MagicString;
}

/** What the source writer produced: the instrumented code and its high-resolution map. */
export interface SourceWriteResult {
  code: string;
  map: SourceMap;
}

/**
 * The source writer: spells the matcher's join points as magic-string edits on
 * the original text — the same call shapes and runtime calls as the tsc writer
 * (`__tw.call2(__tw_site(0), f, void 0, a, b)`, …) — and never reprints the
 * file: argument text stays in place, so nested join points, comments, type
 * annotations and JSX are untouched. The map is word-boundary resolution, with
 * each wrapper call anchored where V8 reports the original call, so stack
 * traces point at the original line and column.
 */
export function writeWithMagicString(code: string, options: SourceWriteOptions): SourceWriteResult {
  const { ts: t, joinPoints, sourceFile: sf } = options;
  const s = options.magicString ?? new MagicString(code);
  const anchors: Anchor[] = [];
  // Outer join points first: openings are appended (outer before inner) and
  // closings prepended (inner before outer) at shared positions.
  const order = joinPoints.map((jp, index) => ({ jp, index, start: jp.node.getStart(sf), end: jp.node.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index);
  const edits = new Edits(s, code);
  // Optional chains holding wrapped calls are spelled whole, once (optionalChainSource.ts).
  const chainSites = new Map(order.flatMap(({ jp, index }) => (jp.kind === 'call' && t.isOptionalChain(jp.node) ? [[jp.node as ts.Node, { jp, index }] as const] : [])));
  const chainsDone = new Set<ts.Node>();
  for (const { jp, index } of order) {
    if (jp.kind === 'call' && chainSites.has(jp.node)) {
      const outermost = outermostChain(jp.node, t);
      if (!chainsDone.has(outermost)) anchors.push(...spellOptionalChain(outermost, chainSites, edits, t, sf, (n) => reportedPosition(n, t, sf)));
      chainsDone.add(outermost);
    } else if (jp.kind === 'call') anchors.push(spellCall(jp, index, edits, t, sf));
    else if (jp.kind === 'new') anchors.push(spellNew(jp, index, edits, sf));
    else if (jp.kind === 'tagged') anchors.push(taggedTemplateSource(jp, index, edits, t, sf));
    else if (jp.kind === 'forwarded') anchors.push(forwardedCallSource(jp, index, edits, t, sf));
    else if (jp.kind === 'callback-arg') callbackArgsSource(jp, index, edits);
    else anchors.push(spellFunction(jp, index, edits, t, sf));
  }
  if (joinPoints.length > 0) {
    writeHeader(s, code, options);
    s.append(`${code.endsWith('\n') || code === '' ? '' : '\n'}${siteFunction(options.sites)}${chainsDone.size > 0 ? `\nvar ${CHAIN_REGISTER};` : ''}\n`);
  }
  const out = s.toString();
  const decoded = s.generateDecodedMap({ hires: 'boundary', source: options.fileName, file: options.fileName, includeContent: true });
  anchorMappings(decoded, out, anchors);
  return { code: out, map: new SourceMap(decoded) };
}

/** The edits a writer makes, with line breaks of removed text kept so lines stay put. @internal */
class Edits {
  constructor(readonly s: MagicString, readonly code: string) {}
  /** Text that opens a wrapper at `index` (outer wrappers first). */
  open(index: number, text: string): void {
    this.s.appendRight(index, text);
  }
  /** Text that closes a wrapper at `index` (inner wrappers first). */
  close(index: number, text: string): void {
    this.s.prependLeft(index, text);
  }
  /** Replaces `[start, end)`, keeping its line breaks; insertions at either end survive. */
  replace(start: number, end: number, text: string): void {
    if (start === end) {
      if (text !== '') this.s.appendRight(start, text);
      return;
    }
    let breaks = 0;
    for (let i = this.code.indexOf('\n', start); i >= 0 && i < end; i = this.code.indexOf('\n', i + 1)) breaks++;
    this.s.update(start, end, '\n'.repeat(breaks) + text);
  }
}

const runtime = (name: string) => `${RUNTIME_NAMESPACE}.${name}`;
const site = (index: number) => `${SITE_FUNCTION}(${index})`;

/** Strips what the tsc writer strips around a member callee: parentheses, `!`, `as`, `<T>x`, `satisfies`. */
function unwrap(e: ts.Expression, t: SyntaxApi): ts.Expression {
  return t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isTypeAssertionExpression(e) || t.isSatisfiesExpression(e)
    ? unwrap(e.expression, t) : e;
}

/**
 * Where V8 reports a call in a stack trace: the callee identifier, the
 * property name of `a.b()`, otherwise the opening parenthesis.
 */
function reportedPosition(node: ts.CallExpression, t: SyntaxApi, sf: ts.SourceFile): number {
  const callee = node.expression;
  if (t.isIdentifier(callee)) return callee.getStart(sf);
  if (t.isPropertyAccessExpression(callee)) return callee.name.getStart(sf);
  return node.arguments.pos - 1;
}

/**
 * `f<T>(a, b)` → `__tw.call2(__tw_site(i), f, void 0, a, b)`;
 * `recv.m(a)` → `__tw.method1(__tw_site(i), recv, "m", a)`; `recv[k](a)` → `…, recv, k, a)`;
 * spread or more than three arguments → the array form `…, [a, b, c, d])`.
 */
function spellCall(jp: CallJoinPoint, index: number, edits: Edits, t: SyntaxApi, sf: ts.SourceFile): Anchor {
  const node = jp.node;
  const args = node.arguments;
  const call = callHelper(jp, 'call', args.length);
  const arrayForm = call.arrayForm;
  const argsStart = args.pos; // just after `(`
  const openArgs = arrayForm ? ', [' : args.length === 0 ? '' : ', ';
  const start = node.getStart(sf);
  let prefix: string;
  const member = unwrap(node.expression, t);
  if ((t.isPropertyAccessExpression(member) || t.isElementAccessExpression(member)) && member.expression.kind === t.SyntaxKind.SuperKeyword) {
    // `super.m(a)` → `__tw.call1(__tw_site(i), super.m, this, a)`: `super.m` read before the arguments, as in the plain call.
    prefix = `${runtime(call.name)}(${site(index)}, `;
    edits.open(start, prefix);
    edits.replace(node.expression.end, argsStart, `, this${openArgs}`);
  } else if (jp.shape === 'plain') {
    prefix = `${runtime(call.name)}(${site(index)}, `;
    edits.open(start, prefix);
    edits.replace(node.expression.end, argsStart, `, void 0${openArgs}`);
  } else {
    const callee = unwrap(node.expression, t);
    if (!t.isPropertyAccessExpression(callee) && !t.isElementAccessExpression(callee)) {
      throw new Error(`tracewright internal error: member join point without a member callee at ${jp.line}:${jp.column}`);
    }
    const receiver = callee.expression;
    prefix = `${runtime(callHelper(jp, 'method', args.length).name)}(${site(index)}, `;
    edits.open(start, prefix);
    edits.replace(start, receiver.getStart(sf), '');
    if (t.isPropertyAccessExpression(callee)) {
      edits.replace(receiver.end, argsStart, `, ${JSON.stringify(callee.name.text)}${openArgs}`);
    } else {
      const key = callee.argumentExpression;
      edits.replace(receiver.end, key.getStart(sf), ', ');
      edits.replace(key.end, argsStart, openArgs);
    }
  }
  if (arrayForm) edits.replace(node.end - 1, node.end, '])');
  return { prefix, index, original: reportedPosition(node, t, sf) };
}

/** `new C<T>(a)` / `new C` → `__tw.construct(__tw_site(i), C, [a])` / `…, C, [])`. */
function spellNew(jp: NewJoinPoint, index: number, edits: Edits, sf: ts.SourceFile): Anchor {
  const node = jp.node;
  const start = node.getStart(sf);
  const prefix = `${runtime(constructHelper(jp))}(${site(index)}, `;
  edits.replace(start, node.expression.getStart(sf), prefix);
  if (node.arguments) {
    edits.replace(node.expression.end, node.arguments.pos, ', [');
    edits.replace(node.end - 1, node.end, '])');
  } else if (node.typeArguments) {
    edits.replace(node.expression.end, node.end, ', [])');
  } else {
    edits.close(node.end, ', [])');
  }
  return { prefix, index, original: start };
}

/**
 * `@span` bodies, as the tsc writer spells them: `{ "use strict"; return __tw.span(__tw_site(i), () => { body }); }`
 * (`async () =>` for async functions), generators
 * `return yield* __tw.spanGenerator(__tw_site(i), (function* () { body }).apply(this, arguments));`,
 * expression-bodied arrows `() => __tw.span(__tw_site(i), () => expr)`.
 */
function spellFunction(jp: FunctionJoinPoint, index: number, edits: Edits, t: SyntaxApi, sf: ts.SourceFile): Anchor {
  const body = jp.node.body!;
  const isAsync = jp.flavor === 'async' || jp.flavor === 'async-generator';
  const asyncText = isAsync ? 'async ' : '';
  const anchorAt = jp.node.getStart(sf);
  if (!t.isBlock(body)) {
    const prefix = `${runtime('span')}(${site(index)}, ${asyncText}() => `;
    edits.open(body.getStart(sf), prefix);
    edits.close(body.end, ')');
    return { prefix, index, original: anchorAt };
  }
  let prologueEnd = body.getStart(sf) + 1; // after `{`
  let separator = ' ';
  for (const statement of body.statements) {
    if (!t.isExpressionStatement(statement) || !t.isStringLiteral(statement.expression)) break;
    prologueEnd = statement.end;
    separator = edits.code[statement.end - 1] === ';' ? ' ' : '; ';
  }
  const generator = jp.flavor === 'generator' || jp.flavor === 'async-generator';
  const prefix = generator
    ? `return yield* ${runtime('spanGenerator')}(${site(index)}, (${asyncText}function* () {`
    : `return ${runtime('span')}(${site(index)}, ${asyncText}() => {`;
  edits.open(prologueEnd, separator + prefix);
  edits.close(body.end - 1, generator ? '}).apply(this, arguments)); ' : '}); ');
  return { prefix, index, original: anchorAt };
}

/**
 * The runtime import (or `require`) and the hook modules the sites name,
 * inserted before the first statement after the directive prologue: leading
 * comments (license, pragmas) and any hashbang stay first, and no line is added.
 */
function writeHeader(s: MagicString, code: string, { ts: t, sourceFile: sf, useRequire, sites }: SourceWriteOptions): void {
  const hooks = hookModules(sites);
  const load = useRequire
    ? `var ${RUNTIME_NAMESPACE} = require("${RUNTIME_MODULE}");${hooks.map((m) => `require("${m}");`).join('')}`
    : `import * as ${RUNTIME_NAMESPACE} from "${RUNTIME_MODULE}";${hooks.map((m) => `import "${m}";`).join('')}`;
  const statements = sf.statements;
  let i = 0;
  while (i < statements.length && t.isExpressionStatement(statements[i]!) && t.isStringLiteral((statements[i] as ts.ExpressionStatement).expression)) i++;
  if (i < statements.length) {
    s.prependLeft(statements[i]!.getStart(sf), load);
    return;
  }
  const last = statements[i - 1];
  if (last) s.prependLeft(last.end, (code[last.end - 1] === ';' ? ' ' : '; ') + load);
  else s.prepend(load);
}

/** The hoisted site accessor, spelled as the tsc writer prints it. */
function siteFunction(sites: FileSites): string {
  const table = `${RUNTIME_NAMESPACE}.sites(${JSON.stringify(JSON.stringify(sites))})`;
  return `function ${SITE_FUNCTION}(i) { return (${SITE_CACHE} || (${SITE_CACHE} = ${table}))[i]; }\nvar ${SITE_CACHE};`;
}
