/**
 * The one plugin factory behind `tracewright/vite`, `/esbuild`, `/rollup`,
 * `/webpack` and `/rspack`, in unplugin's format. Thin: every file goes
 * through `transformSource` (via {@link PluginState}); this module only wires
 * options, warnings, errors and the end-of-build report into each bundler.
 * esbuild and webpack/rspack get their own transform path (esbuildHost.ts,
 * webpackHost.ts) for speed and source maps; vite and rollup use the
 * `transform` hook. Imports only types from unplugin: the esbuild entry
 * adapts it without loading unplugin (unplugin.ts wraps it for the others).
 */
import type { UnpluginBuildContext, UnpluginContext, UnpluginFactory, UnpluginOptions } from 'unplugin';
import { relative } from 'node:path';
import { TracewrightError, type TracewrightProblem } from '../errors.js';
import { progressEvery, progressLine, reportWebpackProgress } from './progress.js';
import { codeFrame, problemLocation, ruleMessageProblem, type FileLocation } from './problemLocation.js';
import { setupEsbuild } from './esbuildHost.js';
import { PluginState, type TracewrightPluginOptions } from './pluginState.js';
import { applyWebpackLike, type WebpackLikeCompiler } from './webpackHost.js';

export type { TracewrightPluginOptions } from './pluginState.js';

type HookContext = Partial<UnpluginBuildContext & UnpluginContext>;

function toError(message: string, at?: FileLocation, root?: string): Error {
  // webpack prints no code frame for a compilation error: the line goes into the message.
  const error = new Error(at ? `${message}\n${codeFrame(at)}` : message) as Error & { hideStack?: boolean; file?: string; loc?: unknown };
  error.name = 'TracewrightError';
  if (at) {
    // What webpack and rspack print for a compilation error: "ERROR in rules.json 7:27", no stack.
    error.hideStack = true;
    error.file = root ? relative(root, at.file) : at.file;
    error.loc = { start: { line: at.line, column: at.column - 1 } }; // 0-based, as webpack's parsers give it
  }
  return error;
}

/** A rollup/vite log for `this.error`/`this.warn`: the file, line and column, a code frame, no stack of ours. */
function rollupLog(message: string, at: FileLocation | undefined) {
  if (!at) return { message, stack: '' };
  return { message, id: at.file, loc: { file: at.file, line: at.line, column: at.column - 1 }, frame: codeFrame(at), stack: '' };
}

/**
 * Warnings and errors through the host: `this.warn`/`this.error` where they exist, else the
 * webpack-like compilation. Messages about a rule or an option point at its file when it has one.
 */
function reporter(ctx: HookContext, root: string) {
  const native = ctx.getNativeBuildContext?.();
  const compilation = native && 'compilation' in native ? native.compilation as { warnings: Error[]; errors: Error[] } | undefined : undefined;
  return {
    warn: (message: string, problem: TracewrightProblem = ruleMessageProblem(message)) => {
      const at = problemLocation(problem, root);
      if (ctx.warn) ctx.warn(rollupLog(message, at) as never);
      else if (compilation) compilation.warnings.push(toError(message, at, root));
      else process.stderr.write(message + '\n');
    },
    error: (message: string, problem: TracewrightProblem = ruleMessageProblem(message)) => {
      const at = problemLocation(problem, root);
      if (ctx.error) ctx.error(rollupLog(message, at) as never);
      else if (compilation) compilation.errors.push(toError(message, at, root));
      else throw new TracewrightError(message);
    },
  };
}

/** The webpack or rspack compiler a hook runs for (undefined elsewhere). */
function nativeCompiler(ctx: HookContext): unknown {
  const native = ctx.getNativeBuildContext?.();
  return native && 'compiler' in native ? native.compiler : undefined;
}

/** The unplugin factory (exported for hosts unplugin supports beyond the five entries). */
export const unpluginFactory: UnpluginFactory<TracewrightPluginOptions | undefined, false> = (rawOptions, meta) => {
  const state = new PluginState(rawOptions, meta.framework);
  let logger: { info(message: string): void } | undefined; // vite's, for progress lines
  let loggedFiles = 0;
  const plugin: UnpluginOptions = {
    name: 'tracewright',
    enforce: 'pre',
    buildStart(this: HookContext) {
      loggedFiles = 0;
      try {
        const session = state.start();
        for (const message of session.startWarnings) reporter(this, state.projectRoot()).warn(`[tracewright] ${message}`);
      } catch (error) {
        if (!(error instanceof TracewrightError)) throw error;
        // One error per problem would stop rollup at the first; one message, located at the first.
        reporter(this, state.projectRoot()).error(error.message, error.problems[0]);
      }
    },
    buildEnd(this: HookContext) {
      reportWebpackProgress(nativeCompiler(this), 'writing the report');
      state.finish(reporter(this, state.projectRoot()));
    },
    watchChange(id: string) {
      state.changed(id);
    },
    vite: {
      configResolved(config: { root: string; logger?: { info(message: string): void } }) {
        if (!rawOptions?.root) state.root = config.root;
        logger = config.logger;
      },
    },
  };
  switch (meta.framework) {
    case 'esbuild':
      // Started and reported by setupEsbuild's onStart/onEnd, which return messages for esbuild to print.
      delete plugin.buildStart;
      delete plugin.buildEnd;
      plugin.esbuild = {
        config(options) {
          if (!rawOptions?.root && options.absWorkingDir) state.root = options.absWorkingDir;
        },
        setup: (build) => setupEsbuild(build, state),
      };
      break;
    case 'webpack':
    case 'rspack': {
      const apply = (compiler: WebpackLikeCompiler) => {
        if (!rawOptions?.root && compiler.context) state.root = compiler.context;
        applyWebpackLike(compiler, state);
      };
      plugin.webpack = apply as unknown as UnpluginOptions['webpack'];
      plugin.rspack = apply as unknown as UnpluginOptions['rspack'];
      break;
    }
    default: {
      plugin.transformInclude = (id) => state.includes(id);
      // The trigger names as a hook filter: vite (rolldown) and rollup >= 4.40 apply it
      // natively and never call into JavaScript for files that cannot match.
      const code = state.codeTriggers();
      plugin.transform = {
        filter: { id: { include: [/\.[cm]?[jt]sx?(?:$|\?)/] }, ...(code ? { code: { include: code } } : {}) },
        handler(this: HookContext, source: string, id: string) {
          const host = reporter(this, state.projectRoot());
          const out = state.transform(source, id, {
            warn: (w) => (this.warn ? this.warn({ message: w.message, id: w.file, ...(w.line ? { loc: { file: w.file, line: w.line, column: (w.column ?? 1) - 1 } } : {}) }) : host.warn(w.message)),
            error: host.error,
            watch: (file) => this.addWatchFile?.(file),
          });
          const progress = logger && state.progress();
          if (progress && progress.files >= loggedFiles + progressEvery()) {
            loggedFiles = progress.files;
            logger!.info(progressLine(progress));
          }
          return out;
        },
      };
    }
  }
  return plugin;
};
