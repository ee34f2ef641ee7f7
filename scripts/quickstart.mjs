// `npm run quickstart`: builds tracewright, then builds examples/quickstart with
// `tspc` exactly as a user project would (tracewright is linked into its
// node_modules the way `npm install` would place it) and runs it: the printed
// `span ...` lines come from calls the program itself never instrumented.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples/quickstart');
const run = (...args) => execFileSync(process.execPath, args, { cwd: example, stdio: 'inherit' });

run(join(root, 'scripts/build.mjs'));
const link = join(example, 'node_modules/tracewright');
rmSync(link, { recursive: true, force: true });
mkdirSync(dirname(link), { recursive: true });
symlinkSync(root, link, 'dir');
run(createRequire(join(root, 'package.json')).resolve('ts-patch/bin/tspc.js'), '-p', '.');
run('out/main.js');
