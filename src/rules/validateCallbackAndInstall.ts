/**
 * Validation of the two rule capabilities of server roots and route handlers:
 * the `callback` selector of `callback-arg` rules, and `result: "install"`.
 * Reports through the rule validator's {@link Reporter}, in its message format. @internal
 */
import type { CallbackSelector, JoinKind } from './types.js';
import { parseCallbackSelector } from './callbackSelector.js';
import { describe, isPlainObject, SPAN_FIELDS, type Reporter } from './validateSpan.js';

const SELECTOR_FIX = 'write args[1] (one argument), args[1..] (every argument from 1 on) or args[0].callback (a property of an options object)';

/** `callback`: required for `callback-arg` (other joins report it as unused before this runs). */
export function checkCallback(value: unknown, join: JoinKind, report: Reporter): CallbackSelector | undefined {
  if (join !== 'callback-arg') return undefined;
  if (value === undefined) {
    report('callback', 'missing', `say which arguments are the callbacks: ${SELECTOR_FIX}`);
    return undefined;
  }
  if (typeof value !== 'string') {
    report('callback', `expected a string, got ${describe(value)}`, SELECTOR_FIX);
    return undefined;
  }
  const parsed = parseCallbackSelector(value);
  if (parsed.ok) return parsed.selector;
  report('callback', parsed.problem, SELECTOR_FIX);
  return undefined;
}

/** Join kinds whose call result a hook can install on. */
const INSTALL_JOINS: readonly JoinKind[] = ['call', 'method', 'new'];

/**
 * `result: "install"`: a server root opens no span of its own, it hands the call's result to
 * its hook's `install()`; so it needs `hooks`, a call-like join, and no span description.
 */
export function checkInstall(raw: Record<string, unknown>, join: JoinKind | undefined, report: Reporter): void {
  if (raw.result !== 'install') return;
  if (join !== undefined && !INSTALL_JOINS.includes(join)) {
    report('result', `"install" is only valid with join "call", "method" or "new", not "${join}"`, 'use another result mode, or change "join"');
  }
  if (raw.hooks === undefined) {
    report('hooks', 'missing, and result "install" needs it: its install() receives the call\'s result', 'add the id of the runtime hook module that installs on the result');
  }
  if (isPlainObject(raw.span)) {
    const given = SPAN_FIELDS.filter((field) => raw.span !== undefined && (raw.span as Record<string, unknown>)[field] !== undefined);
    if (given.length > 0) {
      const list = given.map((f) => `"${f}"`).join(', ');
      report('span', `${list} ${given.length === 1 ? 'has' : 'have'} no effect with result "install", which opens no span around the call`,
        'remove "span" (the hook traces what happens on the installed object)');
    }
  }
}
