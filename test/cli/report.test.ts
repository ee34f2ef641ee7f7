// `tracewright report` through the real binary: a tsconfig project (the checker decides), a
// project without one (the bundler path) and a package outside a rule's version range.
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBinary, installOldPg, runCli } from './binary.js';

let bin: string;
beforeAll(async () => {
  installOldPg();
  bin = await cliBinary();
}, 600_000);

describe('tracewright report', () => {
  it('lists matched sites, your unmatched rules apart from the built-in ones, and warnings (tsconfig project)', async () => {
    const { stdout, stderr, code } = await runCli(bin, 'tsc-app', ['report']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // The local `fetch` of src/http.ts:8 and `cache.query` (a Cache, not a pg client) are not sites.
    expect(stdout).toContain([
      'Instrumented sites (3):', '  src/cache.ts:11:44  cache.lookup', '  src/db.ts:6:24  pg.query', '  src/http.ts:2:26  fetch',
      'Skipped sites (0):', '  (none)',
      'Your rules that matched nothing (1):', '  billing.charge (from tracewright.rules.json)',
      'Built-in rules that matched nothing (',
    ].join('\n'));
    const builtin = stdout.slice(stdout.indexOf('Built-in rules'), stdout.indexOf('Warnings'));
    expect(builtin).toContain('pg.connect');
    expect(builtin).not.toMatch(/(?<=[\s,])(pg\.query|fetch|billing\.charge)(?=,|\n)/);
    expect(stdout).toContain('Warnings (1):\n  rule billing.charge (from tracewright.rules.json) matched nothing in this build\n');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('[tracewright] 3 sites instrumented in 3 of 3 files; 0 skipped; 1 warning');
  });

  it('--strict exits 1 when one of your rules matched nothing; --json prints the report option\'s JSON', async () => {
    expect((await runCli(bin, 'tsc-app', ['report', '--strict'])).code).toBe(1);
    const { stdout, code } = await runCli(bin, 'tsc-app', ['report', '--json', '-p', 'tsconfig.json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['version', 'files', 'instrumentedFiles', 'matched', 'skipped', 'unmatchedRules', 'warnings']);
    expect(json.matched).toEqual([
      { rule: 'cache.lookup', file: 'src/cache.ts', line: 11, column: 44 },
      { rule: 'pg.query', file: 'src/db.ts', line: 6, column: 24 },
      { rule: 'fetch', file: 'src/http.ts', line: 2, column: 26 },
    ]);
    expect(json.unmatchedRules).toContain('billing.charge');
    expect(json.warnings).toEqual([{ rule: 'billing.charge', message: 'rule billing.charge (from tracewright.rules.json) matched nothing in this build' }]);
  });

  it('uses the bundler path without a tsconfig: include/exclude select files, disabled rules do not match', async () => {
    const { stdout, code } = await runCli(bin, 'bundler-app', ['report', '--strict']);
    // src/generated/** is excluded; http.get is disabled; built-in rules matching nothing do not fail --strict.
    expect(stdout).toContain('Instrumented sites (1):\n  src/app.mjs:4:26  fetch\nSkipped sites (0):');
    expect(stdout).toContain('Your rules that matched nothing (0):');
    expect(stdout).not.toMatch(/\bhttp\.get\b/);
    expect(code).toBe(0);
  });

  it('reports a site whose package version is out of range as skipped, and --strict fails on it', async () => {
    const plain = await runCli(bin, 'old-pg', ['report']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Skipped sites (1):\n  src/query.js:4:23  pg.query: installed pg@7.4.0 does not satisfy ">=8 <9"\n');
    expect((await runCli(bin, 'old-pg', ['report', '--strict'])).code).toBe(1);
  });

  it('exits 2 with the usage on a usage error, 1 on a missing tsconfig', async () => {
    const bad = await runCli(bin, 'tsc-app', ['report', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^tracewright report: Unknown option '--bogus'\nUsage: tracewright report \[-p tsconfig.json\] \[--json\] \[--strict\]\n/);
    const missing = await runCli(bin, 'tsc-app', ['report', '-p', 'nope.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^tracewright report: \[tracewright\] \S+\/tsc-app\/nope\.json: no such file\n$/);
  });
});
