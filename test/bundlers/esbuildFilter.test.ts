/**
 * The esbuild `onLoad` filter keeps node_modules files out of JavaScript entirely (esbuild
 * filters by path with Go regular expressions, which have no lookahead): a table of paths,
 * including the near misses, and a real esbuild build in which a bundled package's files never
 * reach the plugin while the project's files do.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { ANY_SOURCE, SOURCE_OUTSIDE_NODE_MODULES } from '../../src/plugins/esbuildFilter.js';
import { TMP } from './package.js';

test.each([
  ['/app/src/main.ts', true], ['/app/src/n.ts', true], ['/app/src/node_module.tsx', true], ['/app/node_modules.ts', true],
  ['/app/node_modulesx/y.ts', true], ['/x/nnode_modules/y.js', true], ['/n/no/node/node_module/x.mts', true], ['rel/x.cts', true],
  ['/app/node_modules/pg/index.js', false], ['/app//node_modules/x.js', false], ['/app/n/node_modules/y.js', false],
  ['C:/p/node_modules/q.cjs', false], ['/node_modules/a.ts', false], ['/app/src/readme.md', false],
] as const)('%s: %s', (path, expected) => {
  expect(SOURCE_OUTSIDE_NODE_MODULES.test(path)).toBe(expected);
  if (expected) expect(ANY_SOURCE.test(path)).toBe(true);
});

test('esbuild compiles the filter and never calls onLoad for a bundled package', async () => {
  const dir = join(TMP, 'esbuild-filter');
  mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/dep/index.js'), 'module.exports = 1;\n');
  writeFileSync(join(dir, 'main.ts'), "import dep from 'dep';\nconsole.log(dep);\n");
  const seen: string[] = [];
  await build({
    absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, write: false, logLevel: 'silent',
    plugins: [{ name: 'probe', setup: (b) => b.onLoad({ filter: SOURCE_OUTSIDE_NODE_MODULES }, (args) => { seen.push(args.path); return undefined; }) }],
  });
  expect(seen).toEqual([join(dir, 'main.ts')]);
});
