/**
 * Plugin options, shared by the tsc plugin and the bundler plugins, and their
 * validation. Every problem is collected and thrown as one TracewrightError,
 * one line each: `<config file>: option "<name>": <what is wrong>; <fix>`.
 */

import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { ResolvedRule, Rule } from './rules/types.js';
import { validateRules } from './rules/validate.js';
import { parseRuleFile, unreadableRuleFile } from './rules/ruleFile.js';
import { describe, isPlainObject } from './rules/validateSpan.js';
import { resolveRuleSet } from './rules/index.js';
import { ProblemList, TracewrightError } from './errors.js';
import { compileGlob } from './util/glob.js';
import { projectRelative } from './util/projectRelative.js';
import { suggestion } from './util/didYouMean.js';
import { applyServerOptions, readServerOptions, SERVER_OPTION_NAMES, type ResolvedServerOptions, type ServerOptions } from './serverOptions.js';

/** What users write in the plugin entry (tsconfig `plugins[]`, bundler plugin call). */
export interface TracewrightOptions extends ServerOptions {
  /**
   * Rules of your own: inline rule objects, or the path of a JSON rule file
   * (an array of rules or `{ "$schema", "rules" }`) relative to the directory
   * of the config file. A rule with the id of a built-in rule replaces it.
   */
  rules?: Rule[] | string;
  /** Use the built-in rule catalog. Default `true`. */
  builtin?: boolean;
  /** Ids of rules (built-in or yours) to turn off, e.g. `["http.get"]`. */
  disable?: string[];
  /** Globs of files to instrument, relative to the project root. Default: every file. */
  include?: string[];
  /**
   * Globs of files never to instrument, relative to the project root. Replaces
   * the default `["**\/node_modules/**", "**\/*.d.ts"]`; repeat those if you
   * set your own.
   */
  exclude?: string[];
  /** Write a JSON report of matches, misses and skipped sites to this path, relative to the project root. */
  report?: string;
  /** Turn warnings (e.g. a rule that matched nothing) into errors. Default `false`. */
  strict?: boolean;
}

/** Options after validation, with defaults filled and paths made absolute. */
export interface ResolvedOptions extends ResolvedServerOptions {
  /** The merged rule set: built-in (unless disabled) and user rules. */
  rules: ResolvedRule[];
  /** Effective include globs. */
  include: string[];
  /** Effective exclude globs. */
  exclude: string[];
  /**
   * Whether a file is instrumented: it matches an include glob and no exclude
   * glob. Takes an absolute path or a `/`-separated path relative to the
   * project root; files outside the root are matched as `../…`.
   */
  isIncluded(path: string): boolean;
  /** Absolute path of the JSON report, when asked for. */
  reportPath?: string;
  strict: boolean;
}

/** Where the options were written. */
export interface ResolveOptionsContext {
  /** The file holding the options (tsconfig.json, vite.config.ts, ...); absolute. */
  configFile: string;
  /** Absolute project root: globs and `report` are relative to it. */
  projectRoot: string;
  /** Keys of the host, not ours, to ignore (see {@link TS_PATCH_KEYS}). */
  ignoreKeys?: readonly string[];
  /**
   * Options that came from another file than `configFile` (a `tracewright.config.*`
   * under inline options): option name → absolute file, so messages name the
   * file the option is written in and a `rules` path is relative to it.
   */
  optionFiles?: Readonly<Record<string, string>>;
}

/** The keys ts-patch reads from a `plugins[]` entry, which sit next to ours. */
export const TS_PATCH_KEYS = ['transform', 'type', 'import', 'after', 'afterDeclarations', 'transformProgram', 'isEsm', 'resolvePathAliases', 'name'] as const;

/** Default `exclude`. */
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/*.d.ts'] as const;

const OPTION_NAMES = ['rules', 'builtin', 'disable', 'include', 'exclude', 'report', 'strict', ...SERVER_OPTION_NAMES] as const satisfies readonly (keyof TracewrightOptions)[];

/** A path for messages: relative to the project root when inside it, `/`-separated. */
function displayPath(file: string, projectRoot: string): string {
  const rel = relative(projectRoot, file);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** Read a JSON or YAML rule file; the `source` of its rules is its display path. */
function readRuleFile(spec: string, ctx: ResolveOptionsContext, configFile: string): ResolvedRule[] {
  const file = resolve(dirname(configFile), spec);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const configLabel = displayPath(configFile, ctx.projectRoot);
    const relativeTo = `the directory of ${basename(configFile)}`;
    throw new TracewrightError(`${configLabel}: option "rules": ${unreadableRuleFile(file, spec, error, relativeTo)}`, { file: configFile, field: 'rules' });
  }
  return parseRuleFile(text, file, displayPath(file, ctx.projectRoot));
}

