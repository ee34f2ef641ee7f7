/**
 * `super.m()` without a type checker (issue 10 item 6): `super` in an instance member of a class
 * whose `extends` clause names a class the matcher resolves — a named import, a namespace member,
 * a default export LibraryTypes names, a class of the file (and on through what it extends) — is
 * an instance of that class for method rules. A parent syntax cannot follow is reported, and so
 * is a static `super.m()` of a rule class; object-literal methods' `super` is left alone. Both
 * parsers of the bundler path answer the same.
 */
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource, type SourceParser } from '../../src/transformer/parse/parseSource.js';

const root = resolve(import.meta.dirname, '../.tmp/super-calls');
const TYPES: LibraryTypes[] = [{ module: 'dblib', returns: { default: 'Client' } }];
const RULES: Rule[] = [
  { id: 'dblib.query', join: 'method', module: 'dblib', class: ['Client', 'Pool'], name: 'query', span: { name: 'q' } },
];

function match(code: string, parser: SourceParser) {
  const fileName = resolve(root, 'input.ts');
  const parsed = parseSource(code, fileName, '.ts', root, parser);
  const result = matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), TYPES), checker: undefined, fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return { lines: result.joinPoints.map((j) => j.line), skipped: result.skipped.map((s) => `${s.line} ${s.reason}`) };
}

const CODE = `import Db, { Pool } from 'dblib';
import * as dblib from 'dblib';
import { EventEmitter } from 'node:events';
class A extends Pool { q() { return super.query('named import'); } }
class B extends dblib.Pool { q() { return super.query?.('namespace member, optional'); } }
class C extends Db { q = () => super['query']('default export, arrow in a field'); }
class D extends A { q() { return super.query('through a class of the file'); } }
class E extends mixin(Pool) { q() { return super.query('a parent syntax cannot follow'); } }
class F extends Pool { static q() { return super.query('static: the parent constructor'); } }
class G extends EventEmitter { q() { return super.query('known, not a rule class'); } }
class H extends Pool { q() { return { query() { return 1; }, r() { return super.query('object literal method'); } }; } }
function mixin<T>(base: T): T { return base; }
const d = new D(); d.query('an instance of a subclass of the file');
`;

describe.each(['oxc', 'typescript'] as const)('parsed with %s', (parser) => {
  test('super of a resolvable parent is an instance of it', () => {
    expect(match(CODE, parser).lines).toEqual([4, 5, 6, 7, 13]);
  });

  test('an unresolvable parent and a static super call of a rule class are reported', () => {
    expect(match(CODE, parser).skipped).toEqual([
      '8 cannot tell the class of `super`: E extends `mixin(Pool)`, an expression the matcher cannot follow without type information, so whether super.query() is Client or Pool.query is unknown',
      '9 super.query() in a static member calls the static Pool.query of the parent class; method rules name instance methods',
    ]);
  });
});
