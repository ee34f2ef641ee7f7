/**
 * The real `tracewright` binary (bin/tracewright.mjs → dist/cjs/cli/main.js),
 * built first when dist/ is missing or older than a source file, under the
 * lock the package builds share.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO, withLock } from '../bundlers/package.js';

const exec = promisify(execFile);
export const BIN = join(REPO, 'bin/tracewright.mjs');
const BUILT = join(REPO, 'dist/cjs/cli/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is stale. */
export async function ensureCli(): Promise<void> {
  await withLock('dist', async () => {
    if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(join(REPO, 'src'))) return;
    await exec(process.execPath, [join(REPO, 'scripts/build.mjs'), '--tool-only'], { cwd: REPO });
  });
}

/** Runs the binary; never rejects: the exit code is part of the result. */
export async function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
