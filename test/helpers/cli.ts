/**
 * The real `tracewright` binary, as a project runs it: `bin/tracewright.mjs` of
 * the test package (test/.tmp/node_modules/tracewright, built by `ensurePackage`),
 * spawned with `node` in a project directory.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePackage, PACKAGE_DIR, REPO, withLock } from '../bundlers/package.js';

/** What a command printed and its exit code. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Path of the test package's `bin/tracewright.mjs` (copied in: the package build has no bin). */
export async function cliBinary(): Promise<string> {
  await ensurePackage();
  const bin = join(PACKAGE_DIR, 'bin/tracewright.mjs');
  await withLock('package', async () => {
    if (!existsSync(bin)) cpSync(join(REPO, 'bin'), join(PACKAGE_DIR, 'bin'), { recursive: true });
  });
  return bin;
}

/** Runs `node <script> ...args` in `cwd`; never rejects (the exit code is part of the result). */
export function runNode(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...env, NODE_OPTIONS: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `tracewright ...args` in `cwd`. */
export async function runCli(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return runNode(await cliBinary(), args, cwd, env);
}
