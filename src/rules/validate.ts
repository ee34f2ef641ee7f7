/**
 * Validation of rules (built-in and user) into {@link ResolvedRule}s. Every
 * problem of an input is collected and thrown as one TracewrightError, one line
 * per problem, formatted
 * `<source>: rule "<id>" (#<index>): field "<field>": <what is wrong>; <fix>`
 * (`rule #<index>` when the rule has no usable id; indexes count from 0, as in
 * the `rules` array).
 */

import { isBuiltin } from 'node:module';
import { lazySemver } from '../util/lazySemver.js';
import type { JoinKind, ResolvedRule, ResultMode, Rule, RuleSpan } from './types.js';
import { HOOK_IDS, isHookId } from './hookIds.js';
import { ProblemList } from '../errors.js';
import { suggestion } from '../util/didYouMean.js';
import { checkSpan, describe, isPlainObject, SPAN_FIELDS, type Reporter } from './validateSpan.js';
import { compileGlob } from '../util/glob.js';
import { checkCallback, checkInstall } from './validateCallbackAndInstall.js';

export { isPlainObject, SPAN_FIELDS, SPAN_KINDS } from './validateSpan.js';

/** Every join kind of the format. */
export const JOIN_KINDS = ['call', 'method', 'new', 'function', 'callback-arg'] as const satisfies readonly JoinKind[];
/** Join kinds the validator accepts (all of them). */
export const SUPPORTED_JOIN_KINDS = JOIN_KINDS;
/** Result modes. */
export const RESULT_MODES = ['auto', 'promise', 'callback', 'sync', 'iterable', 'install'] as const satisfies readonly ResultMode[];
/** Fields of a rule, in the order problems are reported. */
export const RULE_FIELDS = ['id', 'join', 'module', 'export', 'class', 'name', 'path', 'callback', 'versions', 'span', 'hooks', 'result'] as const;
/** Rule ids: dotted lower-case segments, e.g. `pg.query`, `fetch`. */
export const RULE_ID_PATTERN = /^[a-z0-9_-]+(\.[a-z0-9_*-]+)*$/;

// Compile-time guard: the field lists above must name exactly the fields of types.ts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _fieldsMatch: Same<(typeof RULE_FIELDS)[number], keyof Rule> = true;
const _spanFieldsMatch: Same<(typeof SPAN_FIELDS)[number], keyof RuleSpan> = true;
void _fieldsMatch, _spanFieldsMatch;

type SupportedJoin = (typeof SUPPORTED_JOIN_KINDS)[number];

/** Fields each join kind uses besides the common ones (id, join, versions, span, hooks, result). */
const JOIN_FIELDS: Record<SupportedJoin, readonly string[]> = {
  call: ['module', 'export'],
  new: ['module', 'export'],
  method: ['module', 'class', 'name', 'path'],
  function: ['module', 'name'],
  // Matched like a `method` rule (class + name/path) or, with `export`, like a `call` rule.
  'callback-arg': ['module', 'export', 'class', 'name', 'path', 'callback'],
};

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Characters of a glob, never of a package name: `src/services/**` is a project glob missing its `./`. */
const GLOB_CHARS = /[*?{}[\]]/;
const PACKAGE_NAME = /^(?:@[^\s/@]+\/)?[^\s/.@][^\s/]*(?:\/[^\s/]+)*$/;
const quoteList = (items: readonly string[]): string => items.map((i) => `"${i}"`).join(', ');

/**
 * Strip the `node:` prefix of Node built-in modules (`node:http` → `http`), so
 * rules and imports compare equal whichever spelling each uses. Prefix-only
 * built-ins (`node:test`, `node:sqlite`) keep it: without it they name npm packages.
 */
export function normalizeModuleName(name: string): string {
  if (name.startsWith('node:')) {
    const bare = name.slice(5);
    if (isBuiltin(bare)) return bare;
  }
  return name;
}

/** A string or a non-empty list of non-empty strings, each passing `check`. */
function stringList(
  value: unknown,
  field: string,
  report: Reporter,
  check: (item: string) => string | undefined,
  example: string,
): string[] {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (items === undefined || items.length === 0) {
    report(field, `expected a string or a non-empty list of strings, got ${describe(value)}`, `write e.g. ${example}`);
    return [];
  }
  const out: string[] = [];
  items.forEach((item, i) => {
    const where = Array.isArray(value) ? `${field}[${i}]` : field;
    if (typeof item !== 'string' || item === '') {
      report(where, `expected a non-empty string, got ${describe(item)}`, `write e.g. ${example}`);
    } else {
      const problem = check(item);
      if (problem === undefined) out.push(item);
      else report(where, problem, `write e.g. ${example}`);
    }
  });
  return out;
}

