// Builds dist/cjs (every entry; ts-patch loads tracewright/tsc with require) and
// dist/esm (so the runtime loads natively from ESM output). Run by `prepack`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEntries } from './bundleEntries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const run = (...args) => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...args], { cwd: root, stdio: 'inherit' });
run();
run('--module', 'ESNext', '--moduleResolution', 'Bundler', '--outDir', 'dist/esm');
for (const [dir, type] of [['cjs', 'commonjs'], ['esm', 'module']]) {
  mkdirSync(join(root, 'dist', dir), { recursive: true });
  writeFileSync(join(root, 'dist', dir, 'package.json'), JSON.stringify({ type }) + '\n');
}

bundleEntries(join(root, 'dist'));
