/**
 * `tracewright.config.{json,mjs,ts}`: finding the one in a project root, reading
 * it, and laying inline options (tsconfig plugin entry, bundler plugin call) over
 * it key by key. Read by the tsc plugin, the bundler plugins and the CLI alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TracewrightOptions } from '../options.js';
import { TracewrightError } from '../errors.js';
import { describe, isPlainObject } from '../rules/validateSpan.js';
import { evaluateConfig } from './evaluateConfig.js';

/** Config file names, in the order they are looked for (a root may hold only one). */
export const CONFIG_FILE_NAMES = ['tracewright.config.json', 'tracewright.config.mjs', 'tracewright.config.ts'] as const;

/** The config file of a project root, if any. @throws TracewrightError when there are several */
export function findConfigFile(projectRoot: string): string | undefined {
  const found = CONFIG_FILE_NAMES.map((name) => join(projectRoot, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    throw new TracewrightError(`${projectRoot}: found ${found.map((f) => f.slice(projectRoot.length + 1)).join(' and ')}; keep one tracewright config file`, { file: found[0] });
  }
  return found[0];
}

/** The options a config file exports. @throws TracewrightError naming the file */
export function readConfigFile(file: string): TracewrightOptions {
  let value: unknown;
  if (file.endsWith('.json')) {
    let text = readFileSync(file, 'utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new TracewrightError(`${file}: not valid JSON: ${(error as Error).message}; fix the JSON syntax`, { file });
    }
  } else {
    value = evaluateConfig(file);
  }
  if (!isPlainObject(value)) {
    const what = file.endsWith('.json') ? 'hold an object' : 'export an object as its default export';
    throw new TracewrightError(`${file}: a tracewright config file must ${what}, got ${describe(value)}; write e.g. export default defineConfig({ rules: "./tracewright.rules.yaml" })`, { file });
  }
  return value as TracewrightOptions;
}

/** Options from a config file with inline options over them, and which file each option came from. */
export interface MergedOptions {
  options: Record<string, unknown>;
  /** The config file, when there is one (absolute). */
  configFile?: string;
  /** Option name → file it was written in, for options of the config file that inline options did not replace. */
  optionFiles: Record<string, string>;
}

/**
 * Lays `inline` over the project root's config file, key by key: an inline key
 * replaces the file's key of the same name whole (`rules`, `include`, ... are
 * never concatenated); keys the inline options do not name come from the file.
 * @throws TracewrightError when the config file cannot be read
 */
export function withConfigFile(inline: Record<string, unknown>, projectRoot: string): MergedOptions {
  const configFile = findConfigFile(projectRoot);
  if (configFile === undefined) return { options: inline, optionFiles: {} };
  const options = { ...(readConfigFile(configFile) as Record<string, unknown>) };
  const optionFiles: Record<string, string> = {};
  for (const key of Object.keys(options)) optionFiles[key] = configFile;
  // `{ rules: undefined }` in a plugin call names no option: the file's stays.
  for (const [key, value] of Object.entries(inline)) {
    if (value === undefined) continue;
    options[key] = value;
    delete optionFiles[key];
  }
  return { options, configFile, optionFiles };
}