const identifier = (what: string, star: boolean) => (item: string) =>
  (star && item === '*') || IDENTIFIER.test(item) ? undefined : `${JSON.stringify(item)} is not ${what}`;

/** Check `module` for the join; returns the normalised name. */
function checkModule(value: unknown, join: SupportedJoin, report: Reporter, namesExport: boolean): string | undefined {
  const field = 'module';
  if (value === undefined) {
    const fix = join === 'function' ? 'add a project glob such as "./src/**"'
      : `add the package name (e.g. "pg")${join === 'call' ? ', "global"' : ''} or a project glob such as "./src/db/**"`;
    report(field, 'missing', fix);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    report(field, `expected a non-empty string, got ${describe(value)}`, 'write a package name, "global", or a project glob such as "./src/**"');
    return undefined;
  }
  if (value === 'global') {
    if (join === 'callback-arg' && !namesExport) report(field, '"global" needs "export" (a global function such as "setTimeout")', 'add "export", or name the package whose class has the method');
    else if (join !== 'call' && join !== 'callback-arg') report(field, `"global" is only valid with join "call"`, 'name the package that exports it');
    return value;
  }
  if (value.startsWith('./')) {
    try {
      compileGlob(value);
    } catch (error) {
      report(field, (error as Error).message.replace(/^\[tracewright\] /, ''), 'fix the glob syntax');
    }
    return value;
  }
  if (GLOB_CHARS.test(value) && !/^[./]/.test(value)) {
    report(field, `${JSON.stringify(value)} is a glob but not a project glob, which starts with "./"`, `write ${JSON.stringify(`./${value}`)} (resolved from the project root)`);
    return undefined;
  }
  if (join === 'function') {
    report(field, `join "function" needs a project glob, got ${JSON.stringify(value)}`, 'write a glob of your own files such as "./src/**"');
    return undefined;
  }
  if (value.startsWith('.') || value.startsWith('/')) {
    report(field, `${JSON.stringify(value)} is not inside the project`, 'project globs start with "./" and are resolved from the project root');
    return undefined;
  }
  if (!PACKAGE_NAME.test(value)) {
    report(field, `${JSON.stringify(value)} is not a package name`, 'write a package name such as "pg" or "@scope/pkg", "global", or a project glob such as "./src/**"');
    return undefined;
  }
  return normalizeModuleName(value);
}

/** Check an enum-valued field; returns the value or undefined. */
function checkEnum<T extends string>(value: unknown, field: string, noun: string, allowed: readonly T[], report: Reporter): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const fix = (typeof value === 'string' && suggestion(value, allowed)) || `use one of ${quoteList(allowed)}`;
  report(field, typeof value === 'string' ? `${JSON.stringify(value)} is not ${noun}` : `expected a string, got ${describe(value)}`, fix);
  return undefined;
}

type JoinFields = Pick<ResolvedRule, 'module' | 'exports' | 'classes' | 'names' | 'path'>;

/** A function-name glob, checked with the glob compiler so `{` typos surface here. */
const nameGlob = (item: string): string | undefined => {
  try {
    compileGlob(item);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^\[tracewright\] /, '');
  }
};

/** The fields that say where a rule attaches, checked for its join kind. */
function checkJoinFields(raw: Record<string, unknown>, join: SupportedJoin, report: Reporter): JoinFields {
  // `callback-arg` with `export` names a function like a `call` rule; without, a method like a `method` rule.
  const callLike = join === 'call' || join === 'new' || (join === 'callback-arg' && raw.export !== undefined);
  const out: JoinFields = { module: checkModule(raw.module, join, report, callLike), exports: [], classes: [], names: [], path: [] };
  if (join === 'callback-arg' && raw.export !== undefined) {
    for (const field of ['class', 'name', 'path'] as const) {
      if (raw[field] !== undefined) report(field, 'not used with "export"', 'a callback-arg rule names either an exported function ("export") or a method ("class" with "name" or "path"): remove one');
    }
  }
  if (callLike) {
    if (raw.export === undefined) report('export', 'missing', 'add the export name, a list of names, or "*"');
    else out.exports = stringList(raw.export, 'export', report, identifier('an export name', true), '"query", ["get", "request"] or "*"');
  } else if (join === 'method' || join === 'callback-arg') {
    if (raw.class === undefined) {
      report('class', 'missing', 'add the receiver class exported by the module, e.g. "Client" or ["Client", "Pool"], or "*" for every class it declares');
    } else {
      // `"*"`: every class and interface declared in the module (a project glob's files, or the package).
      out.classes = stringList(raw.class, 'class', report, identifier('a class name', true), '"Client", ["Client", "Pool"] or "*"');
    }
    if (raw.name !== undefined && raw.path !== undefined) {
      report('path', 'both "name" and "path" are set', 'keep one: "name" for a method of the instance, "path" for a property path from it');
    } else if (raw.name === undefined && raw.path === undefined) {
      report('name', 'missing', 'add "name" (method name, list or "*") or "path" (e.g. "chat.completions.create")');
    } else if (raw.path !== undefined) {
      out.path = checkPropertyPath(raw.path, report);
    } else {
      out.names = stringList(raw.name, 'name', report, () => undefined, '"query", ["get", "set"] or "*"');
    }
  } else {
    if (raw.name === undefined) report('name', 'missing', 'add a function name glob such as "handle*"');
    else out.names = stringList(raw.name, 'name', report, nameGlob, '"handle*" or ["get*", "save"]');
  }
  return out;
}

