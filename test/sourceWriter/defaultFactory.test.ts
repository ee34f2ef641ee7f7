/**
 * A module that is itself a factory (`express()` of `import express from 'express'` or
 * `require('express')`): without a type checker, the catalog's `default` declaration says what
 * calling it returns, as it says what `new` of a default-export class gives. Parsed with oxc, as
 * the bundler path does.
 */
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';

const root = resolve(import.meta.dirname, '../.tmp/default-factory');
const TYPES: LibraryTypes[] = [{ module: 'weblib', returns: { default: 'App', Router: 'Router' } }];
const RULES: Rule[] = [{ id: 'weblib.listen', join: 'method', module: 'weblib', class: ['App', 'Router'], name: 'listen', span: { name: 'listen' } }];

function lines(code: string, types: readonly LibraryTypes[] = TYPES): number[] {
  const fileName = resolve(root, 'input.js');
  const parsed = parseSource(code, fileName, '.js', root);
  const result = matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), types), checker: undefined, fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return result.joinPoints.map((j) => j.line);
}

const CODE = `import web from 'weblib';
const cjs = require('weblib');
const a = web(); a.listen(1);
const b = cjs(); b.listen(2);
cjs.Router().listen(3);
const other = (() => web)(); other.listen(4);
function web2() { return {}; }
web2().listen(5);
`;

test('calling the module itself gives what `default` declares', () => {
  expect(lines(CODE)).toEqual([3, 4, 5]);
});

test('without the declaration the call is not followed', () => {
  expect(lines(CODE, [])).toEqual([]);
});

