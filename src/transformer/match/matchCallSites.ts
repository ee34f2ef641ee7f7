import type { SyntaxApi } from '../parse/syntaxApi.js';
import type * as ts from 'typescript';
import type { ResolvedRule } from '../../rules/types.js';
import { BindingResolver } from './bindings.js';
import { DirectiveIndex } from './directives.js';
import type { JoinPoint, MatchResult, UnplacedJoinPoint } from './joinPoint.js';
import { matchModuleExport } from './join/call.js';
import type { JoinContext } from './join/context.js';
import { documentedFunction, matchFunction } from './join/function.js';
import { matchDestructuredMethod, matchMethod } from './join/method.js';
import { matchForwarded } from './join/forwarded.js';
import { matchTagged } from './join/tagged.js';
import { callbackArgsInLoweredChains, LOWERED_CHAIN_REASON, matchCallbackArg } from './join/callbackArg.js';
import type { VersionCheck } from './moduleVersion.js';
import type { RuleIndex } from './ruleIndex.js';
import { optionalCallReason } from './optionalShape.js';
import { placeDecisions, ruleTarget, type ExplainSink } from './explain.js';

/** Inputs of the matcher for one file. */
export interface MatchOptions {
  /** The TypeScript namespace that parsed the file (ts-patch's, or our own on the bundler path). */
  ts: SyntaxApi;
  rules: RuleIndex;
  /** Present under tsc: `method` rules then match by the receiver's type. */
  checker?: ts.TypeChecker;
  /** Absolute path of the file. */
  fileName: string;
  /** Absolute path of the project root. */
  projectRoot: string;
  /** Checks `versions` ranges; omitted means every version matches. */
  checkVersion?: VersionCheck;
  /** Every comment of the file, when the parser lists them (directives are read from these). */
  comments?: readonly { start: number; end: number }[];
  /** The bundler path's view of project modules, and where to record the ones consulted. */
  projectModules?: JoinContext['projectModules'];
  /** Which file a specifier loads (tsc: the program's resolution); default: the project module view's. */
  specifiers?: JoinContext['specifiers'];
  /** Receives each decision and its reason (`tracewright explain`); absent in builds. */
  explain?: ExplainSink;
}

/**
 * Decides what to wrap in one file: walks the AST once and returns the join
 * points, the sites a rule matched but that are left alone (with the reason),
 * and directive diagnostics. Writer-agnostic: nothing here knows how a join
 * point will be spelled.
 */
