import type { TracewrightOptions } from '../options.js';

/**
 * Types the options of a `tracewright.config.ts` (or `.mjs`) and returns them
 * unchanged: `export default defineConfig({ rules: "./tracewright.rules.yaml" })`.
 * The same options as the tsconfig plugin entry and the bundler plugins take;
 * options written there override these key by key.
 */
export function defineConfig(options: TracewrightOptions): TracewrightOptions {
  return options;
}
