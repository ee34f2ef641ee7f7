/**
 * The source writer on optional chains and `super.m()`: shapes the fixtures
 * (fixtures/call-shapes) do not reach through the syntactic matcher — a
 * lowered chain that starts a statement after a line without a semicolon
 * (ASI), chains nested in chains, multi-line chains with comments — and
 * `super` calls, which only the type checker matches (so their join points
 * are built by hand here). Each runs plain and instrumented: same value, lines
 * and error, and the expected number of spans.
 */
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CallJoinPoint } from '../../src/transformer/match/joinPoint.js';
import { SPAN_DIRECTIVE_RULE } from '../../src/transformer/match/join/function.js';
import { writeWithMagicString } from '../../src/transformer/write/writeWithMagicString.js';
import { buildSiteTable } from '../../src/transformer/write/siteTable.js';
import { setupOtel } from '../helpers/otel.js';
import { execute, instrument, parseErrors, ROOT } from './helpers.js';
import { IntegrityCheckingMagicString } from './integrity.js';

beforeAll(() => {
  setupOtel();
});

const CASES: { name: string; code: string; contains: string[]; spans: number }[] = [
  {
    name: 'a chain that starts a statement after a line without a semicolon (ASI) gets `void 0, (` first',
    code: `import { C } from './lib';
export function run() {
  const c = new C('a')
  let s = 'x'
  c?.m(s) + console.log('operand evaluated')
  c?.m(s)
  return s
}`,
    contains: ['void 0, (null === (__tw_r = c)', '\n  null === (__tw_r = c)'],
    spans: 3, // and the constructor
  },
  {
    name: 'nested chains, multi-line chains with comments, optional callee with spread, short-circuits',
    code: `import { C, f } from './lib';
function go(c?: C, d?: C) {
  return [
    c?.m(d?.m(1), c
      // a comment inside the chain
      ?.m(2)),
    c?.m?.(...[3, 4]).length,
    d?.m(console.log('never evaluated')),
    f?.(5),
  ];
}
export function run() { return [...go(new C('c'), undefined), ...go(undefined, new C('d'))]; }`,
    contains: ['null === (__tw_r = __tw.lookup(__tw_r, "m"))', '__tw.call(__tw_site(3), __tw_r, __tw.held(), [...[3, 4]]).length', '__tw.call1(__tw_site(5), __tw_r, void 0, 5)'],
    spans: 8, // 6 calls that do not short-circuit, 2 constructors
  },
];

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('runs like the plain snippet, one span per executed site', async () => {
    const instrumented = instrument(c.code);
    expect(instrumented.warnings).toEqual([]);
    for (const fragment of c.contains) expect(instrumented.code).toContain(fragment);
    expect(parseErrors(instrumented.code)).toEqual([]);
    const plain = await execute(c.code);
    const run = await execute(instrumented.code);
    expect({ ...run, spans: [] }).toEqual({ ...plain, spans: [] });
    expect(run.spans).toHaveLength(c.spans);
  });
});

test('`super.m(x)`, `super["m"](x)` and `super.m?.(x)` keep `this` and the home object', async () => {
  const code = `class Base { constructor(public v: string) {} m(x: string) { return this.v + ':' + x; } }
class Sub extends Base {
  m(x: string) { return 'sub ' + x; }
  a(x: string) { return super.m(x); }
  b(x: string) { return (() => super['m'](x))(); }
  c(x: string) { return super.m?.(x); }
}
export function run() { const s = new Sub('v'); return [s.a('1'), s.b('2'), s.c('3')]; }
`;
  const sourceFile = ts.createSourceFile('s.ts', code, ts.ScriptTarget.Latest, true);
  const calls: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && (ts.isPropertyAccessExpression(n.expression) || ts.isElementAccessExpression(n.expression)) &&
      n.expression.expression.kind === ts.SyntaxKind.SuperKeyword) calls.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sourceFile);
  const joinPoints: CallJoinPoint[] = calls.map((node) => ({
    kind: 'call', rule: SPAN_DIRECTIVE_RULE, node, shape: 'member', target: (node.expression as ts.PropertyAccessExpression).expression, key: 'm', hasSpread: false,
    line: 1, column: 1,
  }));
  const magicString = new IntegrityCheckingMagicString(code);
  const out = writeWithMagicString(code, { ts, joinPoints, sites: buildSiteTable(joinPoints, 's.ts'), useRequire: false, sourceFile, fileName: `${ROOT}/s.ts`, magicString });
  expect(out.code).toContain('return __tw.call1(__tw_site(0), super.m, this, x);');
  expect(out.code).toContain("(() => __tw.call1(__tw_site(1), super['m'], this, x))()");
  expect(out.code).toContain('return null === (__tw_r = super.m) || __tw_r === void 0 ? void 0 : __tw.call1(__tw_site(2), __tw_r, this, x);');
  expect(parseErrors(out.code)).toEqual([]);
  const plain = await execute(code);
  const run = await execute(out.code);
  expect({ ...run, spans: [] }).toEqual({ ...plain, spans: [] });
  expect(plain.value).toBe('["v:1","v:2","v:3"]');
  expect(run.spans).toHaveLength(3);
});

test('the map points each wrapper call inside a lowered chain at the original call', async () => {
  const { originalPositionFor, TraceMap } = await import('@jridgewell/trace-mapping');
  const code = `import { C } from './lib';
export function run(c?: C) {
  return c
    ?.m(1)
    .length;
}
`;
  const out = instrument(code);
  const at = out.code.indexOf('__tw.method1(');
  const before = out.code.slice(0, at).split('\n');
  const original = originalPositionFor(new TraceMap(out.map as never), { line: before.length, column: before[before.length - 1]!.length });
  expect({ line: original.line, column: original.column }).toEqual({ line: 4, column: 6 }); // `m` of `?.m(1)`, as V8 reports it
});
