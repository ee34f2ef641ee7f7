/**
 * Runs the real `tracewright` binary (bin/tracewright.mjs) against the CLI fixture projects.
 * The binary loads dist/: the test package build of the current sources (test/bundlers/package.ts,
 * rebuilt only when src/ changed) gets a copy of bin/ beside its dist/.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePackage, REPO, withLock } from '../bundlers/package.js';

export const PROJECTS = join(REPO, 'test/cli/projects');
const exec = promisify(execFile);

/** What one run printed and its exit code. */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Builds the package (when stale) and returns the path of its `bin/tracewright.mjs`. */
export async function cliBinary(): Promise<string> {
  const pkg = await ensurePackage();
  return withLock('package', async () => {
    cpSync(join(REPO, 'bin'), join(pkg, 'bin'), { recursive: true });
    return join(pkg, 'bin/tracewright.mjs');
  });
}

/** The `old-pg` project's `pg` 7.4.0: a package.json is all the version check reads (node_modules is not committed). */
export function installOldPg(): void {
  const dir = join(PROJECTS, 'old-pg/node_modules/pg');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pg', version: '7.4.0', main: 'index.js' }) + '\n');
}

/** Runs `tracewright ...args` in a fixture project (not a TTY: no colour). */
export async function runCli(bin: string, project: string, args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd: join(PROJECTS, project), env: { ...process.env, NO_COLOR: '' } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
