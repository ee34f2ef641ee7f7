/**
 * `tracewright/rollup`: `plugins: [tracewright(), typescript()]` — put it
 * before the plugin that compiles TypeScript/JSX.
 */
import type { Plugin } from 'rollup';
import type { TracewrightPluginOptions } from './pluginState.js';
import { rollupStylePlugin } from './rollupPlugin.js';

export type { TracewrightPluginOptions } from './pluginState.js';

/** The tracewright rollup plugin. */
export default function tracewrightRollup(options?: TracewrightPluginOptions): Plugin {
  return rollupStylePlugin(options, 'rollup') as unknown as Plugin;
}
