import type MagicString from 'magic-string';
import type { SourceMap } from 'magic-string';
import { TracewrightError, type TracewrightProblem } from '../errors.js';
import { NO_MATCHES } from './joinPoint.js';
import { fileMayMatch } from './join/call.js';
import { projectPath } from './join/context.js';
import { matchCallSites } from './matchCallSites.js';
import type { BuildSession } from './session.js';
import { buildSiteTable, SITE_FUNCTION } from './siteTable.js';
import { parseSource, type SourceParser } from './parseSource.js';
import { writeWithMagicString } from './writeWithMagicString.js';
import { looksCommonJs } from './moduleFormat.js';

/** A problem in one file, for the host to print (`this.warn` in bundlers). */
export interface SourceWarning {
  /** Absolute path of the file. */
  file: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** One line, `[tracewright] `-prefixed. */
  message: string;
}

/** What {@link transformSource} did to one file. */
export interface TransformSourceResult {
  /** The instrumented code; the input unchanged when `map` is null. */
  code: string;
  /** Source map of the edits (high resolution); null when nothing changed. */
  map: SourceMap | null;
  /** Problems to report (none when the file is clean). */
  warnings: SourceWarning[];
}

/** Test hooks of {@link transformSource}. @internal */
export interface TransformSourceHooks {
  createMagicString?(code: string): MagicString;
  /** Parse with this parser (tests run every fixture through both). */
  parser?: SourceParser;
}

const EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']);


/** The file extension tracewright knows (`.ts`, …, `.cjs`) of a module id, or undefined. */
export function sourceExtension(file: string): string | undefined {
  const dot = file.lastIndexOf('.');
  if (dot < 0 || file.lastIndexOf('/') > dot || file.lastIndexOf('\\') > dot) return undefined;
  const ext = file.slice(dot).toLowerCase();
  return EXTENSIONS.has(ext) ? ext : undefined;
}

/**
 * The per-file entry every bundler plugin uses: matches one module's source
 * syntactically and spells its join points with the source writer.
 *
 * - Files whose text contains no rule trigger name are returned unparsed
 *   (`undefined`): the fast path that keeps bundler builds fast.
 * - Files already instrumented (by either writer) are left alone.
 * - A file that does not parse is left unchanged with a warning naming it.
 * - Under `strict`, any warning is thrown as a {@link TracewrightError}.
 *
 * Parses with oxc-parser (TypeScript 5.x, our own dependency, where oxc's
 * binding is missing), never the project's TypeScript, so projects on
 * TypeScript 7 work. Deterministic: the same input
 * and session options give the same output.
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
  if (!fileMayMatch(code, session.rules.triggers)) {
    session.report.addFile(reportName, NO_MATCHES);
    return undefined;
  }
  if (code.includes(`function ${SITE_FUNCTION}(`)) return undefined; // already instrumented
  const parsed = parseSource(code, fileName, ext, session.projectRoot, internal?.parser);
  const sourceFile = parsed.sourceFile;
  if (parsed.error) {
    const at = sourceFile.getLineAndCharacterOfPosition(parsed.error.position);
    const warning = { file: fileName, line: at.line + 1, column: at.character + 1,
      message: `[tracewright] ${reportName}:${at.line + 1}:${at.character + 1}: file left uninstrumented: it does not parse (${parsed.error.reason})` };
    session.report.warn({ file: reportName, line: warning.line, column: warning.column, message: warning.message });
    return finish({ code, map: null, warnings: [warning] }, session);
  }
  const result = matchCallSites(sourceFile, {
    ts: parsed.api, rules: session.rules, fileName, projectRoot: session.projectRoot, checkVersion: session.checkVersion,
    ...(parsed.comments ? { comments: parsed.comments } : {}),
  });
  session.report.addFile(reportName, result);
  const warnings: SourceWarning[] = [];
  const warn = (message: string, line: number, column: number) =>
    warnings.push({ file: fileName, line, column, message: `[tracewright] ${reportName}:${line}:${column}: ${message}` });
  for (const d of result.diagnostics) warn(d.message, d.line, d.column);
  for (const s of result.skipped) {
    if (!s.reason.startsWith('ignored by')) warn(`${s.ruleId ? `rule ${s.ruleId}: ` : ''}site left uninstrumented: ${s.reason}`, s.line, s.column);
  }
  if (result.joinPoints.length === 0) return finish({ code, map: null, warnings }, session);
  const useRequire = !parsed.isModule && isCommonJs(code, ext);
  const out = writeWithMagicString(code, {
    ts: parsed.api, joinPoints: result.joinPoints, sites: buildSiteTable(result.joinPoints, reportName), useRequire, sourceFile, fileName,
    ...(internal?.createMagicString ? { magicString: internal.createMagicString(code) } : {}),
  });
  return finish({ code: out.code, map: out.map, warnings }, session);
}

function finish(result: TransformSourceResult, session: BuildSession): TransformSourceResult | undefined {
  if (result.warnings.length > 0 && session.options.strict) {
    throw TracewrightError.from(result.warnings.map((w): TracewrightProblem => ({
      file: w.file, ...(w.line === undefined ? {} : { line: w.line, column: w.column }), message: w.message.replace(/^\[tracewright\] /, ''),
    })));
  }
  return result.map === null && result.warnings.length === 0 ? undefined : result;
}

/**
 * A file with no `import`/`export` loads the runtime with `require` when it is
 * CommonJS: it uses `require`/`module.exports`/`exports` (`.cjs`/`.cts` always do).
 * Adding an `import` to such a file would turn it into an ES module for the bundler.
 */
function isCommonJs(code: string, ext: string): boolean {
  if (ext === '.cjs' || ext === '.cts') return true;
  if (ext === '.mjs' || ext === '.mts') return false;
  return looksCommonJs(code);
}
