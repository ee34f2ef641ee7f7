/**
 * `callback-arg` sites through the bundler core (transformSource: prefilter, oxc, magic-string
 * writer with every edit integrity-checked): an instance a project module exports is followed
 * into a file whose text never names the package (the import prefilter and the project-module
 * view count callback-arg rules as method rules), and a callback-arg call nested in a wrapped
 * call's arguments, or wrapping one, is spelled with both edits intact.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { instrument, ROOT, testSession } from './helpers.js';

const ON_ERROR = { id: 'pg.on', join: 'callback-arg', module: 'pg', class: 'Pool', name: 'on', callback: 'args[1]', span: { name: 'pool listener' } };
const DIR = join(ROOT, 'callback-arg-layouts');
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, 'db.ts'), `import { Pool } from 'pg';\nexport const pool = new Pool();\n`);

test('an instance a project module exports, used where the package is never named', () => {
  const code = `import { pool } from './db';\npool.on('error', (e: Error) => console.log(e.message));\npool.on('connect');\n`;
  const out = transformSource(code, join(DIR, 'user.ts'), testSession([ON_ERROR]));
  expect(out?.code?.split('\n').slice(0, 3)).toEqual([
    `import * as __tw from "@tracewright/runtime";import { pool } from './db';`,
    `pool.on(...__tw.callbackArgs(__tw_site(0), ['error', (e: Error) => console.log(e.message)]));`,
    `pool.on('connect');`,
  ]);
  expect(out?.dependencies).toEqual([join(DIR, 'db.ts')]);
});

test('nested in and around wrapped calls: both spellings, no overlapping edits', () => {
  const rules = [
    { id: 'lib.route', join: 'callback-arg', module: './lib*', class: 'C', name: 'on', callback: 'args[0..]' },
    { id: 'lib.call', join: 'call', module: './lib*', export: ['f', 'make'], span: { name: 'lib.call' } },
  ];
  const code = [
    `import { C, f } from './lib';`,
    `const c = new C('a');`,
    `c.on(f(1), () => f(2), f);`,
    `c.on(() => c.on(() => 3));`,
    `c?.on((x: unknown) => x,);`,
    `f(c.on(f), c.on(() => 4));`,
  ].join('\n');
  const out = instrument(code, 'input.ts', testSession(rules));
  expect(out.code.split('\n').slice(2, 6)).toEqual([
    `c.on(...__tw.callbackArgs(__tw_site(0), [__tw.call1(__tw_site(1), f, void 0, 1), () => __tw.call1(__tw_site(2), f, void 0, 2), f]));`,
    `c.on(...__tw.callbackArgs(__tw_site(3), [() => c.on(...__tw.callbackArgs(__tw_site(4), [() => 3]))]));`,
    `c?.on(...__tw.callbackArgs(__tw_site(5), [(x: unknown) => x,]));`,
    `__tw.call2(__tw_site(6), f, void 0, c.on(...__tw.callbackArgs(__tw_site(7), [f])), c.on(...__tw.callbackArgs(__tw_site(8), [() => 4])));`,
  ]);
  expect(out.edits).toBeGreaterThan(0);
});
