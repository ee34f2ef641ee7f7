import type MagicString from 'magic-string';
import { TracewrightError, type TracewrightProblem } from '../../errors.js';
import { computeOutcome, fileHash, projectModuleView, type FileOutcome, type SourceMapJson, type SourceWarning } from './fileOutcome.js';
import { NO_MATCHES } from '../match/joinPoint.js';
import { fileMayMatch } from '../match/join/call.js';
import { functionRulesCover } from '../match/ruleIndex.js';
import { projectPath } from '../match/join/context.js';
import { SOURCE_LANGUAGES, type SourceParser } from '../parse/parseSource.js';
import type { BuildSession } from './session.js';
import { isInstrumented } from '../write/siteTable.js';
import { ImportPrefilter } from './importPrefilter.js';

export type { SourceMapJson, SourceWarning } from './fileOutcome.js';
export { sourceMapUrl } from './fileOutcome.js';

/** What {@link transformSource} did to one file. */
export interface TransformSourceResult {
  /** The instrumented code; the input unchanged when `map` is null. */
  code: string;
  /** Source map of the edits (high resolution); null when nothing changed. */
  map: SourceMapJson | null;
  /** Problems to report (none when the file is clean). */
  warnings: SourceWarning[];
  /** Project modules whose exports decided this file's matches: hosts watch them (absolute paths). */
  dependencies?: string[];
}

/** Test hooks of {@link transformSource}; either one bypasses the transform cache. @internal */
export interface TransformSourceHooks {
  createMagicString?(code: string): MagicString;
  /** Parse with this parser (tests run every fixture through both). */
  parser?: SourceParser;
}

/** The file extension tracewright knows (`.ts`, …, `.cjs`) of a module id, or undefined. */
export function sourceExtension(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0 || file.lastIndexOf('/') > dot || file.lastIndexOf('\\') > dot) return undefined;
  const ext = file.slice(dot).toLowerCase();
  return Object.hasOwn(SOURCE_LANGUAGES, ext) ? ext : undefined;
}

/**
 * The per-file entry every bundler plugin uses: matches one module's source
 * syntactically and spells its join points with the source writer.
 *
 * - Files whose text contains no rule trigger name are returned unparsed
 *   (`undefined`): the fast path that keeps bundler builds fast. Unless one of
 *   their imports may export a library instance (importPrefilter.ts).
 * - Files already instrumented (by either writer) are left alone.
 * - A file that does not parse is left unchanged with a warning naming it.
 * - Under `strict`, any warning is thrown as a {@link TracewrightError}.
 *
 * Parses with oxc-parser (TypeScript 5.x, our own dependency, where oxc's
 * binding is missing), never the project's TypeScript, so projects on
 * TypeScript 7 work. Deterministic: the same input and session options give
 * the same output, so with the session's transform cache a file seen before
 * is replayed (report entries included) without parsing.
 *
 * @param code the module's source text (TypeScript, JSX or JavaScript)
 * @param file absolute path of the module (a query string is ignored)
 * @param internal test hooks (an integrity-checking edit layer)
 * @returns undefined when there is nothing to change or report
 */
export function transformSource(code: string, file: string, session: BuildSession, internal?: TransformSourceHooks): TransformSourceResult | undefined {
  const fileName = file.replace(/[?#].*$/, '');
  const ext = sourceExtension(fileName);
  if (!ext) return undefined;
  const reportName = projectPath(session, fileName);
  // A file that names no trigger may still call a method on an instance a project module exports:
  // decided from its imports' text now, confirmed by parsing those modules only on a cache miss.
  let candidates: string[] | undefined;
  if (!fileMayMatch(code, session.rules.triggers) && !functionRulesCover(session.rules, reportName)) {
    candidates = importPrefilter(session).candidates(code, fileName);
    if (candidates.length === 0) return noMatches(session, reportName);
  }
  if (isInstrumented(code)) return undefined; // already instrumented
  const cache = internal ? undefined : session.transformCache;
  const key = cache?.key(fileName, code);
  let outcome = key === undefined ? undefined : cache!.get(key);
  if (outcome && !stillValid(outcome, fileName, session)) outcome = undefined;
  if (outcome) {
    session.report.cachedFiles++;
  } else {
    if (candidates && !importPrefilter(session).confirmed(candidates)) return noMatches(session, reportName);
    outcome = computeOutcome({ code, fileName, ext, reportName, ...internal }, session);
    if (key !== undefined) cache!.set(key, outcome);
  }
  if (outcome.report) session.report.addFileReport(reportName, outcome.report);
  for (const w of outcome.reportWarnings) session.report.warn(w);
  const dependencies = outcome.dependencies.map(([file]) => file);
  return finish({ code: outcome.code ?? code, map: outcome.map, warnings: outcome.warnings, ...(dependencies.length ? { dependencies } : {}) }, session);
}

/** A cached outcome holds while every `versions` check it made still answers the same and the project modules it read are unchanged. */
function stillValid(outcome: FileOutcome, fileName: string, session: BuildSession): boolean {
  for (const [file, hash] of outcome.dependencies ?? []) if (fileHash(session, file) !== hash) return false;
  // The same installed version gives the same answer (the range is in the cache key): no semver needed.
  for (const check of outcome.versionChecks) {
    const rule = session.options.rules.find((r) => r.id === check.rule);
    if (!rule || (session.checkVersion.installed(rule, fileName) ?? null) !== check.version) return false;
  }
  return true;
}

function importPrefilter(session: BuildSession): ImportPrefilter {
  return (session.importPrefilter ??= new ImportPrefilter(projectModuleView(session), session.rules));
}

function noMatches(session: BuildSession, reportName: string): undefined {
  session.report.addFile(reportName, NO_MATCHES);
  return undefined;
}

function finish(result: TransformSourceResult, session: BuildSession): TransformSourceResult | undefined {
  if (result.warnings.length > 0 && session.options.strict) {
    throw TracewrightError.from(result.warnings.map((w): TracewrightProblem => ({
      file: w.file, ...(w.line === undefined ? {} : { line: w.line, column: w.column }), message: w.message.replace(/^\[tracewright\] /, ''),
    })));
  }
  return result.map === null && result.warnings.length === 0 && !result.dependencies ? undefined : result;
}
