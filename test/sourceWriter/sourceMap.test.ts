/**
 * The source writer's map on its own: `originalPositionFor` at each wrapper
 * call gives the position V8 reports for the original call (the callee, or
 * the property name of `a.b()`), argument text maps to itself; and a stack
 * trace thrown through an instrumented call, run with `node
 * --enable-source-maps` on the writer's output alone, names the original
 * line and column.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { beforeAll, expect, test } from 'vitest';
import { ensurePackage, TMP } from '../bundlers/package.js';
import { instrument } from './helpers.js';

const SOURCE = `import { f, C } from './lib';
import * as lib from './lib';
export function run() {
  const c = new C('x')
  ;[f(1), lib
    .f(2)]
  return c.m(f(3, 4), 'y');
}
`;

/** Generated line/column (1-based line, 0-based column) of the first `text`. */
function generatedAt(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in output: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length };
}

/** Original line/column of `text` (the n-th occurrence). */
function originalAt(text: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = SOURCE.indexOf(text, index + 1);
  const before = SOURCE.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length };
}

test('each wrapper maps to where V8 reports the original call; arguments map to themselves', () => {
  const out = instrument(SOURCE);
  const map = new TraceMap(out.map as never);
  const at = (generated: string) => {
    const p = originalPositionFor(map, generatedAt(out.code, generated));
    return { line: p.line, column: p.column };
  };
  // V8 reports the position of `call1` in `__tw.call1(…)`: it must map back to the call.
  expect(at('construct(__tw_site(0)')).toEqual(originalAt('new C'));
  expect(at('call1(__tw_site(1)')).toEqual(originalAt('f(1)'));
  expect(at('method1(__tw_site(2)')).toEqual(originalAt('f(2)')); // the property name, as V8 reports `lib.f()`
  expect(at('method2(__tw_site(3)')).toEqual(originalAt('m(f(3'));
  expect(at('call2(__tw_site(4)')).toEqual(originalAt('f(3, 4)'));
  expect(at("'y')")).toEqual(originalAt("'y'"));
  expect(at('3, 4)')).toEqual(originalAt('3, 4)'));
});

test('node --enable-source-maps on the writer output alone: the stack names the original line and column', async () => {
  await ensurePackage(); // `@tracewright/runtime` for the child process
  const dir = join(TMP, 'source-writer/stack');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const main = `'use strict';
const { explode } = require('./lib.cjs');

function run() {
  try {
    return explode(1), 'no error';
  } catch (error) {
    return error.stack;
  }
}
console.log(run());
`;
  const lib = `exports.explode = function explode(n) { throw new Error('boom ' + n); };\n`;
  writeFileSync(join(dir, 'src/main.cjs'), main);
  for (const d of ['src', 'out']) writeFileSync(join(dir, d, 'lib.cjs'), lib);
  const { testSession } = await import('./helpers.js');
  const session = testSession([{ id: 'lib.explode', join: 'call', module: './lib*', export: 'explode', span: { name: 'explode' } }]);
  const out = instrument(main, 'main.cjs', session);
  expect(out.code).toContain('__tw.call1(__tw_site(0), explode, void 0, 1)');
  const map = { ...JSON.parse(JSON.stringify(out.map)), sources: ['../src/main.cjs'] };
  writeFileSync(join(dir, 'out/main.cjs'), `${out.code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
  const run = (file: string) => execFileSync(process.execPath, ['--enable-source-maps', file], { cwd: dir, encoding: 'utf8' });
  const frame = (stack: string) => stack.split('\n').find((l) => l.includes('at run '))?.trim();
  const plainFrame = frame(run(join(dir, 'src/main.cjs')));
  expect(plainFrame).toBe(`at run (${join(dir, 'src/main.cjs')}:6:12)`);
  expect(frame(run(join(dir, 'out/main.cjs')))).toBe(plainFrame);
});

beforeAll(() => {
  mkdirSync(join(TMP, 'source-writer'), { recursive: true });
});

test('tagged templates and forwarded calls: the stack through them names the original line and column', async () => {
  await ensurePackage();
  const dir = join(TMP, 'source-writer/stack-shapes');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const main = `'use strict';
const lib = require('./lib.cjs');
const { explode } = lib;

function run(how) {
  try {
    if (how === 'tag') return explode\`x\${1}\`, 'no error';
    if (how === 'member') return lib.explode\`y\`, 'no error';
    if (how === 'call') return explode.call(undefined, 2), 'no error';
    return Reflect.apply(explode, undefined, [3]), 'no error';
  } catch (error) {
    return error.stack;
  }
}
for (const how of ['tag', 'member', 'call', 'reflect']) console.log(run(how).split('\\n').find((l) => l.includes('at run ')).trim());
`;
  const lib = `exports.explode = function explode(n) { throw new Error('boom ' + n); };\n`;
  writeFileSync(join(dir, 'src/main.cjs'), main);
  for (const d of ['src', 'out']) writeFileSync(join(dir, d, 'lib.cjs'), lib);
  const { testSession } = await import('./helpers.js');
  const session = testSession([{ id: 'lib.explode', join: 'call', module: './lib*', export: 'explode', span: { name: 'explode' } }]);
  const out = instrument(main, 'main.cjs', session);
  expect(out.code).toContain('__tw.tag(__tw_site(0), explode)`x${1}`');
  expect(out.code).toContain('__tw.viaReflectApply(__tw_site(3), Reflect, [explode, undefined, [3]])');
  const map = { ...JSON.parse(JSON.stringify(out.map)), sources: ['../src/main.cjs'] };
  writeFileSync(join(dir, 'out/main.cjs'), `${out.code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);
  const run = (file: string) => execFileSync(process.execPath, ['--enable-source-maps', file], { cwd: dir, encoding: 'utf8' });
  const plain = run(join(dir, 'src/main.cjs')).split(join(dir, 'src/main.cjs')).join('main');
  expect(plain.trim().split('\n').map((l) => l.replace(/:\d+\)$/, ')'))).toEqual(['at run (main:7)', 'at run (main:8)', 'at run (main:9)', 'at run (main:10)']);
  expect(run(join(dir, 'out/main.cjs')).split(join(dir, 'src/main.cjs')).join('main')).toBe(plain);
}, 300_000); // building the runtime package for the child process is slow on a loaded machine
