/**
 * Without a type checker, what library calls return is known from the catalog's LibraryTypes:
 * a factory (`createPool()`), a default export that is a class (`new Redis()`), an instance
 * method (`await pool.connect()`), a class reached through a package subpath (`pool.promise()`
 * → `dblib/promise`'s Pool). What the declarations do not cover is reported, never guessed.
 * Parsed with oxc, as the bundler path does.
 */
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';

const root = resolve(import.meta.dirname, '../.tmp/library-types');
const TYPES: LibraryTypes[] = [
  { module: 'dblib', returns: { default: 'Client', createPool: 'Pool', 'Pool#connect': 'PoolClient', 'Pool#promise': 'dblib/promise:Pool' } },
  { module: 'dblib/promise', returns: { createPool: 'Pool', 'Pool#getConnection': 'Connection' } },
];
const RULES: Rule[] = [
  { id: 'dblib.query', join: 'method', module: 'dblib', class: ['Client', 'Pool', 'PoolClient', 'Connection'], name: 'query', span: { name: 'q' } },
];

function match(code: string, types: readonly LibraryTypes[] = TYPES) {
  const fileName = resolve(root, 'input.ts');
  const parsed = parseSource(code, fileName, '.ts', root);
  const result = matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), types), checker: undefined, fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return {
    lines: result.joinPoints.map((j) => j.line),
    skipped: result.skipped.map((s) => `${s.line} ${s.reason}`),
  };
}

const CODE = `import Db, { createPool } from 'dblib';
import * as ns from 'dblib';
import * as promise from 'dblib/promise';
const client = new Db(); client.query('default export class');
const pool = createPool(); pool.query('factory');
ns.createPool().query('factory through a namespace, chained');
async function connected() { const c = await pool.connect(); c.query('awaited method result'); }
async function viaPromise() { const conn = await pool.promise().getConnection(); conn.query('subpath class, its own table'); }
const p = promise.createPool(); p.query('factory of a subpath entry');
const odd = pool.stats(); odd.query('undeclared method result');
function make() { return createPool(); }
make().query('a local function');
class Repo { constructor(private readonly db = createPool()) {} run() { return this.db.query('parameter property initializer'); } }
`;

test('factories, default-export classes, method results, subpaths: matched', () => {
  expect(match(CODE).lines).toEqual([4, 5, 6, 7, 8, 9, 13]);
});

test('what the declarations do not cover is reported with its reason', () => {
  expect(match(CODE).skipped).toEqual([
    '10 cannot tell the type of the receiver of .query() without type information',
    '12 cannot tell the type of the receiver of .query() without type information',
  ]);
});

test('without the declarations only `new` of a named class would match; the rest is reported', () => {
  const { lines, skipped } = match(CODE, []);
  expect(lines).toEqual([]);
  expect(skipped.map((s) => Number(s.split(' ')[0]))).toEqual([5, 6, 7, 8, 9, 10, 12, 13]);
});

test('a method destructured off an instance is reported, never wrapped (calling it loses `this`)', () => {
  const { lines, skipped } = match(`import { createPool } from 'dblib';\nconst pool = createPool();\nconst { query, other } = pool;\nconst { query: q } = { query() {} };\n`);
  expect(lines).toEqual([]);
  expect(skipped).toEqual(['3 `{ query }` takes the method off its receiver (calling it loses `this`): not wrapped; call it on the instance instead']);
});
