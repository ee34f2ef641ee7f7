/** `tracewright/webpack`: `plugins: [tracewright()]` in webpack.config (adds a `pre` loader). */
import type { WebpackPluginInstance } from 'webpack';
import { unplugin, type TracewrightPluginOptions } from './unplugin.js';

export type { TracewrightPluginOptions } from './unplugin.js';

/** The tracewright webpack plugin. */
export default function tracewrightWebpack(options?: TracewrightPluginOptions): WebpackPluginInstance {
  return unplugin.webpack(options);
}
