/**
 * `ResolvedRule.hookOptions` (filled from plugin options, e.g. the server hooks' `ignorePaths`)
 * reaches the runtime as `SpanSpec.o` of every site of the rule: copied with object keys sorted
 * at every level, so the same options spelled in another order give the same spec (one entry in
 * the file's table) and the same snapshot. Also the callback selector's `b`.
 */
import { expect, test } from 'vitest';
import type { JoinPoint } from '../../src/transformer/match/joinPoint.js';
import type { ResolvedRule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { buildSiteTable } from '../../src/transformer/write/siteTable.js';
import { sites } from '../../src/runtime/sites.js';

const [server, route] = validateRules([
  { id: 'lib.server', join: 'call', module: 'lib', export: 'createServer', hooks: 'http', result: 'install' },
  { id: 'lib.route', join: 'callback-arg', module: 'lib', class: 'App', name: 'get', callback: 'args[1..]' },
], 'test') as [ResolvedRule, ResolvedRule];

const at = (rule: ResolvedRule, line: number) => ({ kind: 'call', rule, line, column: 1 }) as unknown as JoinPoint;

test('hookOptions become spec.o, keys sorted at every level, undefined dropped; equal options share one spec', () => {
  const a = { ...server, hookOptions: { server: 'auto', ignorePaths: ['/health', '/ready'], nested: { z: 1, a: { y: true, b: null } }, gone: undefined } };
  const b = { ...server, hookOptions: { nested: { a: { b: null, y: true }, z: 1 }, ignorePaths: ['/health', '/ready'], server: 'auto' } };
  const table = buildSiteTable([at(a, 1), at(b, 2)], 'src/app.ts');
  expect(table.s).toHaveLength(1);
  expect(JSON.stringify(table.s[0]!.o)).toBe('{"ignorePaths":["/health","/ready"],"nested":{"a":{"b":null,"y":true},"z":1},"server":"auto"}');
  expect(table.c).toEqual([[0, 1, 1], [0, 2, 1]]);
  // What the runtime reads back from the emitted JSON, for the hook (`call.spec.o`).
  const [site] = sites(JSON.stringify(table));
  expect(site!.spec.o).toEqual({ ignorePaths: ['/health', '/ready'], nested: { a: { b: null, y: true }, z: 1 }, server: 'auto' });
  expect(site!.spec.m).toBe('install');
});

test('different options are different specs; no or empty options add no `o`', () => {
  const table = buildSiteTable([
    at({ ...server, hookOptions: { ignorePaths: ['/a'] } }, 1),
    at({ ...server, hookOptions: { ignorePaths: ['/b'] } }, 2),
    at(server, 3),
    at({ ...server, hookOptions: {} }, 4),
  ], 'src/app.ts');
  expect(table.s.map((s) => s.o)).toEqual([{ ignorePaths: ['/a'] }, { ignorePaths: ['/b'] }, undefined]);
  expect(table.c.map((c) => c[0])).toEqual([0, 1, 2, 2]);
  expect('o' in table.s[2]!).toBe(false);
});

test('a callback-arg rule\'s selector becomes spec.b', () => {
  const [prop] = validateRules([{ id: 'lib.sub', join: 'callback-arg', module: 'lib', class: 'B', name: 'sub', callback: 'args[0]["on-message"]' }], 'test');
  const table = buildSiteTable([at(route, 1), at(prop!, 2)], 'src/app.ts');
  expect(table.s.map((s) => s.b)).toEqual([{ i: 1, r: 1 }, { i: 0, p: 'on-message' }]);
});
