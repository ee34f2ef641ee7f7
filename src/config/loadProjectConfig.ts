/**
 * Where a project's tracewright options live, for the CLI (the plugins read the
 * same files through the same {@link withConfigFile}): the tsconfig's
 * `plugins[]` entry whose `transform` is `tracewright/tsc`, laid key by key over
 * the `tracewright.config.{json,mjs,ts}` of the project root. Shared contract:
 * the CLI commands call only this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TracewrightOptions } from '../options.js';
import { TS_PATCH_KEYS } from '../options.js';
import { TracewrightError } from '../errors.js';
import { withConfigFile } from './configFile.js';

export { CONFIG_FILE_NAMES } from './configFile.js';

/** The options of one project and where they were written. */
export interface ProjectConfig {
  /** The options as written (not validated: `createBuildSession` validates them). */
  options: TracewrightOptions;
  /**
   * The file holding them (absolute): the tsconfig when its plugin entry sets
   * options, else the `tracewright.config.*`, else the tsconfig (or where a
   * `tracewright.config.json` would be).
   */
  configFile: string;
  /**
   * Options written in another file than `configFile`: option name → absolute
   * file. Pass it on as `createBuildSession`'s `optionFiles` so messages name
   * the right file.
   */
  optionFiles: Record<string, string>;
  /** Absolute project root: globs, `report` and rule file paths are relative to it. */
  projectRoot: string;
  /** The tsconfig the project compiles with, when there is one (absolute). */
  tsconfig?: string;
}

/**
 * The options of the project at `dir` (or of the tsconfig `tsconfigPath`,
 * when given). Throws TracewrightError when a named file does not exist or
 * cannot be parsed, or when the project root holds two config files. A project
 * with no options at all gets `{}`: the built-in catalog with defaults.
 */
export function loadProjectConfig(dir: string, tsconfigPath?: string): ProjectConfig {
  const tsconfig = tsconfigPath ? resolve(dir, tsconfigPath) : existsSync(join(dir, 'tsconfig.json')) ? join(dir, 'tsconfig.json') : undefined;
  if (tsconfigPath && !existsSync(tsconfig!)) throw new TracewrightError(`${tsconfig}: no such file`, { file: tsconfig });
  const projectRoot = tsconfig ? dirname(tsconfig) : resolve(dir);
  const entry = tsconfig ? pluginEntry(tsconfig) : undefined;
  const merged = withConfigFile(entry ?? {}, projectRoot);
  const configFile = (entry && Object.keys(entry).length > 0 ? tsconfig : merged.configFile) ?? tsconfig ?? join(projectRoot, 'tracewright.config.json');
  const optionFiles = Object.fromEntries(Object.entries(merged.optionFiles).filter(([, file]) => file !== configFile));
  return { options: merged.options as TracewrightOptions, configFile, optionFiles, projectRoot, tsconfig };
}

/** The tracewright options of a tsconfig's plugin entry, without ts-patch's own keys. */
function pluginEntry(tsconfig: string): Record<string, unknown> | undefined {
  const parsed = readJson(tsconfig) as { compilerOptions?: { plugins?: { transform?: string }[] } };
  const entry = parsed.compilerOptions?.plugins?.find((p) => p.transform === 'tracewright/tsc') as Record<string, unknown> | undefined;
  if (!entry) return undefined;
  return Object.fromEntries(Object.entries(entry).filter(([key]) => !(TS_PATCH_KEYS as readonly string[]).includes(key)));
}

function readJson(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    // tsconfig files allow comments and trailing commas.
    return JSON.parse(text.replace(/\/\*[\s\S]*?\*\/|(^|[^:"'])\/\/.*$/gm, '$1').replace(/,(\s*[}\]])/g, '$1'));
  } catch (error) {
    throw new TracewrightError(`${file}: not valid JSON: ${(error as Error).message}`, { file });
  }
}
