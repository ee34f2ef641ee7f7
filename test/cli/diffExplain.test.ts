// `tracewright diff` and `tracewright explain` through the real binary, on the CLI fixture projects.
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBinary, installOldPg, runCli } from './binary.js';

let bin: string;
beforeAll(async () => {
  installOldPg();
  bin = await cliBinary();
}, 600_000);

describe('tracewright diff', () => {
  it('diffs tsc output without and with the transformer (tsconfig project), no colour off a TTY', async () => {
    const { stdout, code } = await runCli(bin, 'tsc-app', ['diff', 'src/db.ts']);
    expect(code).toBe(0);
    expect(stdout.startsWith('--- a/src/db.ts (tsc output)\n+++ b/src/db.ts (tsc output, instrumented)\n@@ ')).toBe(true);
    expect(stdout).toContain("\n-    const result = await client.query('select * from users');\n+    const result = await __tw.method1(__tw_site(0), client, \"query\", 'select * from users');\n");
    expect(stdout).toContain('\n const pg_1 = require("pg");\n');
    expect(stdout).not.toContain('\x1b[');
  });

  it('diffs the source and the bundler output without a tsconfig; a disabled rule leaves its call alone', async () => {
    const { stdout, code } = await runCli(bin, 'bundler-app', ['diff', 'src/app.mjs']);
    expect(code).toBe(0);
    expect(stdout).toContain('@@ -1,10 +1,12 @@\n');
    expect(stdout).toContain("-  const response = await fetch('http://127.0.0.1:9/ping');\n+  const response = await __tw.call1(__tw_site(0), fetch, void 0, 'http://127.0.0.1:9/ping');\n");
    expect(stdout).toContain("\n   return http.get('http://127.0.0.1:9/legacy');\n");
  });

  it('says "no change" and why, with exit 0', async () => {
    const excluded = await runCli(bin, 'bundler-app', ['diff', 'src/generated/client.mjs']);
    expect(excluded).toEqual({ code: 0, stderr: '', stdout: 'src/generated/client.mjs: no change (file excluded by the "exclude" glob "src/generated/**")\n' });
    const skipped = await runCli(bin, 'old-pg', ['diff', 'src/query.js']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toBe('src/query.js: no change (no rule matched a site in this file; `tracewright explain src/query.js:LINE` tells why)\n');
  });

  it('exits 2 without FILE and 1 for a file that does not exist', async () => {
    const usage = await runCli(bin, 'tsc-app', ['diff']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^tracewright diff: missing argument\nUsage: tracewright diff FILE/);
    const missing = await runCli(bin, 'tsc-app', ['diff', 'src/none.ts']);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'tracewright diff: [tracewright] src/none.ts: no such file\n' });
  });
});

describe('tracewright explain', () => {
  it('names the receiver type the checker found and the rule it wanted', async () => {
    const { stdout, code } = await runCli(bin, 'tsc-app', ['explain', 'src/cache.ts:11']);
    expect(code).toBe(0);
    expect(stdout).toBe([
      'src/cache.ts:11:20  cache.query(…)',
      '  pg.query (built-in): no match: receiver type is `Cache`; the rule wants `pg.Client` or `pg.Pool` or `pg.PoolClient`',
      'src/cache.ts:11:44  cache.lookup(…)',
      '  cache.lookup (from tracewright.rules.json): wrapped: matches `./src/cache.Cache`',
      '',
    ].join('\n'));
  });

  it('says when `fetch` is a local binding', async () => {
    const { stdout } = await runCli(bin, 'tsc-app', ['explain', 'src/http.ts:8']);
    expect(stdout).toContain('src/http.ts:8:10  fetch(…)\n  fetch (built-in): no match: `fetch` is a local binding here (declared at line 7), not the global `fetch`\n');
  });

  it('says when the installed package is outside the rule\'s range', async () => {
    const { stdout } = await runCli(bin, 'old-pg', ['explain', 'src/query.js:4']);
    expect(stdout).toBe('src/query.js:4:23  client.query(…)\n  pg.query (built-in): left alone: installed pg@7.4.0 does not satisfy ">=8 <9"\n');
  });

  it('names the exclude glob and the option "disable"', async () => {
    const excluded = await runCli(bin, 'bundler-app', ['explain', 'src/generated/client.mjs:1']);
    expect(excluded.stdout.split('\n')[0]).toBe('src/generated/client.mjs: file excluded by the "exclude" glob "src/generated/**": nothing in it is instrumented; the rules would decide as follows if it were included.');
    const disabled = await runCli(bin, 'bundler-app', ['explain', 'src/app.mjs:9']);
    expect(disabled.stdout).toContain('  http.get (built-in): disabled by the option "disable" (it would match: matches `get` exported by `http`)\n');
    expect(disabled.stdout).toContain('  https.get (built-in): no match: `get` comes from `http`; the rule wants `get` exported by `https`\n');
  });

  it('exits 2 without :LINE and 1 for a line past the end', async () => {
    const usage = await runCli(bin, 'old-pg', ['explain', 'src/query.js']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('tracewright explain: expected FILE:LINE, got "src/query.js"');
    expect(await runCli(bin, 'old-pg', ['explain', 'src/query.js:99'])).toEqual({ code: 1, stdout: '', stderr: 'tracewright explain: [tracewright] src/query.js:99: the file has 5 lines\n' });
  });
});
