/**
 * The source writer on the shapes that are easy to get wrong when editing text
 * in place: every snippet is instrumented through the integrity-checking edit
 * layer, must still parse, must print the expected call shape (the tsc
 * writer's), and must run exactly like the plain snippet, with one span per
 * wrapped site.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { setupOtel } from '../helpers/otel.js';
import { execute, instrument, parseErrors } from './helpers.js';

beforeAll(() => {
  setupOtel();
});

interface Case {
  name: string;
  file?: string;
  code: string;
  /** Substrings the output must contain. */
  contains: string[];
  spans: number;
}

const CASES: Case[] = [
  {
    name: 'plain calls: no argument, fixed arity, array form over three, trailing comma',
    code: `import { f } from './lib';
export function run() { return [f(), f(1), f(1, 2,), f(1, 2, 3), f(1, 2, 3, 4,)]; }`,
    contains: ['__tw.call0(__tw_site(0), f, void 0)', '__tw.call1(__tw_site(1), f, void 0, 1)', '__tw.call2(__tw_site(2), f, void 0, 1, 2,)',
      '__tw.call(__tw_site(4), f, void 0, [1, 2, 3, 4,])'],
    spans: 5,
  },
  {
    name: 'spread arguments use the array form',
    code: `import { f } from './lib';
export function run() { const xs = [1, 2]; return [f(...xs), f(0, ...xs, ...new Set([3]))]; }`,
    contains: ['__tw.call(__tw_site(0), f, void 0, [...xs])', '__tw.call(__tw_site(1), f, void 0, [0, ...xs, ...new Set([3])])'],
    spans: 2,
  },
  {
    name: 'type arguments are dropped, not the call',
    code: `import { g, C } from './lib';
export function run() { return [g<string>('s'), g<Array<Map<string, number>>>([]), g <C> (new C('t'))]; }`,
    contains: ["__tw.call1(__tw_site(0), g, void 0, 's')", '__tw.call1(__tw_site(1), g, void 0, [])', "__tw.call1(__tw_site(2), g, void 0, __tw.construct(__tw_site(3), C, ['t']))"],
    spans: 4,
  },
  {
    name: 'namespace members, string keys and parenthesized callees keep `this`',
    code: `import * as lib from './lib';
export function run() { return [lib.f(1), lib['f'](2), (lib.f)(3), (lib).f(4), lib
  .f(5)]; }`,
    contains: ['__tw.method1(__tw_site(0), lib, "f", 1)', "__tw.method1(__tw_site(1), lib, 'f', 2)", '__tw.method1(__tw_site(2), lib, "f", 3)', '__tw.method1(__tw_site(3), (lib), "f", 4)'],
    spans: 5,
  },
  {
    name: 'methods on tracked instances: non-null, casts, comments, a receiver that is itself wrapped',
    code: `import { C } from './lib';
export function run() {
  const c = new C('x');
  return [c.m(1), c!.m(2), (c as C).m(3), c /* a */ . /* b */ m /* c */ (4), new C('y').m(5), (c.m)(6)];
}`,
    contains: ['__tw.method1(__tw_site(1), c, "m", 1)', '__tw.method1(__tw_site(2), c!, "m", 2)', '__tw.method1(__tw_site(3), (c as C), "m", 3)',
      "__tw.method1(__tw_site(5), __tw.construct(__tw_site(6), C, ['y']), \"m\", 5)"],
    spans: 8,
  },
  {
    name: 'constructors: with and without parentheses, spread, type arguments',
    code: `import { C } from './lib';
export function run() { const xs = ['b', 'c']; return [new C, new C(), new C('a', ...xs), new C<never>('t' as never)].map((c) => String(c.v)); }`,
    contains: ['__tw.construct(__tw_site(0), C, [])', '__tw.construct(__tw_site(1), C, [])', "__tw.construct(__tw_site(2), C, ['a', ...xs])"],
    spans: 4,
  },
  {
    name: 'nested join points in arguments and receivers',
    code: `import { f, g, make } from './lib';
export function run() { return [f(f(1), g(f(2))), make('r').m(f(3))]; }`,
    contains: ['__tw.call2(__tw_site(0), f, void 0, __tw.call1(__tw_site(1), f, void 0, 1), __tw.call1(__tw_site(2), g, void 0, __tw.call1(__tw_site(3), f, void 0, 2)))'],
    spans: 6,
  },
  {
    name: 'await and yield inside arguments',
    code: `import { f, later } from './lib';
function* gen() { const r = f(yield 1, yield 2); return r; }
export async function run() {
  const it = gen(); it.next(); it.next('a');
  return [f(await later(1), await later(2)), it.next('b').value];
}`,
    contains: ['__tw.call2(__tw_site(0), f, void 0, yield 1, yield 2)', '__tw.call2(__tw_site(1), f, void 0, await __tw.call1(__tw_site(2), later, void 0, 1)'],
    spans: 4,
  },
  {
    name: 'ASI-sensitive lines, comments and line breaks between callee and arguments',
    code: `import { f } from './lib'
export function run() {
  const out = []
  const a = f('a', /* inline */ 'b') // trailing
  ;(f)('paren')
  ;[f(
    // before
    'x', /* between */
    'y', // after
  )].forEach((s) => out.push(s))
  out.push(a)
  const b = f
  ('next-line')
  out.push(b)
  return out
}`,
    contains: ["__tw.call2(__tw_site(0), f, void 0, 'a', /* inline */ 'b') // trailing", ";__tw.call1(__tw_site(1), (f), void 0, 'paren')"],
    spans: 4,
  },
  {
    name: '@span bodies: prologue, expression and object-literal arrows, async, generators, methods',
    code: `import { f, later } from './lib';
/** @span */
function plain(a: number) { 'use strict'
  return f(a)
}
/** @span */
const arrow = (a: number) => f(a);
/** @span */
const object = () => ({ k: f(1) });
/** @span */
const asyncArrow = async () => await later(2);
/** @span */
function* gen() { yield f(3); }
/** @span */
async function* agen() { yield await later(4); }
class K {
  /** @span */
  m(this: K) { return f(this instanceof K); }
}
export async function run() {
  const out: unknown[] = [plain(0), arrow(1), object(), await asyncArrow(), [...gen()], new K().m()];
  for await (const x of agen()) out.push(x);
  return out;
}`,
    contains: ["'use strict'; return __tw.span(__tw_site(0), () => {", 'const arrow = (a: number) => __tw.span(__tw_site(2), () => __tw.call1(__tw_site(3), f, void 0, a));',
      'const object = () => __tw.span(__tw_site(4), () => ({ k: __tw.call1(__tw_site(5), f, void 0, 1) }));', 'async () => __tw.span(__tw_site(6), async () => await',
      'return yield* __tw.spanGenerator(__tw_site(8), (function* () {', '}).apply(this, arguments)); }', '(async function* () {'],
    spans: 14,
  },
  {
    name: 'JSX is left as it is',
    file: 'input.tsx',
    code: `import { f } from './lib';
function h(tag: string, props: unknown, ...children: unknown[]) { return { tag, children }; }
export function run() { return <p title={f('t')}>{f('x')}</p>; }`,
    contains: ["<p title={__tw.call1(__tw_site(0), f, void 0, 't')}>{__tw.call1(__tw_site(1), f, void 0, 'x')}</p>"],
    spans: 2,
  },
  {
    name: 'CRLF line endings, a hashbang and no final newline',
    code: `#!/usr/bin/env node\r\nimport { f } from './lib';\r\nexport function run() {\r\n  return f(1)\r\n} // end`,
    contains: ['#!/usr/bin/env node\r\nimport * as __tw from "@tracewright/runtime";import { f }', '// end\nfunction __tw_site(i)'],
    spans: 1,
  },
  {
    name: 'CommonJS without imports loads the runtime with require, after the prologue',
    file: 'input.js',
    code: `"use strict"
const { f } = require('./lib');
exports.run = function run() { return f(1); };`,
    contains: ['"use strict"\nvar __tw = require("@tracewright/runtime");const { f }'],
    spans: 1,
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  const file = c.file ?? 'input.ts';
  const source = c.code;

  test('spells the tsc writer\'s shapes, through non-overlapping edits, and still parses', () => {
    const out = instrument(c.code, file);
    expect(out.warnings).toEqual([]);
    expect(out.map).not.toBeNull();
    expect(out.edits).toBeGreaterThan(0);
    for (const fragment of c.contains) expect(out.code).toContain(fragment);
    expect(parseErrors(out.code, file)).toEqual([]);
  });

  test('runs like the plain snippet, one span per site', async () => {
    const plain = await execute(source, file);
    expect(plain.error).toBeUndefined();
    expect(plain.spans).toEqual([]);
    const instrumented = instrument(source, file);
    const run = await execute(instrumented.code, file);
    expect({ ...run, spans: [] }).toEqual(plain);
    expect(run.spans).toHaveLength(c.spans);
  });
});
