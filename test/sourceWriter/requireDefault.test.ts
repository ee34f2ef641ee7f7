/**
 * The whole value of a CommonJS module, called or constructed, is its `default` export (as
 * `import X from 'm'` binds it): `const X = require('m'); X()`, `require('m')()`, `new X()`,
 * `import X = require('m')`. A namespace import is never callable and names no export.
 */
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';

const root = resolve(import.meta.dirname, '../.tmp/require-default');
const RULES: Rule[] = [
  { id: 'pad', join: 'call', module: 'left-pad', export: 'default', span: { name: 'pad' } },
  { id: 'named', join: 'call', module: 'left-pad', export: 'other', span: { name: 'other' } },
  { id: 'client', join: 'new', module: 'dblib', export: '*', span: { name: 'new' } },
];

function lines(code: string, ext = '.ts'): number[] {
  const fileName = resolve(root, `input${ext}`);
  const parsed = parseSource(code, fileName, ext, root);
  const result = matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), []), checker: undefined, fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return result.joinPoints.map((j) => j.line);
}

test('require() values called and constructed match default and "*" rules; namespaces do not', () => {
  expect(lines(`const pad = require('left-pad');
pad('x', 2);
require('left-pad')('y', 2);
const Db = require('dblib');
new Db();
import * as ns from 'left-pad';
ns('z', 2);
pad.other('named export');
`)).toEqual([2, 3, 5, 8]);
});

test('import X = require() is the module value too', () => {
  expect(lines(`import pad = require('left-pad');\npad('x', 2);\n`, '.cts')).toEqual([2]);
});
