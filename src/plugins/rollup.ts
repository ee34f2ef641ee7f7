/**
 * `tracewright/rollup`: `plugins: [tracewright(), typescript()]` — put it
 * before the plugin that compiles TypeScript/JSX.
 */
import type { Plugin } from 'rollup';
import { unplugin, type TracewrightPluginOptions } from './unplugin.js';

export type { TracewrightPluginOptions } from './unplugin.js';

/** The tracewright rollup plugin. */
export default function tracewrightRollup(options?: TracewrightPluginOptions): Plugin {
  return unplugin.rollup(options) as Plugin;
}
