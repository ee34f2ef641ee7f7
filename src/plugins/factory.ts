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
import { TracewrightError } from '../errors.js';
import { setupEsbuild } from './esbuildHost.js';
import { PluginState, type TracewrightPluginOptions } from './pluginState.js';
import { applyWebpackLike, type WebpackLikeCompiler } from './webpackHost.js';

export type { TracewrightPluginOptions } from './pluginState.js';

type HookContext = Partial<UnpluginBuildContext & UnpluginContext>;

function toError(message: string): Error {
  const error = new Error(message);
  error.name = 'TracewrightError';
  return error;
}

/** Warnings and errors through the host: `this.warn`/`this.error` where they exist, else the webpack-like compilation. */
function reporter(ctx: HookContext) {
  const native = ctx.getNativeBuildContext?.();
  const compilation = native && 'compilation' in native ? native.compilation as { warnings: Error[]; errors: Error[] } | undefined : undefined;
  return {
    warn: (message: string) => (ctx.warn ? ctx.warn(message) : compilation ? compilation.warnings.push(toError(message)) : process.stderr.write(message + '\n')),
    error: (message: string) => {
      if (ctx.error) ctx.error(message);
      else if (compilation) compilation.errors.push(toError(message));
      else throw new TracewrightError(message);
    },
  };
}

/** The unplugin factory (exported for hosts unplugin supports beyond the five entries). */
export const unpluginFactory: UnpluginFactory<TracewrightPluginOptions | undefined, false> = (rawOptions, meta) => {
  const state = new PluginState(rawOptions, meta.framework);
  const plugin: UnpluginOptions = {
    name: 'tracewright',
    enforce: 'pre',
    buildStart(this: HookContext) {
      try {
        const session = state.start();
        for (const message of session.startWarnings) reporter(this).warn(`[tracewright] ${message}`);
      } catch (error) {
        if (!(error instanceof TracewrightError)) throw error;
        reporter(this).error(error.message);
      }
    },
    buildEnd(this: HookContext) {
      state.finish(reporter(this));
    },
    watchChange() {
      state.changed();
    },
    vite: {
      configResolved(config: { root: string }) {
        if (!rawOptions?.root) state.root = config.root;
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
          const host = reporter(this);
          return state.transform(source, id, {
            warn: (w) => (this.warn ? this.warn({ message: w.message, id: w.file, ...(w.line ? { loc: { file: w.file, line: w.line, column: (w.column ?? 1) - 1 } } : {}) }) : host.warn(w.message)),
            error: host.error,
            watch: (file) => this.addWatchFile?.(file),
          });
        },
      };
    }
  }
  return plugin;
};
