/**
 * The plugin for every bundler unplugin supports: {@link unpluginFactory}
 * wrapped by `createUnplugin`. The vite, rollup, webpack and rspack entries
 * use it; the esbuild entry adapts the same factory without loading unplugin.
 */
import { createUnplugin } from 'unplugin';
import { unpluginFactory } from './factory.js';

export { unpluginFactory } from './factory.js';
export type { TracewrightPluginOptions } from './pluginState.js';

/** The tracewright plugin, per bundler (`unplugin.vite(options)`, …). */
export const unplugin = /* #__PURE__ */ createUnplugin(unpluginFactory);