export function matchCallSites(sourceFile: ts.SourceFile, options: MatchOptions): MatchResult {
  const t = options.ts;
  const ctx: JoinContext = {
    ts: t, rules: options.rules, bindings: new BindingResolver(t), checker: options.checker,
    sourceFile, fileName: options.fileName, projectRoot: options.projectRoot,
    ...(options.projectModules ? { projectModules: options.projectModules } : {}),
    ...(options.specifiers ? { specifiers: options.specifiers } : {}),
    ...(options.explain ? { explain: placeDecisions(options.explain, t, sourceFile) } : {}),
  };
  const directives = new DirectiveIndex(t, sourceFile, options.comments);
  const result: MatchResult = { joinPoints: [], skipped: [], diagnostics: [], matchedRuleIds: new Set() };
  const position = (node: ts.Node) => {
    const lc = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    return { line: lc.line + 1, column: lc.character + 1 };
  };

  /**
   * Records that `rule` matched at `at`. Returns the position when the site is
   * to be wrapped; otherwise records it as skipped with the reason (an ignore
   * directive, the shape, the package version) and returns undefined.
   */
  const decide = (rule: ResolvedRule, at: ts.Node, ignore: { used: boolean } | undefined, unsupported: string | undefined) => {
    result.matchedRuleIds.add(rule.id);
    const where = position(at);
    let reason = unsupported;
    if (ignore) {
      ignore.used = true;
      reason = 'ignored by a tracewright ignore directive';
    }
    reason ??= options.checkVersion?.(rule, options.fileName);
    if (ctx.explain) ctx.explain({ node: at, rule, verdict: reason ? 'skipped' : 'wrapped', reason: reason ?? `matches ${ruleTarget(rule)}` });
    if (!reason) return where;
    result.skipped.push({ ruleId: rule.id, ...where, reason });
    return undefined;
  };
  const wrap = (joinPoint: UnplacedJoinPoint, where: { line: number; column: number } | undefined) => {
    if (where) result.joinPoints.push({ ...joinPoint, ...where } as JoinPoint);
  };

  /** A call no other rule matched: a `callback-arg` rule may (join/callbackArg.ts). */
  const visitCallbackArg = (node: ts.CallExpression, ignore: { used: boolean } | undefined) => {
    const outcome = matchCallbackArg(node, ctx);
    if (outcome && 'skipped' in outcome) decide(outcome.rule, node, ignore, outcome.skipped);
    else if (outcome) wrap(outcome.joinPoint, decide(outcome.joinPoint.rule, node, ignore, undefined));
  };

  const visitCall = (node: ts.CallExpression, ignore: { used: boolean } | undefined) => {
    const callee = node.expression;
    if (callee.kind === t.SyntaxKind.SuperKeyword || callee.kind === t.SyntaxKind.ImportKeyword) return;
    const hasSpread = node.arguments.some(t.isSpreadElement);
    const exported = matchModuleExport(ctx.bindings.resolve(callee), 'call', ctx, callee);
    if (exported && 'unresolved' in exported) {
      decide(exported.unresolved, node, ignore, exported.reason);
      return;
    }
    let rule = exported?.match;
    const forwarded = rule ? undefined : matchForwarded(node, ctx);
    if (forwarded) {
      if ('skipped' in forwarded) decide(forwarded.rule, node, ignore, forwarded.skipped);
      else wrap(forwarded.joinPoint, decide(forwarded.joinPoint.rule, node, ignore, installElsewhere(forwarded.joinPoint.rule, 'a forwarded call (`.call`/`.apply`)')));
      return;
    }
    if (!rule) {
      const unwrapped = ctx.bindings.unwrap(callee);
      if (!t.isPropertyAccessExpression(unwrapped) && !t.isElementAccessExpression(unwrapped)) return visitCallbackArg(node, ignore);
      const name = memberName(unwrapped, t);
      if (name === undefined) return visitCallbackArg(node, ignore);
      const outcome = matchMethod(unwrapped, name, ctx);
      if (!outcome) return visitCallbackArg(node, ignore);
      if ('unresolved' in outcome) {
        decide(outcome.unresolved, node, ignore, outcome.reason);
        return;
      }
      rule = outcome.match;
    }
    wrap(callJoinPoint(node, rule, hasSpread, ctx), decide(rule, node, ignore, unsupportedShape(node, t)));
  };

  const visit = (node: ts.Node): void => {
    const ignore = directives.ignoring(node);
    if (t.isCallExpression(node)) visitCall(node, ignore);
    else if (t.isNewExpression(node)) {
      const exported = matchModuleExport(ctx.bindings.resolve(node.expression), 'new', ctx, node.expression);
      if (exported && 'unresolved' in exported) decide(exported.unresolved, node, ignore, exported.reason);
      else if (exported) {
        const rule = exported.match;
        wrap({ kind: 'new', rule, node, hasSpread: !!node.arguments?.some(t.isSpreadElement) }, decide(rule, node, ignore, undefined));
      }
    } else if (t.isTaggedTemplateExpression(node)) {
      const tagged = matchTagged(node, ctx);
      if (tagged && 'skipped' in tagged) decide(tagged.rule, node, ignore, tagged.skipped);
      else if (tagged) wrap(tagged.joinPoint, decide(tagged.joinPoint.rule, node, ignore, installElsewhere(tagged.joinPoint.rule, 'a tagged template')));
    } else if (t.isVariableDeclaration(node) && node.initializer && t.isObjectBindingPattern(node.name)) {
      for (const element of node.name.elements) {
        const key = element.propertyName ?? element.name;
        if (element.dotDotDotToken || !t.isIdentifier(key)) continue;
        const rule = matchDestructuredMethod(node.initializer, key.text, ctx);
        if (rule) decide(rule, element, ignore, `\`{ ${key.text} }\` takes the method off its receiver (calling it loses \`this\`): not wrapped; call it on the instance instead`);
      }
    } else if (documentedFunction(node, t)) {
      const outcome = matchFunction(node, directives.spanFor(node), ctx);
      if (outcome && 'skipped' in outcome) decide(outcome.rule, node, ignore, outcome.skipped);
      else if (outcome) wrap(outcome.joinPoint, decide(outcome.joinPoint.rule, node, ignore, undefined));
    }
    t.forEachChild(node, visit);
  };
  visit(sourceFile);
  const leftInChains = callbackArgsInLoweredChains(result.joinPoints, t);
  if (leftInChains.size > 0) {
    result.joinPoints = result.joinPoints.filter((jp) => !leftInChains.has(jp));
    for (const jp of leftInChains) result.skipped.push({ ruleId: jp.rule.id, line: jp.line, column: jp.column, reason: LOWERED_CHAIN_REASON });
  }
  result.diagnostics.push(...directives.finish());
  return result;
}

