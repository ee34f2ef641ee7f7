import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';
import type { CallJoinPoint } from '../match/joinPoint.js';
import { callHelper } from './installCall.js';

/**
 * Optional chains holding wrapped calls (`a?.b(x)`, `a.b?.(x)`, `f?.(x)`,
 * `a?.b.c(x).d`), lowered the way TypeScript lowers `?.` for ES2019, with a
 * module-level register instead of per-function temporaries:
 * ```
 * a?.b.c(x).d  →  (null === (__tw_r = a) || __tw_r === void 0 ? void 0 : __tw.method1(S, __tw_r.b, "c", x).d)
 * a.b?.(x)     →  (null === (__tw_r = __tw.lookup(a, "b")) || __tw_r === void 0 ? void 0 : __tw.call1(S, __tw_r, __tw.held(), x))
 * f?.(x)       →  (null === (__tw_r = f) || __tw_r === void 0 ? void 0 : __tw.call1(S, __tw_r, void 0, x))
 * super.m?.(x) →  (null === (__tw_r = super.m) || __tw_r === void 0 ? void 0 : __tw.call1(S, __tw_r, this, x))
 * ```
 * Every `?.` from the start of the chain up to its last wrapped call becomes
 * one test, so a short-circuit skips the rest of the whole chain (arguments,
 * span, later links) and yields `undefined`; links after the last wrapped call
 * stay as written (a native chain continuing from the helper's result).
 *
 * One register suffices: it is assigned and then read before any user code
 * can run (the read is the next thing evaluated after the test, bar the site
 * accessor), so nested, recursive, awaiting or yielding calls never see each
 * other's value. A receiver that must outlive a property read (`a.b?.()`:
 * the getter of `b` is user code) goes through the runtime's `lookup`/`held`.
 *
 * This module holds the writer-agnostic walk; each writer passes a
 * {@link ChainSpeller} that builds its own output (text pieces, or nodes).
 * @internal
 */

/** The module-level register of the lowered chains, declared once per file that has one. */
export const CHAIN_REGISTER = '__tw_r';

/** A key of a member the writer passes on: a property name, or the key expression of `recv[k]`. */
export type ChainKey = { name: string } | { expression: ts.Expression };

/** How a writer spells the parts of a lowered chain; `E` is its output for an expression. */
export interface ChainSpeller<E> {
  /** An original sub-expression, kept (and visited for nested join points). */
  keep(node: ts.Expression): E;
  /** `__tw_r`. */
  register(): E;
  /** `this`. */
  thisRef(): E;
  /** `void 0`. */
  voidZero(): E;
  /** `__tw.held()`. */
  held(): E;
  /** A member key as an argument: `"name"`, or the kept key expression. */
  key(key: ChainKey): E;
  /** `__tw.lookup(receiver, key)`. */
  lookup(receiver: E, key: E): E;
  /** `null === (__tw_r = value) || __tw_r === void 0`. */
  test(value: E): E;
  /** `base.name` / `base[key]` for a link that is not consumed by a wrapped call. */
  member(base: E, link: ts.PropertyAccessExpression | ts.ElementAccessExpression): E;
  /** An unwrapped call `callee<T>(args)` (the callee's `this` kept by its shape). */
  call(callee: E, link: ts.CallExpression): E;
  /** `__tw.<helper>(__tw_site(index), ...lead, args)` for the wrapped call `link`. */
  helper(helper: string, index: number, lead: E[], link: ts.CallExpression, arrayForm: boolean): E;
  /** `t1 ? void 0 : t2 ? void 0 : value`, then the links after the last wrapped call, grouped. */
  finish(tests: E[], value: E, top: ts.Expression, outermost: ts.Expression): E;
}

/** A link of an optional chain. @internal */
export type ChainLink = ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.CallExpression | ts.NonNullExpression;

/** The outermost link of the chain `node` belongs to (`a?.b().c` for the call in it). */
export function outermostChain(node: ts.Expression, t: SyntaxApi): ts.Expression {
  let o: ts.Node = node;
  while (o.parent && t.isOptionalChain(o.parent) && (o.parent as ChainLink).expression === o) o = o.parent;
  return o as ts.Expression;
}

/** The chain's root (the expression before its first `?.`) and its links, first to last. */
export function chainLinks(outermost: ts.Expression, t: SyntaxApi): { root: ts.Expression; links: ChainLink[] } {
  const links: ChainLink[] = [];
  let n: ts.Expression = outermost;
  while (t.isOptionalChain(n)) {
    links.unshift(n as ChainLink);
    n = (n as ChainLink).expression;
  }
  return { root: n, links };
}