/** `versions`: a semver range, only for installed packages. */
function checkVersions(value: unknown, module: string | undefined, report: Reporter, trustRanges: boolean): string | undefined {
  if (value === undefined) return undefined;
  // semver reads "" and "^5 ||" as "*": reject empty alternatives, they are typos.
  if (typeof value !== 'string' || value.split('||').some((part) => part.trim() === '') || (!trustRanges && lazySemver().validRange(value) === null)) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : describe(value);
    report('versions', `${shown} is not a valid semver range`, 'write a range such as ">=8 <9" or "^5.0.0"');
    return undefined;
  }
  if (module !== undefined && (module === 'global' || module.startsWith('./') || isBuiltin(module))) {
    report('versions', `a version range only applies to an installed package, not ${JSON.stringify(module)}`, 'remove it');
    return undefined;
  }
  return value;
}

/** `hooks`: one of {@link HOOK_IDS}. */
function checkHooks(value: unknown, report: Reporter): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && isHookId(value)) return value;
  if (typeof value !== 'string') report('hooks', `expected a string, got ${describe(value)}`, `use one of ${quoteList(HOOK_IDS)}, or remove it`);
  else report('hooks', `unknown hook ${JSON.stringify(value)}`, suggestion(value, HOOK_IDS) || `use one of ${quoteList(HOOK_IDS)}, or remove it`);
  return undefined;
}

/** `id`: present, well-formed, unique within the input (`seen`: id → index). */
function checkId(raw: Record<string, unknown>, id: string | undefined, index: number, seen: Map<string, number>, report: Reporter): void {
  if (raw.id === undefined) report('id', 'missing', 'add a unique dotted id such as "mylib.operation"');
  else if (typeof raw.id !== 'string') report('id', `expected a string, got ${describe(raw.id)}`, 'write a dotted id such as "mylib.operation"');
  else if (id === undefined) {
    report('id', `${JSON.stringify(raw.id)} is not a valid id`, 'use dotted lower-case segments of a-z, 0-9, "_" and "-", such as "mylib.operation"');
  } else if (seen.has(id)) report('id', `duplicate id "${id}", also used by rule #${seen.get(id)}`, 'give each rule a unique id');
  else seen.set(id, index);
}

/**
 * Where a problem sits in the rule file's text (1-based), for inputs read from a
 * file: the rule's index (undefined for the top level), the field as the
 * messages spell it (`span.kind`, `export[1]`, `span.attributes["k"]`), and
 * whether the field's key or its value is at fault.
 */
export type RuleLocator = (ruleIndex: number | undefined, field: string | undefined, at: 'key' | 'value') => { line: number; column: number } | undefined;

/** Fields reported for being there at all: the problem is the key, not the value. */
const KEY_PROBLEMS = /^(unknown field|not used)/;

/** Start of every message: `<source>:` plus `<line>:<column>:` when the input came with a locator. */
function placed(source: string, locate: RuleLocator | undefined, ruleIndex: number | undefined, field: string | undefined, what: string) {
  const at = locate?.(ruleIndex, field, KEY_PROBLEMS.test(what) ? 'key' : 'value');
  return { prefix: at ? `${source}:${at.line}:${at.column}:` : `${source}:`, location: at ?? {} };
}