/**
 * Validate raw plugin options and resolve the rule set.
 * @param raw the options object as the host hands it over (`undefined` = all defaults)
 * @throws TracewrightError listing every problem (unknown or mistyped options,
 *   unreadable rule file, invalid rules, unknown ids in `disable`)
 */
export function resolveOptions(raw: unknown, ctx: ResolveOptionsContext): ResolvedOptions {
  const problems = new ProblemList();
  const configLabel = displayPath(ctx.configFile, ctx.projectRoot);
  // `include[1]` is written where `include` is.
  const fileOf = (option: string): string => ctx.optionFiles?.[option.replace(/\[.*$/, '')] ?? ctx.configFile;
  const report = (option: string, what: string, fix: string) =>
    problems.add({ file: fileOf(option), field: option, message: `${displayPath(fileOf(option), ctx.projectRoot)}: option "${option}": ${what}; ${fix}` });
  const options: Record<string, unknown> = raw === undefined ? {} : isPlainObject(raw) ? raw : {};
  if (raw !== undefined && !isPlainObject(raw)) {
    problems.add({ file: ctx.configFile, message: `${configLabel}: tracewright options must be an object, got ${describe(raw)}; write e.g. { "rules": "./tracewright.rules.json" }` });
  }
  const ignored = new Set(ctx.ignoreKeys ?? []);
  for (const key of Object.keys(options)) {
    if (ignored.has(key) || (OPTION_NAMES as readonly string[]).includes(key)) continue;
    report(key, 'unknown option', suggestion(key, OPTION_NAMES) || `remove it (options: ${OPTION_NAMES.join(', ')})`);
  }

  const boolean = (name: 'builtin' | 'strict', fallback: boolean): boolean => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    report(name, `expected a boolean, got ${describe(value)}`, `write true or false`);
    return fallback;
  };
  const stringArray = (name: 'disable' | 'include' | 'exclude', fallback: readonly string[]): string[] => {
    const value = options[name];
    if (value === undefined) return [...fallback];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    report(name, `expected an array of strings, got ${describe(value)}`, `write e.g. ${name === 'disable' ? '["http.get"]' : '["src/**"]'}`);
    return [...fallback];
  };
  const globs = (name: 'include' | 'exclude', patterns: string[]) =>
    patterns.map((pattern, i) => {
      try {
        return compileGlob(pattern);
      } catch (error) {
        report(`${name}[${i}]`, (error as Error).message.replace(/^\[tracewright\] /, ''), 'fix the pattern');
        return () => false;
      }
    });

  const builtin = boolean('builtin', true);
  const strict = boolean('strict', false);
  const disable = stringArray('disable', []);
  const include = stringArray('include', ['**']);
  const exclude = stringArray('exclude', DEFAULT_EXCLUDE);
  const includeMatchers = globs('include', include);
  const excludeMatchers = globs('exclude', exclude);
  const serverOptions = readServerOptions(options, report);

  let reportPath: string | undefined;
  if (typeof options.report === 'string' && options.report !== '') reportPath = resolve(ctx.projectRoot, options.report);
  else if (options.report !== undefined) report('report', `expected a file path, got ${options.report === '' ? 'an empty string' : describe(options.report)}`, 'write e.g. "tracewright-report.json"');

  let user: ResolvedRule[] | undefined = [];
  try {
    const rulesFile = fileOf('rules');
    if (typeof options.rules === 'string' && options.rules !== '') user = readRuleFile(options.rules, ctx, rulesFile);
    else if (Array.isArray(options.rules)) user = validateRules(options.rules, `${displayPath(rulesFile, ctx.projectRoot)} ${rulesFile === ctx.configFile ? 'plugins[].rules' : 'rules'}`);
    else if (options.rules !== undefined) {
      report('rules', `expected an array of rules or the path of a JSON rule file, got ${describe(options.rules)}`, 'write e.g. "./tracewright.rules.json"');
    }
  } catch (error) {
    problems.addError(error);
    user = undefined; // broken user rules would make "disable" errors misleading
  }
  let rules: ResolvedRule[] = [];
  if (user !== undefined) {
    try {
      rules = applyServerOptions(resolveRuleSet({ builtin, user, disable, source: configLabel }), serverOptions);
    } catch (error) {
      problems.addError(error);
    }
  }
  problems.throwIfAny();

  const isIncluded = (path: string): boolean => {
    const rel = isAbsolute(path) ? projectRelative(ctx.projectRoot, path) : path;
    return includeMatchers.some((m) => m(rel)) && !excludeMatchers.some((m) => m(rel));
  };
  return { rules, include, exclude, isIncluded, ...(reportPath === undefined ? {} : { reportPath }), strict, ...serverOptions };
}
