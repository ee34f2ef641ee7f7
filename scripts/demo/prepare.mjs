// Getting the demo built: tracewright's own dist (only when missing or older
// than its sources), tracewright linked into examples/demo/node_modules the way
// `npm install` would place it, then the demo's own build script.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Newest modification time of the files under `dir` (0 when there are none). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why the repository's dist must be (re)built, or undefined when it is current. */
export function distProblem(root) {
  const marks = [join(root, 'dist/esm/plugins/esbuild.js'), join(root, 'dist/esm/waterfall/renderTerminal.js'), join(root, 'packages/runtime/dist/cjs/index.js')];
  const missing = marks.find((file) => !existsSync(file));
  if (missing) return 'dist is missing';
  const built = Math.min(...marks.map((file) => statSync(file).mtimeMs));
  return newestMtime(join(root, 'src')) > built ? 'src/ changed since the last build' : undefined;
}

/** Runs a node script, its output forwarded through `write`; rejects with that output on failure. */
export function runNode(args, { cwd, write }) {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, args, { cwd, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 64 << 20 }, (error) => (error ? reject(error) : resolve()));
    const forward = (chunk) => {
      for (const line of String(chunk).split('\n')) if (line !== '') write(`  ${line}\n`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
  });
}

/** Links the repository into `example/node_modules/tracewright` (replacing what was there). */
export function linkTracewright(root, example) {
  const link = join(example, 'node_modules/tracewright');
  if (existsSync(link) && lstatSync(link).isSymbolicLink()) return;
  rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(root, link, 'dir');
}
