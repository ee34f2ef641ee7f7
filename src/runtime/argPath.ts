/**
 * Reading span attributes from call arguments: the run-time half of the rule
 * path language (`args[0].text ?? args[0]`), compiled at build time to
 * `[[0, "text"], [0]]` (see `src/rules/argPath.ts`). Never evaluates code.
 */
import type { AttributeValue } from '@opentelemetry/api';

/** @internal One compiled `span.args` entry: attribute name and its alternatives. */
export type ArgAttribute = readonly [name: string, alternatives: readonly (readonly (number | string)[])[]];

/**
 * Follow one path `[argIndex, ...keys]` through `args`. A `null`/`undefined`
 * on the way yields `undefined` (like `?.`). May run user getters, and so may
 * throw: callers catch.
 * @internal
 */
export function readArgPath(args: readonly unknown[], path: readonly (number | string)[]): unknown {
  let value: unknown = args[path[0] as number];
  for (let i = 1; i < path.length; i++) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string | number, unknown>)[path[i] as string | number];
  }
  return value;
}

/**
 * The value as an OpenTelemetry attribute value, or `undefined` when it is not
 * one: strings, numbers, booleans, and arrays whose non-null elements all share
 * one of those types (copied, so a later change by the caller does not leak in).
 * @internal
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return value as AttributeValue;
  if (!Array.isArray(value)) return undefined;
  let elementType: string | undefined;
  const copy: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    const element: unknown = value[i];
    if (element !== null && element !== undefined) {
      const t = typeof element;
      if (t !== 'string' && t !== 'number' && t !== 'boolean') return undefined;
      if (elementType === undefined) elementType = t;
      else if (t !== elementType) return undefined;
    }
    copy.push(element);
  }
  return copy as AttributeValue;
}

/**
 * Evaluate one attribute's alternatives left to right; the first value that is
 * not `null`/`undefined` wins (the `??` of the path language), then must be a
 * valid attribute value. Never throws: a throwing getter yields `undefined`.
 * @internal
 */
export function evaluateArgAttribute(
  args: readonly unknown[],
  alternatives: readonly (readonly (number | string)[])[],
): AttributeValue | undefined {
  try {
    for (let i = 0; i < alternatives.length; i++) {
      const value = readArgPath(args, alternatives[i] as readonly (number | string)[]);
      if (value !== null && value !== undefined) return toAttributeValue(value);
    }
  } catch {
    // A getter in user data threw: the attribute is left out, the call goes on.
  }
  return undefined;
}
