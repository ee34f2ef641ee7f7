/**
 * Where a project's tracewright options live, for the CLI (and, through the
 * same function, the plugins): a `tracewright.config.*` file in the project
 * directory, else the tsconfig's `plugins[]` entry whose `transform` is
 * `tracewright/tsc`. Shared contract: the CLI commands call only this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TracewrightOptions } from '../options.js';
import { TracewrightError } from '../errors.js';

/** The options of one project and where they were written. */
export interface ProjectConfig {
  /** The options as written (not validated: `createBuildSession` validates them). */
  options: TracewrightOptions;
  /** The file holding them (absolute): a `tracewright.config.*` or the tsconfig. */
  configFile: string;
  /** Absolute project root: globs, `report` and rule file paths are relative to it. */
  projectRoot: string;
  /** The tsconfig the project compiles with, when there is one (absolute). */
  tsconfig?: string;
}

/** Config file names, in the order they are looked for. */
export const CONFIG_FILE_NAMES = ['tracewright.config.json'] as const;

/**
 * The options of the project at `dir` (or of the tsconfig `tsconfigPath`,
 * when given). Throws TracewrightError when a named file does not exist or
 * cannot be parsed. A project with no options at all gets `{}`: the built-in
 * catalog with defaults.
 */
export function loadProjectConfig(dir: string, tsconfigPath?: string): ProjectConfig {
  const tsconfig = tsconfigPath ? resolve(dir, tsconfigPath) : existsSync(join(dir, 'tsconfig.json')) ? join(dir, 'tsconfig.json') : undefined;
  if (tsconfigPath && !existsSync(tsconfig!)) throw new TracewrightError(`${tsconfig}: no such file`, { file: tsconfig });
  const projectRoot = tsconfig ? dirname(tsconfig) : resolve(dir);
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(projectRoot, name);
    if (existsSync(file)) return { options: readJson(file) as TracewrightOptions, configFile: file, projectRoot, tsconfig };
  }
  if (tsconfig) {
    const parsed = readJson(tsconfig) as { compilerOptions?: { plugins?: { transform?: string }[] } };
    const entry = parsed.compilerOptions?.plugins?.find((p) => p.transform === 'tracewright/tsc');
    if (entry) {
      const { transform: _t, ...options } = entry as Record<string, unknown>;
      return { options: options as TracewrightOptions, configFile: tsconfig, projectRoot, tsconfig };
    }
  }
  return { options: {}, configFile: tsconfig ?? join(projectRoot, 'tracewright.config.json'), projectRoot, tsconfig };
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