/**
 * Whether the lowered chain (a conditional) needs parentheses where `o` stands:
 * not as a statement, initializer, argument, return value or arrow body. Both
 * writers ask this, so they print the same code.
 */
export function needsGrouping(o: ts.Expression, t: SyntaxApi): boolean {
  const p = o.parent;
  return !(t.isExpressionStatement(p) || t.isReturnStatement(p) || t.isParenthesizedExpression(p) ||
    (t.isVariableDeclaration(p) && p.initializer === o) || (t.isPropertyAssignment(p) && p.initializer === o) ||
    (t.isArrowFunction(p) && p.body === o) || ((t.isCallExpression(p) || t.isNewExpression(p)) && p.expression !== o));
}

function stripTypes(e: ts.Expression, t: SyntaxApi): ts.Expression {
  return t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isTypeAssertionExpression(e) || t.isSatisfiesExpression(e)
    ? stripTypes(e.expression, t) : e;
}

/**
 * Spells the chain `outermost` (an optional chain with at least one wrapped
 * call in `sites`, call node → site index) with `s`.
 */
export function lowerChain<E>(outermost: ts.Expression, sites: ReadonlyMap<ts.Node, { jp: CallJoinPoint; index: number }>, t: SyntaxApi, s: ChainSpeller<E>): E {
  const { root, links } = chainLinks(outermost, t);
  let top = -1;
  links.forEach((link, i) => { if (t.isCallExpression(link) && sites.has(link)) top = i; });
  const tests: E[] = [];
  let base: E | undefined;
  // A member not yet spelled: a wrapped call right after it takes receiver and key apart.
  let pending: { receiver: E; key: ChainKey; link: ts.PropertyAccessExpression | ts.ElementAccessExpression } | undefined;
  const keyOf = (link: ts.PropertyAccessExpression | ts.ElementAccessExpression): ChainKey =>
    t.isPropertyAccessExpression(link) ? { name: link.name.text } : { expression: link.argumentExpression };
  const value = (): E => {
    if (pending) {
      base = s.member(pending.receiver, pending.link);
      pending = undefined;
    }
    return base!;
  };
  const point = (v: E): E => {
    tests.push(s.test(v));
    return s.register();
  };

  // The root is taken apart only for a wrapped call right on it: `(a.b)?.()`, `super.m?.()`.
  const rootMember = stripTypes(root, t);
  const firstCall = links[0] && t.isCallExpression(links[0]) && sites.has(links[0]);
  const superRoot = firstCall && (t.isPropertyAccessExpression(rootMember) || t.isElementAccessExpression(rootMember)) &&
    rootMember.expression.kind === t.SyntaxKind.SuperKeyword;
  if (firstCall && !superRoot && (t.isPropertyAccessExpression(rootMember) || t.isElementAccessExpression(rootMember))) {
    pending = { receiver: s.keep(rootMember.expression), key: keyOf(rootMember), link: rootMember };
  } else {
    base = s.keep(root);
  }

  for (let i = 0; i <= top; i++) {
    const link = links[i]!;
    if (t.isNonNullExpression(link)) continue;
    if (t.isPropertyAccessExpression(link) || t.isElementAccessExpression(link)) {
      const b = value();
      pending = { receiver: link.questionDotToken ? point(b) : b, key: keyOf(link), link };
      continue;
    }
    const call = link as ts.CallExpression;
    const hit = sites.get(call);
    if (!hit) {
      base = s.call(value(), call);
      continue;
    }
    const { jp, index } = hit;
    const { name: plainHelper, arrayForm } = callHelper(jp, 'call', call.arguments.length);
    if (call.questionDotToken) {
      if (superRoot) {
        point(value());
        base = s.helper(plainHelper, index, [s.register(), s.thisRef()], call, arrayForm);
      } else if (pending) {
        const { receiver, key } = pending;
        pending = undefined;
        point(s.lookup(receiver, s.key(key)));
        base = s.helper(plainHelper, index, [s.register(), s.held()], call, arrayForm);
      } else {
        point(value());
        base = s.helper(plainHelper, index, [s.register(), s.voidZero()], call, arrayForm);
      }
    } else if (pending) {
      const { receiver, key } = pending;
      pending = undefined;
      base = s.helper(callHelper(jp, 'method', call.arguments.length).name, index, [receiver, s.key(key)], call, arrayForm);
    } else {
      base = s.helper(plainHelper, index, [value(), s.voidZero()], call, arrayForm);
    }
  }
  return s.finish(tests, value(), links[top]!, outermost);
}
