/**
 * `tracewright/vite`: `plugins: [tracewright()]` in vite.config (also picked
 * up by vitest). Runs before vite's own TypeScript/JSX transform.
 */
// Type only: unplugin's name for vite's Plugin type, which resolves under every moduleResolution.
import type { VitePlugin } from 'unplugin';
import type { TracewrightPluginOptions } from './pluginState.js';
import { rollupStylePlugin } from './rollupPlugin.js';

export type { TracewrightPluginOptions } from './pluginState.js';

/** The tracewright vite plugin. */
export default function tracewrightVite(options?: TracewrightPluginOptions): VitePlugin {
  return rollupStylePlugin(options, 'vite') as unknown as VitePlugin;
}
