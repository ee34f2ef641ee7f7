/**
 * `tracewright/esbuild`: `plugins: [tracewright()]` in esbuild's build options.
 *
 * The same factory as every other bundler (factory.ts), adapted here rather
 * than by unplugin: the factory's esbuild part already registers its own
 * `onLoad`, so unplugin would only add `onStart` — and ~50 ms of module
 * loading to every cold build, a quarter of a 300-module esbuild build.
 */
import type { Plugin } from 'esbuild';
import { unpluginFactory } from './factory.js';
import type { TracewrightPluginOptions } from './pluginState.js';

export type { TracewrightPluginOptions } from './pluginState.js';

/** The tracewright esbuild plugin. */
export default function tracewrightEsbuild(options?: TracewrightPluginOptions): Plugin {
  const plugin = unpluginFactory(options, { framework: 'esbuild' });
  return {
    name: plugin.name,
    setup(build) {
      plugin.esbuild?.config?.call(undefined as never, build.initialOptions);
      return plugin.esbuild?.setup?.(build);
    },
  };
}
