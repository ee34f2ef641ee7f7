/**
 * Runs the real `tracewright` binary (bin/tracewright.mjs) against the CLI fixture projects.
 * The binary loads dist/: the test package build of the current sources (test/bundlers/package.ts,
 * rebuilt only when src/ changed) gets a copy of bin/ beside its dist/.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ensurePackage, REPO, withLock } from '../bundlers/package.js';

export const PROJECTS = join(REPO, 'test/cli/projects');

/** What one run printed and its exit code (null: killed by a signal). */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number | null;
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

/** Runs `node <script> ...args` in `cwd` (not a TTY: no colour); never rejects: the exit code is part of the result. */
export function runNode(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...env, NODE_OPTIONS: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

/** Runs `tracewright ...args` in a fixture project of test/cli/projects, or in an absolute directory. */
export function runCli(bin: string, project: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runNode(bin, args, isAbsolute(project) ? project : join(PROJECTS, project), env);
}

/** Runs `tracewright ...args` in `cwd`, building the binary first when needed. */
export async function runTracewright(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runNode(await cliBinary(), args, cwd, env);
}
