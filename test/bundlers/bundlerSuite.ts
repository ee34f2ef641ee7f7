/**
 * The shared body of the five real-build tests: build the app with the
 * plugin, run the bundle under Node, and compare with the references — the
 * program prints what the plain unbundled program prints, and the spans are
 * those of the unbundled program instrumented by `transformSource`. Then the
 * stack trace of an instrumented call that throws, run with
 * `--enable-source-maps`, points at the original file, line and column of the
 * call (the same line as the bundle built without the plugin).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ensureApp, PLUGIN_OPTIONS, THROW_SITE } from './app.js';
import { buildWith, type Bundler, type BuildReport } from './builders.js';
import { buildReferences, runApp, type AppRun } from './run.js';

/** The frame of `stack.ts`'s call in a stack trace: `src/stack.ts:5:5`. */
function callerFrame(stack: string): string | undefined {
  const frame = stack.split('\n').find((l) => l.includes('stackOf'));
  return /(src\/stack\.ts:\d+:\d+)/.exec(frame ?? '')?.[1];
}

/** Registers the real-build tests for one bundler. */
export function describeBundler(bundler: Bundler): void {
  describe(`${bundler} build with tracewright/${bundler}`, () => {
    let server: TestServer;
    let plain: AppRun;
    let reference: AppRun;
    let build: BuildReport;
    let withoutPlugin: BuildReport;

    beforeAll(async () => {
      server = await startTestServer();
      await ensureApp();
      const refs = await buildReferences();
      [plain, reference, build, withoutPlugin] = await Promise.all([
        runApp(refs.plain, server.url),
        runApp(refs.instrumented, server.url),
        buildWith(bundler, bundler, PLUGIN_OPTIONS),
        buildWith(bundler, `${bundler}-plain`, false),
      ]);
    });
    afterAll(async () => server?.close());

    test('the references are meaningful', () => {
      expect(plain.spans).toEqual([]);
      expect(plain.lines).toEqual(['<p>greet 200</p>', 'legacy 200', 'untraced 200', 'traced 200', 'later 200']);
      expect((reference.spans as { name: string }[]).map((s) => s.name)).toEqual(['greet', 'GET', 'GET', 'GET', 'POST']);
    });

    test('the bundle runs like the plain program, with the same spans as unbundled', async () => {
      expect(build.errors).toEqual([]);
      expect(build.ok).toBe(true);
      expect(build.warnings.filter((w) => w.includes('[tracewright]'))).toEqual([]);
      const bundled = await runApp(build.entry, server.url);
      expect(bundled.lines).toEqual(plain.lines);
      expect(bundled.spans).toEqual(reference.spans);
    });

    test('a stack trace through an instrumented call points at the original file, line and column', async () => {
      expect(withoutPlugin.errors).toEqual([]);
      const traced = await runApp(build.entry, server.url, { stack: true, sourceMaps: true });
      const untraced = await runApp(withoutPlugin.entry, server.url, { stack: true, sourceMaps: true });
      const expected = `${THROW_SITE.file}:${THROW_SITE.line}:${THROW_SITE.column}`;
      // Without the plugin, webpack-like bundlers rewrite `explode(…)` as `(0, m.explode)(…)`
      // and V8 then reports the parenthesis: same line, another column.
      expect(callerFrame(untraced.lines.join('\n')), 'the bundler\'s own map (no plugin)').toMatch(`${THROW_SITE.file}:${THROW_SITE.line}:`);
      expect(callerFrame(traced.lines.join('\n')), 'through the plugin\'s map').toBe(expected);
      expect((traced.spans as { name: string; status: number }[]).map((s) => [s.name, s.status])).toEqual([['risky', 2]]);
    });
  });
}
