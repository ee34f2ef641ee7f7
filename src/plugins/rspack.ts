/** `tracewright/rspack`: `plugins: [tracewright()]` in rspack.config (adds a `pre` loader). */
import type { RspackPluginInstance } from '@rspack/core';
import { unplugin, type TracewrightPluginOptions } from './unplugin.js';

export type { TracewrightPluginOptions } from './unplugin.js';

/** The tracewright rspack plugin. */
export default function tracewrightRspack(options?: TracewrightPluginOptions): RspackPluginInstance {
  return unplugin.rspack(options);
}
