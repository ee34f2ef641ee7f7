/**
 * The bundler path follows library instances across the project's own modules: a pool created
 * once (`export const pool = new Pool()`), re-exported, reached through a namespace import,
 * returned by an exported factory or exported as default, is matched where it is used — also in
 * files whose text never names `pg` (the prefilter asks the project-module view). The modules
 * consulted are recorded: hosts watch them, and a cached outcome is replayed only while they are
 * unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { openTransformCache } from '../../src/transformer/session/transformCache.js';
import { ROOT, testSession } from './helpers.js';

const DIR = join(ROOT, 'layouts');
const files: Record<string, string> = {
  'db.ts': `import { Client, Pool } from 'pg';\nexport const pool = new Pool();\nexport function newClient() { return new Client(); }\nexport const typed = (): Pool => make();\nexport const count = 3;\ndeclare function make(): any;\n`,
  'index.ts': `export { pool as sharedPool } from './db';\nexport * from './db';\n`,
  'default.ts': `import { Pool } from 'pg';\nexport default new Pool();\n`,
  'plain.ts': `export const cache = new Map<string, number>();\n`,
};
mkdirSync(DIR, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(join(DIR, name), text);

const session = () => testSession([], { builtin: true });
const sites = (code: string | undefined) => [...(code ?? '').matchAll(/__tw\.method\d\(__tw_site\(\d+\), (\w+(?:\.\w+)?(?:\(\))?), "(\w+)"/g)].map((m) => `${m[1]}.${m[2]}`);

describe('instances exported by project modules', () => {
  test.each([
    ['a named import', `import { pool } from './db';\nexport const run = () => pool.query('SELECT 1');\n`, ['pool.query']],
    ['a re-export under another name, and export *', `import { sharedPool, pool } from './index';\nsharedPool.query('a'); pool.query('b');\n`, ['sharedPool.query', 'pool.query']],
    ['a namespace import', `import * as db from './db';\ndb.pool.query('SELECT 1');\n`, ['db.pool.query']],
    ['an exported factory', `import { newClient } from './db.js';\nconst c = newClient();\nc.query('x');\n`, ['c.query']],
    ['a factory with a return type annotation', `import { typed } from './db';\ntyped().query('x');\n`, ['typed().query']],
    ['a default export', `import pool from './default';\npool.query('x');\n`, ['pool.query']],
  ])('%s', (_name, code, expected) => {
    const out = transformSource(code, join(DIR, 'user.ts'), session());
    expect(sites(out?.code)).toEqual(expected);
    expect(out?.dependencies?.length).toBeGreaterThan(0);
  });

  test('a value that is not an instance, and a module exporting none, are left alone without parsing the user file', () => {
    expect(transformSource(`import { count } from './db';\ncount.toFixed(1);\n`, join(DIR, 'user.ts'), session())?.code).toBeUndefined();
    expect(transformSource(`import { cache } from './plain';\ncache.get('a');\n`, join(DIR, 'user.ts'), session())).toBeUndefined();
  });

  test('the consulted modules are reported for watching; a cached outcome is replayed only while they are unchanged', () => {
    const cacheDir = join(ROOT, 'layouts-cache');
    const s = session();
    s.transformCache = openTransformCache(cacheDir, 'test');
    const code = `import { pool } from './db';\npool.query('SELECT 1');\n`;
    const first = transformSource(code, join(DIR, 'user.ts'), s);
    expect(first?.dependencies).toEqual([join(DIR, 'db.ts')]);
    const replay = session();
    replay.transformCache = openTransformCache(cacheDir, 'test');
    expect(transformSource(code, join(DIR, 'user.ts'), replay)?.code).toBe(first?.code);
    expect(replay.report.cachedFiles).toBe(1);
    // db.ts now exports something else as `pool`: the cached outcome must not be replayed.
    writeFileSync(join(DIR, 'db.ts'), files['db.ts']!.replace('export const pool = new Pool();', 'export const pool = { query: (q: string) => q };'));
    try {
      const changed = session();
      changed.transformCache = openTransformCache(cacheDir, 'test');
      expect(sites(transformSource(code, join(DIR, 'user.ts'), changed)?.code)).toEqual([]);
      expect(changed.report.cachedFiles).toBe(0);
    } finally {
      writeFileSync(join(DIR, 'db.ts'), files['db.ts']!);
    }
  });
});
