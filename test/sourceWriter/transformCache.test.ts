/**
 * The bundler plugins' transform cache: a file seen before is replayed
 * (code, map, warnings and report entries identical to computing it), and
 * anything that could change the outcome misses: the text, the rules, a
 * `versions` answer. A corrupt entry is recomputed; an unwritable directory
 * only turns the cache off; old unused entries are pruned.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createBuildSession, type BuildSession } from '../../src/transformer/session/session.js';
import { openTransformCache } from '../../src/transformer/session/transformCache.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { unpluginFactory } from '../../src/plugins/unplugin.js';

const ROOT = join(process.cwd(), 'test/.tmp/transform-cache');
const CACHE = join(ROOT, 'cache');
const FILE = join(ROOT, 'src/app.ts');
const CODE = `import { query } from 'db';\nexport const rows = query('select 1');\nexport const r = (globalThis?.fetch)?.('http://x');\n`;
const RULES = [{ id: 'db.query', join: 'call', module: 'db', export: 'query', versions: '^1', span: { name: 'q' } }];

function installDb(version: string): void {
  mkdirSync(join(ROOT, 'node_modules/db'), { recursive: true });
  writeFileSync(join(ROOT, 'node_modules/db/package.json'), JSON.stringify({ name: 'db', version }));
}

function session(rules: unknown[] = RULES, extra: Record<string, unknown> = {}): BuildSession {
  const s = createBuildSession({ rules, ...extra }, { configFile: join(ROOT, 'vite plugin options'), projectRoot: ROOT });
  s.transformCache = openTransformCache(CACHE, `test\0${JSON.stringify({ rules, extra })}`);
  return s;
}

beforeEach(() => {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'src'), { recursive: true });
  installDb('1.2.0');
});

test('a file seen before is replayed: same code, map, warnings and report, counted as cached', () => {
  const first = session();
  const computed = transformSource(CODE, FILE, first);
  expect(computed?.code).toContain('__tw.call1(__tw_site(0), query, void 0, ');
  expect(first.report.cachedFiles).toBe(0);

  const second = session();
  const replayed = transformSource(CODE, FILE, second);
  expect(second.report.cachedFiles).toBe(1);
  expect(replayed).toEqual(computed);
  expect(second.report.toJSON()).toEqual(first.report.toJSON());
  // The skipped optional call is printed as a warning, from the cache too: counted as one.
  expect(replayed?.warnings).toHaveLength(1);
  expect(second.report.summary()).toBe('[tracewright] 1 site instrumented in 1 of 1 files; 1 skipped; 1 warning; 1 file from cache');
});

test('an entry really is what is replayed (a planted entry comes back)', () => {
  const s = session();
  transformSource(CODE, FILE, s);
  const [entry] = readdirSync(CACHE);
  const path = join(CACHE, entry!);
  const stored = JSON.parse(readFileSync(path, 'utf8'));
  stored.outcome.code = stored.outcome.code.replace('select 1', 'select 2');
  writeFileSync(path, JSON.stringify(stored));
  expect(transformSource(CODE, FILE, session())?.code).toContain("query, void 0, 'select 2')");
});

describe('misses', () => {
  test('when the text changes', () => {
    transformSource(CODE, FILE, session());
    const s = session();
    transformSource(CODE.replace('select 1', 'select 3'), FILE, s);
    expect(s.report.cachedFiles).toBe(0);
  });

  test('when the rules change (the salt)', () => {
    transformSource(CODE, FILE, session());
    const s = session([{ ...RULES[0], span: { name: 'other' } }]);
    transformSource(CODE, FILE, s);
    expect(s.report.cachedFiles).toBe(0);
  });

  test('when an installed version no longer answers a `versions` check the same way', () => {
    expect(transformSource(CODE, FILE, session())?.code).toContain('__tw.call1(');
    installDb('2.0.0');
    const s = session();
    const out = transformSource(CODE, FILE, s);
    expect(s.report.cachedFiles).toBe(0);
    expect(out?.code ?? CODE).not.toContain('query, void 0');
    expect(s.report.toJSON().skipped).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'db.query', reason: 'installed db@2.0.0 does not satisfy "^1"' })]));
  });

  test('when the installed version changes at all (hits compare versions, never loading semver)', () => {
    transformSource(CODE, FILE, session());
    installDb('1.3.0');
    const s = session();
    expect(transformSource(CODE, FILE, s)?.code).toContain('__tw.call1(');
    expect(s.report.cachedFiles).toBe(0);
    const again = session();
    transformSource(CODE, FILE, again);
    expect(again.report.cachedFiles).toBe(1);
  });
});

test('strict replays warnings as errors, as the first build did', () => {
  expect(() => transformSource(CODE, FILE, session(RULES, { strict: true }))).toThrow(/optional chaining/);
  const s = session(RULES, { strict: true });
  expect(() => transformSource(CODE, FILE, s)).toThrow(/optional chaining/);
  expect(s.report.cachedFiles).toBe(1);
});

test('a corrupt entry is computed again and rewritten', () => {
  const expected = transformSource(CODE, FILE, session());
  const [entry] = readdirSync(CACHE);
  writeFileSync(join(CACHE, entry!), '{ not json');
  const s = session();
  expect(transformSource(CODE, FILE, s)).toEqual(expected);
  expect(s.report.cachedFiles).toBe(0);
  expect(JSON.parse(readFileSync(join(CACHE, entry!), 'utf8')).format).toBe(2);
});

test('an unwritable cache directory turns the cache off with one note, and the build goes on', () => {
  writeFileSync(join(ROOT, 'not-a-dir'), '');
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const s = createBuildSession({ rules: RULES }, { configFile: join(ROOT, 'x'), projectRoot: ROOT });
    s.transformCache = openTransformCache(join(ROOT, 'not-a-dir/cache'), 'salt');
    expect(transformSource(CODE, FILE, s)?.code).toContain('__tw.call1(');
    expect(transformSource(CODE.replace('1', '2'), join(ROOT, 'src/b.ts'), s)?.code).toContain('__tw.call1(');
    const notes = stderr.mock.calls.map(([text]) => String(text)).filter((t) => t.includes('transform cache off'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(join(ROOT, 'not-a-dir/cache'));
  } finally {
    stderr.mockRestore();
  }
});

test('entries unused by a build are pruned beyond the newest 2000', () => {
  mkdirSync(CACHE, { recursive: true });
  for (let i = 0; i < 2010; i++) writeFileSync(join(CACHE, `old${String(i).padStart(4, '0')}.json`), '{}');
  const s = session();
  transformSource(CODE, FILE, s);
  s.transformCache!.finish();
  const left = readdirSync(CACHE);
  expect(left).toHaveLength(2001);
  expect(left.filter((n) => !n.startsWith('old'))).toHaveLength(1); // this build's entry stays
});

describe('the plugin option', () => {
  type Plugin = { buildStart(this: unknown): void; transform: { handler(this: unknown, code: string, id: string): { code: string } | undefined } };
  const ctx = { addWatchFile: () => {}, warn: () => {}, error: (m: string) => { throw new Error(m); } };
  const plugin = (options: Record<string, unknown>) => unpluginFactory({ root: ROOT, rules: RULES as never, ...options }, { framework: 'vite' } as never) as unknown as Plugin;

  test('is on by default, under node_modules/.cache/tracewright/transforms', () => {
    const p = plugin({});
    p.buildStart.call(ctx);
    p.transform.handler.call(ctx, CODE, FILE);
    expect(readdirSync(join(ROOT, 'node_modules/.cache/tracewright/transforms'))).toHaveLength(1);
  });

  test('takes a directory relative to the root, or false', () => {
    plugin({ cache: 'my-cache' }).transform.handler.call(ctx, CODE, FILE);
    expect(readdirSync(join(ROOT, 'my-cache'))).toHaveLength(1);
    plugin({ cache: false }).transform.handler.call(ctx, CODE, FILE);
    expect(() => readdirSync(join(ROOT, 'node_modules/.cache/tracewright/transforms'))).toThrow(/ENOENT/);
  });

  test('rejects anything else, naming the option', () => {
    // vite/rollup get the message without our stack (see src/plugins/factory.ts)
    const errors: unknown[] = [];
    plugin({ cache: 42 }).buildStart.call({ ...ctx, error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([{ message: '[tracewright] vite plugin options: option "cache": expected true, false or a directory path, got 42; write e.g. cache: false', stack: '' }]);
  });
});
