/**
 * Small helpers of the packed-build tests: child processes with a clean npm environment,
 * memoised steps, files, and the README snippets a test pastes into an app.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const COMMAND_TIMEOUT = 5 * 60_000; // per child process (then killed)

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** This environment minus the `npm_*` variables of an enclosing `npm test` (they would steer child npm commands). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || keep.has(key.toLowerCase())));
  return { ...env, ...extra };
}

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(file: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: childEnv(extraEnv), maxBuffer: 64 << 20, timeout: COMMAND_TIMEOUT }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** {@link run}, rejecting with the output when the command fails. */
export async function mustRun(file: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(file, args, cwd);
  if (result.code !== 0) {
    throw new Error(`\`${basename(file)} ${args.join(' ')}\` in ${cwd} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** `make` runs once; every caller gets the same promise. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

export function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Version of `name` installed under `dir`/node_modules, or undefined. */
export function installedIn(dir: string, name: string): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

/** 1-based number of the first line of `source` containing `needle`. */
export function lineOf(source: string, needle: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

export function filesIn(dir: string, suffix: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(suffix)).sort();
}

/** The fenced code block of `readme` whose first line starts with `firstLine` (the block's text, fences excluded). */
export function readmeSnippet(readme: string, firstLine: string): string {
  const blocks = [...readFileSync(readme, 'utf8').matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const found = blocks.filter((block) => block.startsWith(firstLine));
  if (found.length !== 1) throw new Error(`${readme}: expected one code block starting with ${JSON.stringify(firstLine)}, found ${found.length}`);
  return found[0]!;
}
