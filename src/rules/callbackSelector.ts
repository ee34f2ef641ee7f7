/**
 * The `callback` field of `callback-arg` rules: which arguments of the matched
 * call are the callbacks to wrap. A tiny grammar of its own (not the span-args
 * path language: a selector names a position, never reads a value):
 *
 * ```
 * selector := "args[" index "]"                one argument
 *           | "args[" index "..]"              every argument from index on
 *           | "args[" index "]." identifier    a property of an options object
 *           | "args[" index "][" string "]"    the same, any key ('…' or "…")
 * index    := "0" | [1-9][0-9]*                (at most 9 digits)
 * ```
 */
import type { CallbackSelector } from './types.js';

/** Result of {@link parseCallbackSelector}: the selector, or what is wrong with the text. */
export type CallbackSelectorResult = { ok: true; selector: CallbackSelector } | { ok: false; problem: string };

const HEAD = /^args\[(0|[1-9][0-9]{0,8})(\.\.)?\]/;
const IDENTIFIER_STEP = /^\.([A-Za-z_$][A-Za-z0-9_$]*)$/;
const STRING_STEP = /^\[(?:"((?:[^"\\]|\\["\\])*)"|'((?:[^'\\]|\\['\\])*)')\]$/;

/** Parse a `callback` selector; never throws. */
export function parseCallbackSelector(text: string): CallbackSelectorResult {
  const head = HEAD.exec(text);
  if (!head) {
    return { ok: false, problem: /^args\[/.test(text) ? `${JSON.stringify(text)} has no valid argument index` : `${JSON.stringify(text)} does not start with args[N]` };
  }
  const index = Number(head[1]);
  const rest = head[2] !== undefined;
  const tail = text.slice(head[0].length);
  if (tail === '') return { ok: true, selector: { index, rest } };
  if (rest) return { ok: false, problem: `${JSON.stringify(text)} selects a range of arguments, which cannot be followed by a property` };
  const ident = IDENTIFIER_STEP.exec(tail);
  if (ident) return { ok: true, selector: { index, rest, property: ident[1]! } };
  const quoted = STRING_STEP.exec(tail);
  if (quoted) {
    const property = (quoted[1] ?? quoted[2]!).replace(/\\(["'\\])/g, '$1');
    if (property !== '') return { ok: true, selector: { index, rest, property } };
  }
  return { ok: false, problem: `${JSON.stringify(text)} has an invalid property after args[${index}]: one property may follow, as .name or ["any key"]` };
}

/** The selector spelled back, for messages and docs: `{ index: 1, rest: true }` → `args[1..]`. */
export function formatCallbackSelector(selector: CallbackSelector): string {
  if (selector.rest) return `args[${selector.index}..]`;
  if (selector.property === undefined) return `args[${selector.index}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(selector.property)
    ? `args[${selector.index}].${selector.property}`
    : `args[${selector.index}][${JSON.stringify(selector.property)}]`;
}