/** Validate one rule; returns undefined when it has problems (they were reported). */
function checkRule(raw: unknown, index: number, source: string, problems: ProblemList, seen: Map<string, number>, options: ValidateOptions): ResolvedRule | undefined {
  const before = problems.items.length;
  const { locate } = options;
  if (!isPlainObject(raw)) {
    const what = `expected an object, got ${describe(raw)}`;
    const { prefix, location } = placed(source, locate, index, undefined, what);
    problems.add({ file: source, ...location, message: `${prefix} rule #${index}: ${what}; write each rule as { "id": ..., "join": ..., ... }` });
    return undefined;
  }
  const id = typeof raw.id === 'string' && RULE_ID_PATTERN.test(raw.id) ? raw.id : undefined;
  // With a line and column the index says nothing more.
  const label = id === undefined ? `rule #${index}` : locate ? `rule "${id}"` : `rule "${id}" (#${index})`;
  const report: Reporter = (field, what, fix) => {
    const { prefix, location } = placed(source, locate, index, field, what);
    problems.add({ file: source, ...location, ...(id === undefined ? {} : { ruleId: id }), field, message: `${prefix} ${label}: field "${field}": ${what}; ${fix}` });
  };

  checkId(raw, id, index, seen, report);
  let join: SupportedJoin | undefined;
  if (raw.join === undefined) report('join', 'missing', `add one of ${quoteList(SUPPORTED_JOIN_KINDS)}`);
  else join = checkEnum(raw.join, 'join', 'a join kind', SUPPORTED_JOIN_KINDS, report);

  // Until the join is known every rule field counts as used: only truly unknown ones are reported.
  const used = new Set<string>(['id', 'join', 'versions', 'span', 'hooks', 'result', ...(join ? JOIN_FIELDS[join] : RULE_FIELDS)]);
  for (const key of Object.keys(raw)) {
    if (used.has(key)) continue;
    if ((RULE_FIELDS as readonly string[]).includes(key)) report(key, `not used by join "${join}"`, 'remove it, or change "join"');
    else report(key, 'unknown field', suggestion(key, RULE_FIELDS) || `remove it (known fields: ${RULE_FIELDS.join(', ')})`);
  }

  const where = join === undefined ? undefined : checkJoinFields(raw, join, report);
  const callback = join === undefined ? undefined : checkCallback(raw.callback, join, report);
  const versions = checkVersions(raw.versions, where?.module, report, options.trustRanges ?? false);
  const span = checkSpan(raw.span, id ?? '', report);
  const hooks = checkHooks(raw.hooks, report);
  const result = raw.result === undefined ? 'auto' : checkEnum(raw.result, 'result', 'a result mode', RESULT_MODES, report);
  checkInstall(raw, join, report);

  if (problems.items.length > before || id === undefined || where === undefined || join === undefined || result === undefined) return undefined;
  return { id, join, ...where, versions, span, hooks, result, ...(callback ? { callback } : {}), source };
}

/** `a.b.c` → `["a", "b", "c"]`. */
function checkPropertyPath(value: unknown, report: Reporter): string[] {
  if (typeof value !== 'string' || !value.split('.').every((s) => IDENTIFIER.test(s))) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : describe(value);
    report('path', `${shown} is not a property path`, 'write dotted property names such as "chat.completions.create"');
    return [];
  }
  return value.split('.');
}

/** Options of {@link validateRules}. */
export interface ValidateOptions {
  /**
   * Skip parsing `versions` ranges with semver: for the built-in catalog, whose
   * ranges its tests check, so that a build loads semver only when a version is
   * really compared.
   */
  trustRanges?: boolean;
  /** Positions of fields in the rule file: messages then start `<file>:<line>:<column>:`. */
  locate?: RuleLocator;
}

/**
 * Validate a rule set: an array of rules, or `{ "$schema"?: string, "rules": [...] }`.
 * @param source where the input came from, used in every message and stored on
 *   each rule: `builtin`, a rule file path, or `<config> plugins[].rules`
 * @throws TracewrightError listing every problem, one line each
 */
export function validateRules(input: unknown, source: string, options: ValidateOptions = {}): ResolvedRule[] {
  const problems = new ProblemList();
  const top = (field: string | undefined, what: string, fix: string) => {
    const { prefix, location } = placed(source, options.locate, undefined, field, what);
    problems.add({ file: source, ...location, ...(field === undefined ? {} : { field }), message: `${prefix} ${field === undefined ? '' : `field "${field}": `}${what}; ${fix}` });
  };
  let rules: unknown[] = [];
  if (Array.isArray(input)) rules = input;
  else if (isPlainObject(input)) {
    for (const key of Object.keys(input)) {
      if (key !== 'rules' && key !== '$schema') top(key, 'unknown field', suggestion(key, ['rules', '$schema']) || 'a rule file holds only "$schema" and "rules"');
    }
    if (input.$schema !== undefined && typeof input.$schema !== 'string') top('$schema', `expected a string, got ${describe(input.$schema)}`, 'write the schema URL or path, or remove it');
    if (input.rules === undefined) top('rules', 'missing', 'add "rules": [ ... ]');
    else if (!Array.isArray(input.rules)) top('rules', `expected an array, got ${describe(input.rules)}`, 'write "rules": [ { "id": ..., "join": ... } ]');
    else rules = input.rules;
  } else {
    top(undefined, `expected an array of rules or { "rules": [...] }, got ${describe(input)}`, 'write [ { "id": ..., "join": ... } ]');
  }
  const seen = new Map<string, number>();
  const resolved = rules.map((rule, index) => checkRule(rule, index, source, problems, seen, options));
  problems.throwIfAny();
  return resolved as ResolvedRule[];
}
