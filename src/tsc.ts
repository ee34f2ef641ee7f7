/**
 * `tracewright/tsc`: the ts-patch entry. In tsconfig:
 * `"plugins": [{ "transform": "tracewright/tsc", ...options }]`, build with `tspc`.
 *
 * Uses the `ts` namespace ts-patch hands over (never a second copy of
 * TypeScript: SyntaxKind numbers differ between versions).
 */
import { dirname, relative, resolve } from 'node:path';
import type * as ts from 'typescript';
import { TracewrightError } from './errors.js';
import { TS_PATCH_KEYS } from './options.js';
import { withConfigFile } from './config/configFile.js';
import { fileMayMatch } from './transformer/match/join/call.js';
import { NO_MATCHES } from './transformer/match/joinPoint.js';
import { matchCallSites } from './transformer/match/matchCallSites.js';
import { programPackages, rulesForProgram } from './transformer/match/programPackages.js';
import { functionRulesCover, indexRules } from './transformer/match/ruleIndex.js';
import { programSpecifierResolver } from './transformer/match/resolveProjectSpecifier.js';
import { looksCommonJs } from './transformer/parse/moduleFormat.js';
import { isIgnoredSkip } from './transformer/session/report.js';
import { createBuildSession, type BuildSession } from './transformer/session/session.js';
import { buildSiteTable, isInstrumented } from './transformer/write/siteTable.js';
import { writeWithTsFactory } from './transformer/write/writeWithTsFactory.js';
import { projectPath } from './transformer/match/join/context.js';

/** What ts-patch passes as the third argument of a `program` transformer. */
export interface TsPatchExtras {
  ts: typeof import('typescript');
  addDiagnostic(diagnostic: ts.Diagnostic): number;
}

/** Diagnostic codes tracewright reports through tsc. */
const CODE_CONFIG = 99001;
const CODE_SITE = 99002;

/**
 * The ts-patch transformer factory. Invalid options or rules stop the build
 * with a tsc error naming the config file, rule id and field: nothing is
 * written (not even uninstrumented output, whatever `noEmitOnError` says) and
 * tsc exits non-zero.
 */
export default function tracewrightTsc(program: ts.Program, pluginConfig: Record<string, unknown> | undefined, extras: TsPatchExtras): ts.TransformerFactory<ts.SourceFile> {
  const t = extras.ts;
  const compilerOptions = program.getCompilerOptions();
  const configFile = typeof compilerOptions.configFilePath === 'string' ? compilerOptions.configFilePath : resolve(program.getCurrentDirectory(), 'tsconfig.json');
  const projectRoot = dirname(configFile);
  let session: BuildSession;
  try {
    // The project's tracewright.config.* under the tsconfig entry's options, key by key.
    const merged = withConfigFile(pluginConfig ?? {}, projectRoot);
    session = createBuildSession(merged.options, { configFile, projectRoot, ignoreKeys: TS_PATCH_KEYS, optionFiles: merged.optionFiles });
  } catch (error) {
    if (!(error instanceof TracewrightError)) throw error;
    extras.addDiagnostic({ category: t.DiagnosticCategory.Error, code: CODE_CONFIG, file: undefined, start: undefined, length: undefined, messageText: error.message });
    skipThisEmit(compilerOptions);
    return () => (sf) => sf;
  }
  const { options, report } = session;
  // Method rules of packages this program never loads cannot match: leave them out of the prefilter.
  const kept = rulesForProgram(session.rules, programPackages(program));
  const rules = kept ? indexRules(kept) : session.rules;
  const warn = createWarner(t, extras, options.strict);
  for (const message of session.startWarnings) warn(undefined, message);
  // Project-glob rules match a specifier by the file tsc resolved it to (paths, baseUrl, self-references).
  const specifiers = programSpecifierResolver(t, program);
  const pending = new Set(program.getSourceFiles().filter((sf) => isInstrumentable(sf, program, session)).map((sf) => sf.fileName));
  let flushed = false;

  /** End of build: every file we expected has gone through the transformer (or the process exits, in watch/partial emits). */
  const flush = () => {
    if (flushed) return;
    flushed = true;
    flushAtExit.delete(flush);
    for (const rule of report.unmatchedUserRules()) warn(undefined, `rule ${rule.id} (from ${rule.source}) matched nothing in this build`);
    if (options.reportPath) report.write(options.reportPath);
    process.stderr.write(report.summary(options.reportPath && relative(projectRoot, options.reportPath)) + '\n');
  };
  onExit(flush);
  // Nothing to instrument at all: the build is over as far as we are concerned.
  if (pending.size === 0) flush();

  return (context) => (sourceFile) => {
    if (!isInstrumentable(sourceFile, program, session)) return sourceFile;
    try {
      return instrument(context, sourceFile);
    } catch (error) {
      // A file the matcher or writer cannot handle is emitted unchanged, never a crashed build.
      const message = `could not instrument this file, it is emitted unchanged: ${(error as Error)?.message ?? String(error)}`;
      const file = projectPath(session, sourceFile.fileName);
      report.addFile(file, NO_MATCHES);
      report.warn({ file, line: 1, column: 1, message });
      warn(sourceFile, message, 1, 1);
      return sourceFile;
    } finally {
      pending.delete(sourceFile.fileName);
      if (pending.size === 0) flush();
    }
  };

  function instrument(context: ts.TransformationContext, sourceFile: ts.SourceFile): ts.SourceFile {
    const fileName = projectPath(session, sourceFile.fileName);
    // Fast path: a file whose text names no rule trigger (method name, package, global, directive) has no site.
    if (!fileMayMatch(sourceFile.text, rules.checkerTriggers) && !functionRulesCover(rules, fileName)) {
      report.addFile(fileName, NO_MATCHES);
      return sourceFile;
    }
    const result = matchCallSites(sourceFile, {
      ts: t, rules, checker: program.getTypeChecker(), fileName: sourceFile.fileName, projectRoot, checkVersion: session.checkVersion, specifiers,
    });
    // A file without import/export is a script: it gets a require when its output is CommonJS, or
    // when it is itself CommonJS (an `import` would turn it into an ES module that still calls require).
    const useRequire = !t.isExternalModule(sourceFile) &&
      (isCommonJsOutput(sourceFile, compilerOptions, t) || looksCommonJs(sourceFile.text));
    const written = writeWithTsFactory(sourceFile, {
      ts: t, context, joinPoints: result.joinPoints, sites: buildSiteTable(result.joinPoints, fileName), useRequire,
    });
    // Recorded once written: a file the writer gave up on is reported as such, not as instrumented.
    report.addFile(fileName, result);
    for (const d of result.diagnostics) warn(sourceFile, d.message, d.line, d.column);
    for (const s of result.skipped) {
      if (isIgnoredSkip(s.reason)) continue;
      warn(sourceFile, `${s.ruleId ? `rule ${s.ruleId}: ` : ''}site left uninstrumented: ${s.reason}`, s.line, s.column);
    }
    return written;
  }
}

