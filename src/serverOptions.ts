/**
 * The server options (`server`, `ignorePaths`, `handlerSpans`): their
 * validation, and what they do to the resolved rule set. The server-side
 * catalog is the rules whose hook is a server hook (`SERVER_HOOK_IDS`: the
 * `http.server` roots and the framework route wrappers):
 * - `server: "off"` drops the built-in ones (rules of your own naming a
 *   server hook stay: you asked for them);
 * - `ignorePaths` and `handlerSpans` reach their hooks at run time as hook
 *   options (`ResolvedRule.hookOptions`, embedded in the site table as
 *   `SpanSpec.o`), only when they differ from the defaults, so a default build
 *   emits the same site tables as before these options existed.
 */
import { SERVER_HOOK_IDS } from './rules/hookIds.js';
import { BUILTIN_SOURCE } from './rules/index.js';
import type { ResolvedRule } from './rules/types.js';
import { describe } from './rules/validateSpan.js';
import { pathGlobProblem } from './runtime/server/pathGlob.js';

/** What users write. */
export interface ServerOptions {
  /**
   * `"auto"` (default): SERVER spans for the servers and frameworks the
   * catalog knows. `"off"`: none of the built-in server roots or route wrappers.
   */
  server?: 'auto' | 'off';
  /**
   * Globs matched against a request's `url.path` (`"/health"`, `"/internal/**"`):
   * such requests get no span at all and run untouched. `*` and `?` stay within
   * a segment, a `**` segment spans any number of them; each starts with `/`.
   */
  ignorePaths?: string[];
  /** INTERNAL spans for each route handler and middleware, beneath the SERVER span. Default `false`. */
  handlerSpans?: boolean;
}

/** The server options after validation. */
export interface ResolvedServerOptions {
  server: 'auto' | 'off';
  ignorePaths: string[];
  handlerSpans: boolean;
}

/** The option names of this module. */
export const SERVER_OPTION_NAMES = ['server', 'ignorePaths', 'handlerSpans'] as const satisfies readonly (keyof ServerOptions)[];

/** Reports one problem: option name (or `name[i]`), what is wrong, the fix. */
export type ReportProblem = (option: string, what: string, fix: string) => void;

/** Validates the server options of `options`, reporting every problem; defaults where one is found. */
export function readServerOptions(options: Record<string, unknown>, report: ReportProblem): ResolvedServerOptions {
  let server: 'auto' | 'off' = 'auto';
  const rawServer = options.server;
  if (rawServer === 'auto' || rawServer === 'off') server = rawServer;
  else if (rawServer !== undefined) report('server', `expected "auto" or "off", got ${typeof rawServer === 'string' ? JSON.stringify(rawServer) : describe(rawServer)}`, 'write "off" to leave servers uninstrumented, or remove it');

  const ignorePaths: string[] = [];
  const rawPaths = options.ignorePaths;
  if (Array.isArray(rawPaths)) {
    rawPaths.forEach((pattern: unknown, i) => {
      const problem = pathGlobProblem(pattern);
      if (problem === undefined) ignorePaths.push(pattern as string);
      else report(`ignorePaths[${i}]`, typeof pattern === 'string' ? `${JSON.stringify(pattern)}: ${problem}` : `expected a string, got ${describe(pattern)}`, 'write a path glob such as "/health" or "/internal/**"');
    });
  } else if (rawPaths !== undefined) {
    report('ignorePaths', `expected an array of path globs, got ${describe(rawPaths)}`, 'write e.g. ["/health", "/internal/**"]');
  }

  let handlerSpans = false;
  const rawHandlerSpans = options.handlerSpans;
  if (typeof rawHandlerSpans === 'boolean') handlerSpans = rawHandlerSpans;
  else if (rawHandlerSpans !== undefined) report('handlerSpans', `expected a boolean, got ${describe(rawHandlerSpans)}`, 'write true or false');

  return { server, ignorePaths, handlerSpans };
}

/** Whether `rule` belongs to the server-side catalog (its hook is a server hook). */
export function isServerRule(rule: ResolvedRule): boolean {
  return rule.hooks !== undefined && SERVER_HOOK_IDS.includes(rule.hooks);
}

/**
 * The rule set under the server options: built-in server rules dropped for
 * `server: "off"`; otherwise server rules carrying the non-default options as
 * hook options (copies: the built-in rule objects are shared by every build).
 */
export function applyServerOptions(rules: ResolvedRule[], options: ResolvedServerOptions): ResolvedRule[] {
  if (options.server === 'off') return rules.filter((rule) => !(isServerRule(rule) && rule.source === BUILTIN_SOURCE));
  const hookOptions: Record<string, unknown> = {};
  if (options.ignorePaths.length > 0) hookOptions.ignorePaths = [...options.ignorePaths];
  if (options.handlerSpans) hookOptions.handlerSpans = true;
  if (Object.keys(hookOptions).length === 0) return rules;
  return rules.map((rule) => (isServerRule(rule) ? { ...rule, hookOptions: { ...rule.hookOptions, ...hookOptions } } : rule));
}
