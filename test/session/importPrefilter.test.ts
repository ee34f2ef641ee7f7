/**
 * The prefilter for files whose text names no rule trigger (session/importPrefilter.ts): such a
 * file is parsed only when one of its imports may export a library instance, judged from the
 * imported modules' text and confirmed by the project-module view. It must never drop a file
 * with a site: instances reached through a directory barrel, a forwarding `export const`, a
 * factory returning an imported pool, an import cycle, a generic or bracketed call. And it must
 * keep dropping what cannot match, without parsing: importers of class-only modules, and, on a
 * cached build, anything at all. Files of a `function` rule are chosen by its module glob, not
 * by text, so one such rule no longer makes every file of the build parse.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { ProjectModuleView } from '../../src/transformer/match/projectModules.js';
import { PluginState } from '../../src/plugins/pluginState.js';
import { createBuildSession, type BuildSession } from '../../src/transformer/session/session.js';
import { openTransformCache } from '../../src/transformer/session/transformCache.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';

const ROOT = join(process.cwd(), 'test/.tmp/import-prefilter');
const CACHE = join(ROOT, 'cache');

const files: Record<string, string> = {
  'db.ts': `import { Client, Pool } from 'pg';\nexport const pool = new Pool();\nexport function newClient() { return new Client(); }\n`,
  // A directory barrel that only re-exports: names no package.
  'data/index.ts': `export * from '../db';\n`,
  // Forwards the pool as a value and through a factory: no `export {`, no package named.
  'forward.ts': `import { pool } from './db';\nexport const shared = pool;\nexport function getPool() { return pool; }\n`,
  // Uses the pool but exports only a class: its importers cannot get an instance from it.
  'repo.ts': `import { pool } from './db';\nexport class Repo {\n  load(id: string) { return pool.query('SELECT $1', [id]); }\n}\n`,
  // A cycle: A imports B before ./db, B forwards A's pool.
  'cycleA.ts': `import { viaB } from './cycleB';\nimport { pool } from './db';\nexport const a = pool;\nexport const again = viaB;\n`,
  'cycleB.ts': `import { a } from './cycleA';\nexport const viaB = a;\n`,
};

beforeAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(ROOT, name, '..'), { recursive: true });
    writeFileSync(join(ROOT, name), text);
  }
});
afterEach(() => vi.restoreAllMocks());

function session(cache = false, options: Record<string, unknown> = {}): BuildSession {
  const s = createBuildSession(options, { configFile: join(ROOT, 'vite plugin options'), projectRoot: ROOT });
  if (cache) s.transformCache = openTransformCache(CACHE, 'import-prefilter');
  return s;
}

/** `receiver.method` of every wrapped method call. */
const sites = (code: string | undefined) =>
  [...(code ?? '').matchAll(/__tw\.method\d\(__tw_site\(\d+\), ([\w.()]+), ["'](\w+)["']/g)].map((m) => `${m[1]}.${m[2]}`);

describe('files that name no package but reach an instance are parsed', () => {
  test.each([
    ['a pool through a directory barrel', `import { pool } from './data';\nexport const run = () => pool.query('SELECT 1');\n`, ['pool.query']],
    ['a factory through a directory barrel', `import { newClient } from './data/index.js';\nconst c = newClient();\nc.query('x');\n`, ['c.query']],
    ['a pool forwarded by `export const`', `import { shared } from './forward';\nshared.query('x');\n`, ['shared.query']],
    ['a pool returned by a project factory', `import { getPool } from './forward';\nconst p = getPool();\np.query('x');\n`, ['p.query']],
    ['a generic call', `import { pool } from './db';\npool.query<{ n: number }>('x');\n`, ['pool.query']],
    ['a bracketed method name', `import { pool } from './db';\npool['query']('x');\n`, ['pool.query']],
  ])('%s', (_name, code, expected) => {
    expect(sites(transformSource(code, join(ROOT, 'user.ts'), session())?.code)).toEqual(expected);
  });

  test('an instance created locally, in a file that names its package', () => {
    const code = `import { Pool } from 'pg';\nconst local = new Pool();\nlocal.query('x');\n`;
    expect(sites(transformSource(code, join(ROOT, 'user.ts'), session())?.code)).toEqual(['local.query']);
  });

  test('an import cycle does not hide the module that only forwards (either one asked first)', () => {
    const s = session();
    const viaA = transformSource(`import { again } from './cycleA';\nagain.query('a');\n`, join(ROOT, 'user1.ts'), s);
    const viaB = transformSource(`import { viaB } from './cycleB';\nviaB.query('b');\n`, join(ROOT, 'user2.ts'), s);
    expect([sites(viaA?.code), sites(viaB?.code)]).toEqual([['again.query'], ['viaB.query']]);
    const t = session();
    expect(sites(transformSource(`import { viaB } from './cycleB';\nviaB.query('b');\n`, join(ROOT, 'user2.ts'), t)?.code)).toEqual(['viaB.query']);
  });
});

describe('files that cannot reach an instance are left unparsed', () => {
  test('importers of a class-only module, and files calling no method rule, never reach the view', () => {
    const confirm = vi.spyOn(ProjectModuleView.prototype, 'exportsAnyInstance');
    const s = session();
    expect(transformSource(`import { Repo } from './repo';\nnew Repo().load('1').then((r) => r.rows.get(0));\n`, join(ROOT, 'user1.ts'), s)).toBeUndefined();
    expect(transformSource(`import { pool } from './db';\nexport const p = pool;\n`, join(ROOT, 'user2.ts'), s)).toBeUndefined();
    expect(confirm).not.toHaveBeenCalled();
    expect(s.report.toJSON().files).toBe(2);
  });

  test('a cached build replays the file without asking the view (nothing is parsed)', () => {
    rmSync(CACHE, { recursive: true, force: true });
    const code = `import { pool } from './data';\npool.query('SELECT 1');\n`;
    const first = transformSource(code, join(ROOT, 'user.ts'), session(true));
    const confirm = vi.spyOn(ProjectModuleView.prototype, 'exportsAnyInstance');
    const again = session(true);
    expect(transformSource(code, join(ROOT, 'user.ts'), again)).toEqual(first);
    expect(again.report.cachedFiles).toBe(1);
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('function rules choose their files by path', () => {
  const rules = [{ id: 'svc.handlers', join: 'function', module: './svc/**', name: 'handle*', span: { name: 'handler' } }];
  const code = `export function handleOrder(id: string) { return id.trim(); }\n`;

  test('a file under the glob is parsed and wrapped, one outside is left unparsed', () => {
    const s = session(false, { rules, builtin: false });
    expect(transformSource(code, join(ROOT, 'svc/orders.ts'), s)?.code).toContain('__tw.');
    expect(transformSource(code, join(ROOT, 'web/orders.ts'), s)).toBeUndefined();
    expect(s.report.toJSON().instrumentedFiles).toBe(1);
  });

  test('vite and rollup get no native code filter then (it cannot combine a path with text)', () => {
    expect(new PluginState({ root: ROOT, rules: rules as never, builtin: false }, 'vite').codeTriggers()).toBeUndefined();
    expect(new PluginState({ root: ROOT, builtin: false, rules: [{ id: 'x.q', join: 'call', module: 'x', export: 'q', span: { name: 'q' } }] as never }, 'vite').codeTriggers())
      .toEqual(expect.arrayContaining(["'x'"]));
  });
});