/**
 * Makes the emit that is about to start write nothing. ts-patch creates the transformers
 * (calling our factory) right before it calls the program's own `emit`, whose first step is
 * `noEmit`: set here, it skips every file; reset once that emit has returned (emits are
 * synchronous), so a later emit of the same options object (watch mode) is not affected.
 */
function skipThisEmit(options: ts.CompilerOptions): void {
  if (options.noEmit) return;
  options.noEmit = true;
  process.nextTick(() => { delete options.noEmit; });
}

/**
 * Builds whose emit never reaches every file (watch mode, partial emits) report at process exit.
 * One listener for all of them, so watch rebuilds do not pile up exit listeners.
 */
const flushAtExit = new Set<() => void>();
let exitHooked = false;
function onExit(flush: () => void): void {
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => { for (const f of [...flushAtExit]) f(); });
  }
  flushAtExit.add(flush);
}

function isInstrumentable(sf: ts.SourceFile, program: ts.Program, session: BuildSession): boolean {
  if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || program.isSourceFileDefaultLibrary(sf)) return false;
  if (/\.json$/.test(sf.fileName)) return false;
  // Idempotent: a file that already carries our site function is never instrumented twice.
  if (isInstrumented(sf.text)) return false;
  return session.options.isIncluded(sf.fileName);
}

function isCommonJsOutput(sf: ts.SourceFile, options: ts.CompilerOptions, t: typeof import('typescript')): boolean {
  if (sf.impliedNodeFormat !== undefined) return sf.impliedNodeFormat === t.ModuleKind.CommonJS;
  const kind = options.module ?? t.ModuleKind.CommonJS;
  return kind === t.ModuleKind.CommonJS || kind === t.ModuleKind.UMD || kind === t.ModuleKind.AMD;
}

/**
 * Warnings go to stderr in tsc's own `file(line,col): warning` format — tsc
 * fails a build on any diagnostic it is handed, whatever its category — and
 * become tsc errors under `strict`.
 */
function createWarner(t: typeof import('typescript'), extras: TsPatchExtras, strict: boolean) {
  return (sf: ts.SourceFile | undefined, message: string, line?: number, column?: number) => {
    const text = `[tracewright] ${message}`;
    if (strict) {
      const start = sf && line ? sf.getPositionOfLineAndCharacter(line - 1, (column ?? 1) - 1) : undefined;
      extras.addDiagnostic({ category: t.DiagnosticCategory.Error, code: CODE_SITE, file: sf, start, length: start === undefined ? undefined : 0, messageText: text });
      return;
    }
    const where = sf ? `${sf.fileName}${line ? `(${line},${column ?? 1})` : ''}: ` : '';
    process.stderr.write(`${where}warning TW${CODE_SITE}: ${text}\n`);
  };
}
