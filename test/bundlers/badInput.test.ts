/**
 * Bad input through real builds: a module our parser rejects (a required
 * parameter after an optional one: a type error that esbuild strips
 * without complaint, but oxc-parser refuses) is passed through unchanged
 * with a warning naming it, and the build still succeeds (an error under
 * `strict`). Vite 8 parses with oxc itself, so a module we cannot parse
 * fails vite's own build first: it is checked with esbuild and webpack
 * (esbuild-loader). an invalid rule stops the build of
 * every bundler with that bundler's normal error, naming the rule and field.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildWith, type Bundler } from './builders.js';
import { ensurePackage, TMP } from './package.js';
import { run } from './run.js';

const DIR = join(TMP, 'bundlers/bad');
const FILES: Record<string, string> = {
  'src/main.ts': `import { old } from './old';\nconsole.log(old(undefined, 'function'));\n`,
  'src/old.ts': `export function old(prefix?: string, kind: string) {
  return (prefix ?? 'old') + ' ' + (typeof fetch === kind ? kind : 'none');
}
`,
};
const NOT_PARSED = '[tracewright] src/old.ts:1:38: file left uninstrumented: it does not parse (A required parameter cannot follow an optional parameter.)';

beforeAll(async () => {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(DIR, path)), { recursive: true });
    writeFileSync(join(DIR, path), text);
  }
  writeFileSync(join(DIR, 'package.json'), '{ "private": true }\n');
  await ensurePackage();
});

describe.each(['esbuild', 'webpack'] as const)('%s: a module that does not parse', (bundler) => {
  test('is bundled unchanged, with a warning naming it', async () => {
    const build = await buildWith(bundler, `${bundler}-unparsed`, {}, 'src/main.ts', DIR);
    expect(build.errors).toEqual([]);
    expect(build.warnings.join('\n')).toContain(NOT_PARSED);
    const { stdout } = await run(process.execPath, [build.entry], DIR);
    expect(stdout).toBe('old function\n');
  });

  test('stops the build under strict', async () => {
    const build = await buildWith(bundler, `${bundler}-unparsed-strict`, { strict: true }, 'src/main.ts', DIR);
    expect(build.ok).toBe(false);
    expect(build.errors.join('\n')).toContain(NOT_PARSED);
  });
});

const BAD_RULES = { rules: [{ id: 'db.query', join: 'call', module: 'db', export: 'query', span: { name: 'q', kind: 'sideways' } }] };

test.each(['esbuild', 'vite', 'rollup', 'webpack', 'rspack'] as Bundler[])('%s: an invalid rule stops the build, naming the rule and the field', async (bundler) => {
  const build = await buildWith(bundler, `${bundler}-bad-rule`, BAD_RULES, 'src/main.ts', DIR);
  expect(build.ok).toBe(false);
  const errors = build.errors.join('\n');
  expect(errors).toContain('[tracewright]');
  expect(errors).toMatch(/rule "db\.query".*field "span\.kind"/);
});