function callJoinPoint(node: ts.CallExpression, rule: ResolvedRule, hasSpread: boolean, ctx: JoinContext): UnplacedJoinPoint {
  const t = ctx.ts;
  const callee = ctx.bindings.unwrap(node.expression);
  if (t.isPropertyAccessExpression(callee)) {
    return { kind: 'call', rule, node, shape: 'member', target: callee.expression, key: callee.name.text, hasSpread };
  }
  if (t.isElementAccessExpression(callee)) {
    const literal = t.isStringLiteralLike(callee.argumentExpression);
    return { kind: 'call', rule, node, shape: literal ? 'member' : 'element', target: callee.expression, key: keyOf(callee, t), hasSpread };
  }
  return { kind: 'call', rule, node, shape: 'plain', target: node.expression, hasSpread };
}

function keyOf(callee: ts.ElementAccessExpression, t: SyntaxApi): string | ts.Expression {
  return t.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : callee.argumentExpression;
}

function memberName(callee: ts.PropertyAccessExpression | ts.ElementAccessExpression, t: SyntaxApi): string | undefined {
  if (t.isPropertyAccessExpression(callee)) return t.isIdentifier(callee.name) ? callee.name.text : undefined;
  return t.isStringLiteralLike(callee.argumentExpression) ? callee.argumentExpression.text : undefined;
}

/** Why a `result: "install"` rule's match in `shape` is left alone: only direct calls and `new` install. */
function installElsewhere(rule: ResolvedRule, shape: string): string | undefined {
  return rule.result === 'install' ? `a server root (result "install") is only installed from a direct call or \`new\`, not from ${shape}` : undefined;
}

/** Shapes the writers cannot wrap without changing behaviour; left alone and reported. */
function unsupportedShape(node: ts.CallExpression, t: SyntaxApi): string | undefined {
  const optional = optionalCallReason(node, t);
  if (optional) return optional;
  const callee = node.expression;
  if (t.isPropertyAccessExpression(callee) && t.isPrivateIdentifier(callee.name)) return 'private methods (`obj.#m()`) cannot be called from the runtime';
  // Calls inside decorator expressions (`@dec(fetch(x))`, `@lib.dec(x)`) are wrapped like any
  // other: the expression is evaluated once at class definition, and a wrapped call
  // (`@__tw.method1(…)`) is still a valid decorator; fixtures/call-shapes/decorator-*.
  return undefined;
}
