/**
 * `callback-arg` rules without a type checker (the bundler path, parsed with oxc): they match
 * the call sites a `method` rule (module/class/name, instances tracked through LibraryTypes
 * factories such as `express()` and `Router()`) or, with `export`, a `call` rule would. A call
 * with no argument at the selected position is not a site at all (neither wrapped nor reported);
 * a spread may supply any position. An unresolved receiver is reported as for method rules.
 */
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';

const root = resolve(import.meta.dirname, '../.tmp/callback-arg-matching');
const TYPES: LibraryTypes[] = [{ module: 'weblib', returns: { default: 'Application', Router: 'Router', 'Application#set': 'Application' } }];
const RULES: Rule[] = [
  { id: 'weblib.route', join: 'callback-arg', module: 'weblib', class: ['Application', 'Router'], name: ['get', 'post'], callback: 'args[1..]' },
  { id: 'weblib.use', join: 'callback-arg', module: 'weblib', class: ['Application', 'Router'], name: 'use', callback: 'args[0..]' },
  { id: 'weblib.on', join: 'callback-arg', module: 'weblib', export: 'on', callback: 'args[1]' },
  { id: 'weblib.subscribe', join: 'callback-arg', module: 'weblib', class: 'Application', name: 'subscribe', callback: 'args[0].callback' },
  { id: 'timers.timeout', join: 'callback-arg', module: 'global', export: 'setTimeout', callback: 'args[0]' },
  { id: 'weblib.set', join: 'method', module: 'weblib', class: 'Application', name: 'set' },
];

function match(code: string) {
  const fileName = resolve(root, 'input.ts');
  const parsed = parseSource(code, fileName, '.ts', root);
  const result = matchCallSites(parsed.sourceFile, { ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), TYPES), checker: undefined, fileName, projectRoot: root });
  return {
    sites: result.joinPoints.map((j) => `${j.line} ${j.kind} ${j.rule.id}`),
    skipped: result.skipped.map((s) => `${s.line} ${s.ruleId}: ${s.reason}`),
  };
}

test('instances from a default-export factory and a named factory; every selected shape', () => {
  const { sites, skipped } = match([
    `import express, { Router, on } from 'weblib';`,
    `const app = express();`,
    `app.get('/users/:id', (req: unknown) => req);`,
    `const router = Router(); router.post('/p', h1, h2);`,
    `app.use(router);`,
    `const handlers = [h1]; app.get(...handlers);`,
    `app?.get('/optional', h1);`,
    `on('event', h1);`,
    `setTimeout(() => undefined, 1);`,
    `app.subscribe({ topic: 't', callback: h1 });`,
    `function h1() {}`,
    `function h2() {}`,
  ].join('\n'));
  expect(sites).toEqual([
    '3 callback-arg weblib.route', '4 callback-arg weblib.route', '5 callback-arg weblib.use', '6 callback-arg weblib.route',
    '7 callback-arg weblib.route', '8 callback-arg weblib.on', '9 callback-arg timers.timeout', '10 callback-arg weblib.subscribe',
  ]);
  expect(skipped).toEqual([]);
});

test('no argument at the selected position: not a site, not reported', () => {
  const { sites, skipped } = match([
    `import express, { on } from 'weblib';`,
    `const app = express();`,
    `const env = app.get('env');`,
    `on('event');`,
    `app.use();`,
    `setTimeout();`,
    `app.subscribe();`,
    `function untyped(other: any) { other.get('env'); }`,
  ].join('\n'));
  expect(sites).toEqual([]);
  expect(skipped).toEqual([]);
});

test('a receiver syntax cannot type is reported, as for method rules; a local function named like an export never matches', () => {
  const { sites, skipped } = match([
    `import 'weblib';`,
    `function f(app: any, h: () => void) { app.get('/x', h); }`,
    `function on(name: string, cb: () => void) { return cb; }`,
    `on('local', () => undefined);`,
  ].join('\n'));
  expect(sites).toEqual([]);
  expect(skipped).toEqual(['2 weblib.route: cannot tell the type of the receiver of .get() without type information']);
});

test('a callback-arg call in an optional chain the writers lower for another wrapped call is left alone, with the reason', () => {
  const { sites, skipped } = match([
    `import express from 'weblib';`,
    `const app = express();`,
    `app?.set('x', 1).get('/p', () => undefined);`,
    `app.set('y', 2).get('/q', () => undefined);`,
  ].join('\n'));
  expect(sites).toEqual(['3 call weblib.set', '4 callback-arg weblib.route', '4 call weblib.set']);
  expect(skipped).toEqual(['3 weblib.route: optional chaining: this call is in the same optional chain as a wrapped call, whose lowering rebuilds the chain; its callbacks are not wrapped']);
});

test('a method rule and a callback-arg rule never steal each other\'s calls', () => {
  const { sites } = match([`import express from 'weblib';`, `const app = express();`, `app.set('k', () => 1);`, `app.get('/', () => 1);`].join('\n'));
  expect(sites).toEqual(['3 call weblib.set', '4 callback-arg weblib.route']);
});
