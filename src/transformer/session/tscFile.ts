/**
 * The tsc path's per-file work, shared by the ts-patch entry (src/tsc.ts) and the CLI
 * (`tracewright report`/`diff`/`explain` on a tsconfig project), so both decide and write
 * exactly the same sites: which files are instrumented, the rules kept for the program, the
 * trigger prefilter, the matcher with the checker, and the tsc writer.
 */
import type * as ts from 'typescript';
import { fileMayMatch } from '../match/join/call.js';
import { projectPath } from '../match/join/context.js';
import { NO_MATCHES } from '../match/joinPoint.js';
import { matchCallSites, type MatchOptions } from '../match/matchCallSites.js';
import type { ExplainSink } from '../match/explain.js';
import { programPackages, rulesForProgram } from '../match/programPackages.js';
import { programSpecifierResolver } from '../match/resolveProjectSpecifier.js';
import { functionRulesCover, indexRules } from '../match/ruleIndex.js';
import { looksCommonJs } from '../parse/moduleFormat.js';
import { isIgnoredSkip } from './report.js';
import type { BuildSession } from './session.js';
import { buildSiteTable, isInstrumented } from '../write/siteTable.js';
import { writeWithTsFactory } from '../write/writeWithTsFactory.js';

/** Where the per-file work reports a problem in user code (tsc's diagnostics, or the CLI's list). */
export type TscWarn = (sf: ts.SourceFile | undefined, message: string, line?: number, column?: number) => void;

/** The tsc path for one program and build session. */
export interface TscProgramInstrumenter {
  /** Whether a file of the program is instrumented at all (not a declaration or library file, included by the options). */
  isInstrumentable(sf: ts.SourceFile): boolean;
  /** The matcher's inputs for a file, exactly as the transformer passes them. */
  matchOptions(sf: ts.SourceFile, explain?: ExplainSink): MatchOptions;
  /**
   * The transformer factory: each instrumentable file is matched, written, and recorded in the
   * session's report; `done` is called after each one (even when it failed).
   */
  transformer(warn: TscWarn, done?: (sf: ts.SourceFile) => void): ts.TransformerFactory<ts.SourceFile>;
}

/** Prepares the tsc path's per-file work for a program. */
export function createTscInstrumenter(t: typeof import('typescript'), program: ts.Program, session: BuildSession): TscProgramInstrumenter {
  const { report } = session;
  const compilerOptions = program.getCompilerOptions();
  // Method rules of packages this program never loads cannot match: leave them out of the prefilter.
  const kept = rulesForProgram(session.rules, programPackages(program));
  const rules = kept ? indexRules(kept) : session.rules;
  // Project-glob rules match a specifier by the file tsc resolved it to (paths, baseUrl, self-references).
  const specifiers = programSpecifierResolver(t, program);

  const isInstrumentable = (sf: ts.SourceFile): boolean => {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || program.isSourceFileDefaultLibrary(sf)) return false;
    if (/\.json$/.test(sf.fileName)) return false;
    // Idempotent: a file that already carries our site function is never instrumented twice.
    if (isInstrumented(sf.text)) return false;
    return session.options.isIncluded(sf.fileName);
  };
  const matchOptions = (sf: ts.SourceFile, explain?: ExplainSink): MatchOptions => ({
    ts: t, rules, checker: program.getTypeChecker(), fileName: sf.fileName, projectRoot: session.projectRoot, checkVersion: session.checkVersion, specifiers,
    ...(explain ? { explain } : {}),
  });

  const instrument = (context: ts.TransformationContext, sourceFile: ts.SourceFile, warn: TscWarn): ts.SourceFile => {
    const fileName = projectPath(session, sourceFile.fileName);
    // Fast path: a file whose text names no rule trigger (method name, package, global, directive) has no site.
    if (!fileMayMatch(sourceFile.text, rules.checkerTriggers) && !functionRulesCover(rules, fileName)) {
      report.addFile(fileName, NO_MATCHES);
      return sourceFile;
    }
    const result = matchCallSites(sourceFile, matchOptions(sourceFile));
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
  };

  return {
    isInstrumentable,
    matchOptions,
    transformer: (warn, done) => (context) => (sourceFile) => {
      if (!isInstrumentable(sourceFile)) return sourceFile;
      try {
        return instrument(context, sourceFile, warn);
      } catch (error) {
        // A file the matcher or writer cannot handle is emitted unchanged, never a crashed build.
        const message = `could not instrument this file, it is emitted unchanged: ${(error as Error)?.message ?? String(error)}`;
        const file = projectPath(session, sourceFile.fileName);
        report.addFile(file, NO_MATCHES);
        report.warn({ file, line: 1, column: 1, message });
        warn(sourceFile, message, 1, 1);
        return sourceFile;
      } finally {
        done?.(sourceFile);
      }
    },
  };
}

function isCommonJsOutput(sf: ts.SourceFile, options: ts.CompilerOptions, t: typeof import('typescript')): boolean {
  if (sf.impliedNodeFormat !== undefined) return sf.impliedNodeFormat === t.ModuleKind.CommonJS;
  const kind = options.module ?? t.ModuleKind.CommonJS;
  return kind === t.ModuleKind.CommonJS || kind === t.ModuleKind.UMD || kind === t.ModuleKind.AMD;
}
