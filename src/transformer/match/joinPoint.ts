import type * as ts from 'typescript';
import type { ResolvedRule } from '../../rules/types.js';

/**
 * How a matched call is spelled in the source:
 * - `plain`: `f(a)` — `target` is the callee, called with `this === undefined`;
 * - `member`: `recv.name(a)` / `recv["name"](a)` — `target` is the receiver, `key` the property name;
 * - `element`: `recv[k](a)` — `target` is the receiver, `key` the key expression.
 */
export type CallShape = 'plain' | 'member' | 'element';

interface JoinPointBase {
  rule: ResolvedRule;
  /** 1-based line and column of the call (or function) start, in the original file. */
  line: number;
  column: number;
}

/** A call (`call` and `method` join kinds) the writers wrap in `__tw.call*` / `__tw.method*`. */
export interface CallJoinPoint extends JoinPointBase {
  kind: 'call';
  node: ts.CallExpression;
  shape: CallShape;
  target: ts.Expression;
  key?: string | ts.Expression;
  /** True when an argument is a spread: the writers must use the array form. */
  hasSpread: boolean;
}

/** A constructor call the writers wrap in `__tw.construct`. */
export interface NewJoinPoint extends JoinPointBase {
  kind: 'new';
  node: ts.NewExpression;
  hasSpread: boolean;
}

/** The flavours of function whose body a `function` join point wraps. */
export type FunctionFlavor = 'sync' | 'async' | 'generator' | 'async-generator';

/** A function body the writers wrap in `__tw.span` / `__tw.spanGenerator`. */
export interface FunctionJoinPoint extends JoinPointBase {
  kind: 'function';
  node: ts.FunctionDeclaration | ts.MethodDeclaration | ts.FunctionExpression | ts.ArrowFunction;
  flavor: FunctionFlavor;
  /** Span name for this site (from the directive, or `Class.method`). */
  spanName: string;
  /** Static attributes from the directive (`key=value`). */
  attributes: Record<string, string | number | boolean>;
}

/**
 * A tagged template whose tag a `call`/`method` rule matches; the writers replace only the tag
 * (`__tw.tag` / `__tw.tagReceiver` / `__tw.tagMethod`, see write/taggedTemplate.ts), so the template object stays the
 * site's own. `shape` is the tag's, as for a call (`plain`: `tag`, `member`/`element`: `recv.tag`).
 */
export interface TaggedJoinPoint extends JoinPointBase {
  kind: 'tagged';
  node: ts.TaggedTemplateExpression;
  shape: CallShape;
}

/**
 * A matched function called through `f.call(…)`, `f.apply(…)` or `Reflect.apply(f, …)`
 * (`via`); the writers spell `__tw.viaCall` / `viaApply` / `viaReflectApply` (write/forwardedCall.ts).
 * `key` is the method name when the target is `recv.name` (for hooks).
 */
export interface ForwardedJoinPoint extends JoinPointBase {
  kind: 'forwarded';
  node: ts.CallExpression;
  via: 'call' | 'apply' | 'reflect-apply';
  key?: string;
}

/**
 * A call whose callback arguments a `callback-arg` rule wraps; the writers replace only the
 * argument list (`recv.m(...__tw.callbackArgs(S, [a, b]))`, write/callbackArgs.ts): callee,
 * receiver and the call itself stay as written.
 */
export interface CallbackArgJoinPoint extends JoinPointBase {
  kind: 'callback-arg';
  node: ts.CallExpression;
}

/** One place to instrument, decided by the matcher; writers only spell it. */
export type JoinPoint = CallJoinPoint | NewJoinPoint | FunctionJoinPoint | TaggedJoinPoint | ForwardedJoinPoint | CallbackArgJoinPoint;

/** A join point before its position is attached. */
export type UnplacedJoinPoint = Omit<CallJoinPoint, 'line' | 'column'> | Omit<NewJoinPoint, 'line' | 'column'> | Omit<FunctionJoinPoint, 'line' | 'column'> |
  Omit<TaggedJoinPoint, 'line' | 'column'> | Omit<ForwardedJoinPoint, 'line' | 'column'> | Omit<CallbackArgJoinPoint, 'line' | 'column'>;

/** A site a rule would match but that is left untouched, with the reason. */
export interface SkippedSite {
  ruleId: string | undefined;
  line: number;
  column: number;
  reason: string;
}

/** A problem in user code or config found while matching (directives, unresolved receivers). */
export interface MatchDiagnostic {
  severity: 'warning' | 'error';
  line: number;
  column: number;
  message: string;
}

/** Everything the matcher found in one file. */
export interface MatchResult {
  joinPoints: JoinPoint[];
  skipped: SkippedSite[];
  diagnostics: MatchDiagnostic[];
  /** Rule ids that matched at least one site (including skipped and ignored ones). */
  matchedRuleIds: Set<string>;
}

/** The result for a file the prefilter skipped: nothing matched. Shared, never mutated. */
export const NO_MATCHES: MatchResult = Object.freeze({ joinPoints: [], skipped: [], diagnostics: [], matchedRuleIds: new Set<string>() });
