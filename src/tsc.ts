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
import { createBuildSession, type BuildSession } from './transformer/session/session.js';
import { createTscInstrumenter } from './transformer/session/tscFile.js';

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
    session = createBuildSession(pluginConfig ?? {}, { configFile, projectRoot, ignoreKeys: TS_PATCH_KEYS });
  } catch (error) {
    if (!(error instanceof TracewrightError)) throw error;
    extras.addDiagnostic({ category: t.DiagnosticCategory.Error, code: CODE_CONFIG, file: undefined, start: undefined, length: undefined, messageText: error.message });
    skipThisEmit(compilerOptions);
    return () => (sf) => sf;
  }
  const { options, report } = session;
  const files = createTscInstrumenter(t, program, session);
  const warn = createWarner(t, extras, options.strict);
  for (const message of session.startWarnings) warn(undefined, message);
  const pending = new Set(program.getSourceFiles().filter((sf) => files.isInstrumentable(sf)).map((sf) => sf.fileName));
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

  return files.transformer(warn, (sourceFile) => {
    pending.delete(sourceFile.fileName);
    if (pending.size === 0) flush();
  });
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
