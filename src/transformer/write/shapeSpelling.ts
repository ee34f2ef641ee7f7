import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';

/**
 * What the per-shape spelling modules (taggedTemplate.ts, forwardedCall.ts) need from each
 * writer. @internal
 */
export interface TsSpelling {
  ts: typeof import('typescript');
  factory: ts.NodeFactory;
  /** `__tw.<name>` */
  runtime: (name: string) => ts.Expression;
  /** `__tw_site(<index>)` */
  site: ts.Expression;
}

/** The source writer's edit layer (writeWithMagicString.ts `Edits`), as the spelling modules use it. @internal */
export interface SourceEdits {
  readonly code: string;
  /** Text that opens a wrapper at `index` (outer wrappers first). */
  open(index: number, text: string): void;
  /** Text that closes a wrapper at `index` (inner wrappers first). */
  close(index: number, text: string): void;
  /** Replaces `[start, end)`, keeping its line breaks. */
  replace(start: number, end: number, text: string): void;
}

/** Strips what both writers strip around a member callee: parentheses, `!`, `as`, `<T>x`, `satisfies`. @internal */
export function unwrapOuter(e: ts.Expression, t: SyntaxApi): ts.Expression {
  return t.isParenthesizedExpression(e) || t.isNonNullExpression(e) || t.isAsExpression(e) || t.isTypeAssertionExpression(e) || t.isSatisfiesExpression(e)
    ? unwrapOuter(e.expression, t) : e;
}
