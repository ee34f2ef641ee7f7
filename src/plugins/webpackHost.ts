/**
 * The webpack/rspack side of the plugin: a `pre` loader of our own (unplugin's
 * transform loader drops the source map when no earlier loader produced one),
 * and the rules and options folded into a persistent cache's version.
 */
import type { PluginState } from './pluginState.js';

type Hook = { tapPromise(name: string, fn: () => Promise<void>): void };

/** The part of a webpack or rspack compiler the plugin touches. @internal */
export interface WebpackLikeCompiler {
  context?: string;
  options: { module: { rules: unknown[] }; cache?: unknown };
  hooks?: { beforeRun: Hook; watchRun: Hook };
}

/**
 * Adds the loader rule. The loader module is CommonJS (webpack needs a path,
 * which it gets from `__filename`); it is imported when a build starts, so
 * that only webpack-like hosts load it.
 * @internal
 */
export function applyWebpackLike(compiler: WebpackLikeCompiler, state: PluginState): void {
  let loaderPath: string | undefined;
  const loadLoader = async () => {
    loaderPath ??= (await import('./webpackLoader.cjs')).default.path;
  };
  compiler.hooks?.beforeRun.tapPromise('tracewright', loadLoader);
  compiler.hooks?.watchRun.tapPromise('tracewright', loadLoader);
  compiler.options.module.rules.unshift({
    enforce: 'pre',
    use: (data: { resource?: string }) => data.resource && state.includes(data.resource)
      ? [{ loader: loaderPath, options: { host: state }, ident: 'tracewright' }]
      : [],
  });
  foldCacheVersion(compiler.options, state);
}

/**
 * Webpack's persistent cache keys modules by their source and loaders, not by
 * loader options: fold the rules and options into `cache.version` so a change
 * of rules never serves stale instrumented modules.
 */
function foldCacheVersion(options: { cache?: unknown }, state: PluginState): void {
  const cache = options.cache as { type?: string; version?: string } | undefined;
  if (!cache || typeof cache !== 'object' || (cache.type !== 'filesystem' && cache.type !== 'persistent')) return;
  try {
    cache.version = [cache.version, `tracewright-${state.cacheKey()}`].filter(Boolean).join('+');
  } catch {
    // invalid options: buildStart reports them
  }
}
