/**
 * The unplugin factory without a bundler: which modules it takes
 * (node_modules excluded by default, `include` adding a package), the cache
 * key (rules and options, nothing else), the rule file watched, and option
 * errors reported through the host.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unpluginFactory, type TracewrightPluginOptions } from '../../src/plugins/unplugin.js';

const ROOT = join(process.cwd(), 'test/.tmp/plugin-unit');
mkdirSync(ROOT, { recursive: true });

type Hooks = {
  transformInclude(id: string): boolean;
  transform: { filter: { code?: { include: string[] } }; handler(this: unknown, code: string, id: string): { code: string; map: unknown } | undefined };
  buildStart(this: unknown): void;
};

function plugin(options: TracewrightPluginOptions = {}, framework = 'vite'): Hooks {
  return unpluginFactory({ root: ROOT, ...options }, { framework } as never) as unknown as Hooks;
}

describe('transformInclude', () => {
  test('project sources of every supported extension; node_modules, virtual modules and other files excluded', () => {
    const p = plugin();
    for (const ext of ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs']) expect(p.transformInclude(join(ROOT, `src/a.${ext}`)), ext).toBe(true);
    expect(p.transformInclude(join(ROOT, 'src/a.ts?v=123'))).toBe(true);
    expect(p.transformInclude(join(ROOT, 'node_modules/pg/lib/client.js'))).toBe(false);
    expect(p.transformInclude('\0virtual:thing.ts')).toBe(false);
    expect(p.transformInclude(join(ROOT, 'src/a.vue'))).toBe(false);
    expect(p.transformInclude(join(ROOT, 'src/a.d.ts'))).toBe(false);
  });

  test('`include` can add a package under node_modules without restating `exclude`', () => {
    const p = plugin({ include: ['src/**', 'node_modules/pg/**'] });
    expect(p.transformInclude(join(ROOT, 'node_modules/pg/lib/client.js'))).toBe(true);
    expect(p.transformInclude(join(ROOT, 'node_modules/mysql/index.js'))).toBe(false);
    expect(p.transformInclude(join(ROOT, 'test/a.ts'))).toBe(false);
  });

  test('an explicit `exclude` is taken as written', () => {
    const p = plugin({ include: ['src/**', 'node_modules/pg/**'], exclude: ['node_modules/**'] });
    expect(p.transformInclude(join(ROOT, 'node_modules/pg/lib/client.js'))).toBe(false);
  });
});

test('the trigger names become a native code filter (vite, rollup): no JavaScript call for files that cannot match', () => {
  expect(plugin().transform.filter.code?.include).toEqual(expect.arrayContaining(['fetch', "'node:http'", '"http"', '@span']));
  // A rule on every export of a project glob may match any file: no code filter.
  expect(plugin({ rules: [{ id: 'svc.all', join: 'call', module: './src/svc/**', export: '*' }] as never }).transform.filter.code).toBeUndefined();
});

describe('transform', () => {
  test('instruments, and watches the rule file so edits to it rebuild and invalidate caches', () => {
    writeFileSync(join(ROOT, 'rules.json'), JSON.stringify([{ id: 'db.query', join: 'call', module: 'db', export: 'query', span: { name: 'q' } }]));
    const p = plugin({ rules: 'rules.json' });
    const watched: string[] = [];
    const ctx = { addWatchFile: (f: string) => watched.push(f), warn: () => {}, error: (m: string) => { throw new Error(m); } };
    const out = p.transform.handler.call(ctx, `import { query } from 'db';\nquery('x');\n`, join(ROOT, 'src/a.ts'));
    expect(out?.code).toContain('__tw.call1(__tw_site(0), query, void 0, \'x\')');
    expect(watched).toEqual([join(ROOT, 'rules.json')]);
    expect(p.transform.handler.call(ctx, `export const a = 1;\n`, join(ROOT, 'src/b.ts'))).toBeUndefined();
  });

  test('warnings go through this.warn with the file and position', () => {
    const p = plugin();
    const warnings: unknown[] = [];
    const ctx = { addWatchFile: () => {}, warn: (w: unknown) => warnings.push(w), error: (m: string) => { throw new Error(m); } };
    p.transform.handler.call(ctx, `export const r = (globalThis?.fetch)?.('http://x');\n`, join(ROOT, 'src/c.ts'));
    expect(warnings).toEqual([expect.objectContaining({
      id: join(ROOT, 'src/c.ts'),
      loc: { file: join(ROOT, 'src/c.ts'), line: 1, column: 17 },
      message: expect.stringContaining('[tracewright] src/c.ts:1:18: rule fetch: site left uninstrumented: optional chaining'),
    })]);
  });
});

test('invalid options stop the build through this.error, naming the option', () => {
  const p = plugin({ strict: 'yes' as never });
  const errors: { message: string; stack?: string }[] = [];
  p.buildStart.call({ error: (m: { message: string; stack?: string }) => errors.push(m), warn: () => {} });
  // A log object without a stack: the host prints the message, not our plugin's frames.
  expect(errors).toEqual([{ message: expect.stringContaining('option "strict": expected a boolean, got a string'), stack: '' }]);
});

describe('cache key', () => {
  test('covers rules and options, and nothing else (folded into webpack\'s filesystem cache version)', () => {
    const key = (options: TracewrightPluginOptions) => {
      const webpackOptions = { module: { rules: [] as unknown[] }, cache: { type: 'filesystem', version: 'app-1' } };
      (unpluginFactory({ root: ROOT, ...options }, { framework: 'webpack' } as never) as { webpack(c: unknown): void })
        .webpack({ context: ROOT, options: webpackOptions });
      return webpackOptions.cache.version;
    };
    const base = key({});
    expect(base).toMatch(/^app-1\+tracewright-[0-9a-f]{16}$/);
    expect(key({})).toBe(base);
    expect(key({ disable: ['http.get'] })).not.toBe(base);
    expect(key({ rules: [{ id: 'x.y', join: 'call', module: 'x', export: 'y' }] as never })).not.toBe(base);
    expect(key({ include: ['src/**'] })).not.toBe(base);
    expect(key({ report: 'report.json' })).toBe(base);
  });
});

test('each build start reads the options again (a rule file edited between watch builds)', () => {
  const rules = (name: string) => writeFileSync(join(ROOT, 'rules-watch.json'), JSON.stringify([{ id: 'db.query', join: 'call', module: 'db', export: 'query', span: { name } }]));
  rules('first');
  const p = plugin({ rules: 'rules-watch.json', cache: false });
  const ctx = { addWatchFile: () => {}, warn: () => {}, error: (m: string) => { throw new Error(m); } };
  const code = `import { query } from 'db';\nquery('x');\n`;
  p.buildStart.call(ctx);
  expect(p.transform.handler.call(ctx, code, join(ROOT, 'src/w.ts'))?.code).toContain('\\"n\\":\\"first\\"');
  rules('second');
  p.buildStart.call(ctx);
  expect(p.transform.handler.call(ctx, code, join(ROOT, 'src/w.ts'))?.code).toContain('\\"n\\":\\"second\\"');
});
