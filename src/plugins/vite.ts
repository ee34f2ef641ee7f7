/**
 * `tracewright/vite`: `plugins: [tracewright()]` in vite.config (also picked
 * up by vitest). Runs before vite's own TypeScript/JSX transform.
 */
import { unplugin, type TracewrightPluginOptions } from './unplugin.js';

export type { TracewrightPluginOptions } from './unplugin.js';

/** The tracewright vite plugin. */
export default function tracewrightVite(options?: TracewrightPluginOptions): ReturnType<typeof unplugin.vite> {
  return unplugin.vite(options);
}
