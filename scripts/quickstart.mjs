// `npm run quickstart`: builds tracewright (unless dist/ is newer than its sources), then builds
// examples/quickstart with `tspc` exactly as a user project would (tracewright is linked into
// its node_modules the way `npm install` would place it) and runs it: the printed `span ...`
// lines come from calls the program itself never instrumented. Each step says what it does,
// and how long it took, since the first build takes a while.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples/quickstart');
const run = (...args) => execFileSync(process.execPath, args, { cwd: example, stdio: 'inherit' });

/** Runs `fn` after printing what it does; prints the time it took. */
function step(what, fn) {
  process.stdout.write(`[quickstart] ${what}...\n`);
  const start = performance.now();
  fn();
  process.stdout.write(`[quickstart] ${what}: done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

/** Newest (or oldest) modification time of the files under `paths`; undefined when there are none. */
function mtimes(paths, pick) {
  let out;
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
    else out = out === undefined ? stat.mtimeMs : pick(out, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return out;
}

// scripts/build.mjs empties both dist folders before writing them: their oldest file is the build's time.
const builtAt = mtimes(['dist', 'packages/runtime/dist'], Math.min);
const changedAt = mtimes(['src', 'scripts/build.mjs', 'scripts/buildDist.mjs', 'scripts/bundleEntries.mjs', 'scripts/bundleRuntime.mjs',
  'tsconfig.json', 'tsconfig.build.json', 'package.json', 'packages/runtime/package.json', 'packages/runtime/tsconfig.build.json'], Math.max);
if (builtAt === undefined || !existsSync(join(root, 'packages/runtime/dist')) || changedAt === undefined || changedAt > builtAt) {
  step('building tracewright into dist/ and packages/runtime/dist/', () => run(join(root, 'scripts/build.mjs')));
} else {
  process.stdout.write('[quickstart] tracewright is built and up to date (dist/ is newer than src/)\n');
}
const link = join(example, 'node_modules/tracewright');
rmSync(link, { recursive: true, force: true });
mkdirSync(dirname(link), { recursive: true });
symlinkSync(root, link, 'dir');
step('compiling examples/quickstart with tspc (TypeScript with the tracewright/tsc plugin)', () =>
  run(createRequire(join(root, 'package.json')).resolve('ts-patch/bin/tspc.js'), '-p', '.'));
process.stdout.write('[quickstart] running examples/quickstart/out/main.js:\n');
run('out/main.js');
