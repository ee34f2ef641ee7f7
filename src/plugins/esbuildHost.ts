/**
 * The esbuild side of the plugin: one synchronous `onLoad` for source files.
 * Files left unchanged return nothing, so esbuild loads them itself; only
 * instrumented files (and files with warnings) come back as contents, with
 * the source map inlined for esbuild to chain. (unplugin's esbuild transform
 * reads every file asynchronously and hands every one back: about 4x the
 * plugin's own cost on a 400-module bundle.)
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Loader, Message, PartialMessage, PluginBuild } from 'esbuild';
import { TracewrightError, type TracewrightProblem } from '../errors.js';
import { sourceMapUrl } from '../transformer/session/transformSource.js';
import type { PluginState } from './pluginState.js';
import { ANY_SOURCE, SOURCE_OUTSIDE_NODE_MODULES } from './esbuildFilter.js';
import { lineTextAt, problemLocation, ruleMessageProblem } from './problemLocation.js';

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/**
 * A problem as esbuild prints its own: the message, then the file:line:col and
 * the line's text with a caret, never a stack. Paths are shown from the
 * working directory, as esbuild shows its own.
 */
function esbuildMessage(problem: TracewrightProblem, projectRoot: string, cwd: string): PartialMessage {
  const at = problemLocation(problem, projectRoot);
  const text = problem.message.startsWith('[tracewright] ') ? problem.message : `[tracewright] ${problem.message}`;
  return { text, location: at ? { file: relative(cwd, at.file), line: at.line, column: at.column - 1, lineText: at.lineText } : null };
}

/** Length of the name or property path starting at `column` (0-based) of `lineText`, for the caret's underline. */
function nameLength(lineText: string, column: number): number {
  return /^[\w$.#]*/.exec(lineText.slice(column))![0].length;
}

/** Registers the build start, the transform and the end-of-build report on an esbuild build. @internal */
export function setupEsbuild(build: PluginBuild, state: PluginState): void {
  const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
  // Invalid options and rules are returned as errors, not thrown: esbuild then prints them at the
  // rule file's line instead of its own main.js with the plugin's stack. Warnings returned here
  // and from onEnd go through esbuild's logger (printed at its default log level).
  build.onStart(() => {
    try {
      const session = state.start();
      return { warnings: session.startWarnings.map((message) => esbuildMessage(ruleMessageProblem(message), state.projectRoot(), cwd)) };
    } catch (error) {
      if (!(error instanceof TracewrightError)) throw error;
      return { errors: error.problems.map((problem) => esbuildMessage(problem, state.projectRoot(), cwd)) };
    }
  });
  // Without an include glob that adds packages, node_modules files never reach JavaScript.
  build.onLoad({ filter: state.includesPackages() ? ANY_SOURCE : SOURCE_OUTSIDE_NODE_MODULES }, (args) => {
    if (args.namespace !== 'file' || !state.includes(args.path)) return undefined;
    const code = readFileSync(args.path, 'utf8');
    const warnings: PartialMessage[] = [];
    const errors: PartialMessage[] = [];
    const watchFiles: string[] = [];
    const out = state.transform(code, args.path, {
      warn: (w) => warnings.push({ text: w.message, location: w.line ? sourceLocation(code, w.file, w.line, (w.column ?? 1) - 1, cwd) : null }),
      error: (text) => errors.push({ text }),
      watch: (file) => watchFiles.push(file),
    });
    if (!out && warnings.length === 0 && errors.length === 0) return undefined;
    const contents = out ? `${out.code}\n//# sourceMappingURL=${sourceMapUrl(out.map)}\n` : code;
    return { contents, loader: LOADERS[args.path.slice(args.path.lastIndexOf('.'))] ?? 'js', warnings, errors, watchFiles };
  });
  // esbuild logs what onEnd returns only for a context (watch, serve, rebuild); after a plain
  // build() it has printed its log already. So warnings are printed here, in esbuild's own format
  // and at its log level, and added to the result; errors are returned so that the build fails.
  build.onEnd(async (result) => {
    const warnings: PartialMessage[] = [];
    const errors: PartialMessage[] = [];
    let summary = '';
    state.finish({
      warn: (text) => warnings.push(esbuildMessage(ruleMessageProblem(text), state.projectRoot(), cwd)),
      error: (text) => errors.push(esbuildMessage(ruleMessageProblem(text), state.projectRoot(), cwd)),
      summary: (line) => (summary = line + '\n'),
    });
    if (warnings.length > 0) {
      const full = warnings.map((w) => ({ pluginName: 'tracewright', ...w })) as Message[];
      result.warnings.push(...full);
      if (printsWarnings(build.initialOptions.logLevel)) {
        const color = build.initialOptions.color ?? process.stderr.isTTY === true;
        process.stderr.write((await build.esbuild.formatMessages(full, { kind: 'warning', color })).join(''));
      }
    }
    process.stderr.write(summary);
    return errors.length > 0 ? { errors } : undefined;
  });
}

/** Whether esbuild prints warnings at `logLevel` (its default for builds is "warning"). */
function printsWarnings(logLevel: string | undefined): boolean {
  return logLevel === undefined || ['verbose', 'debug', 'info', 'warning'].includes(logLevel);
}

/** A source location with the line's text, so esbuild's snippet shows the code and underlines the call. */
function sourceLocation(code: string, file: string, line: number, column: number, cwd: string): PartialMessage['location'] {
  const lineText = lineTextAt(code, line);
  return { file: relative(cwd, file), line, column, lineText, length: nameLength(lineText, column) };
}
