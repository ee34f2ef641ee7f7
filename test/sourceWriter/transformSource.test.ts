/**
 * `transformSource`, the per-file core of every bundler plugin: the fast path
 * (no parse without a trigger name), idempotence, determinism, files that do
 * not parse, strict mode, how the runtime is loaded per module kind, and the
 * element-access shape (`recv[k](a)`) spelled from a join point.
 */
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { TracewrightError } from '../../src/errors.js';
import type { CallJoinPoint } from '../../src/transformer/match/joinPoint.js';
import { buildSiteTable } from '../../src/transformer/write/siteTable.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { writeWithMagicString } from '../../src/transformer/write/writeWithMagicString.js';
import { SPAN_DIRECTIVE_RULE } from '../../src/transformer/match/join/function.js';
import { IntegrityCheckingMagicString } from './integrity.js';
import { instrument, parseErrors, ROOT, testSession } from './helpers.js';

describe('fast path', () => {
  // A syntax error shows whether the file was parsed: parsed files that fail get a warning.
  test('a file without any trigger name is not parsed, but counted in the report', () => {
    const session = testSession([]);
    expect(transformSource('export const answer = ;\n', join(ROOT, 'src/plain.ts'), session)).toBeUndefined();
    expect(session.report.toJSON().files).toBe(1);
  });

  test('a trigger name makes it parse', () => {
    expect(transformSource('export const fetched = ;\n', join(ROOT, 'src/local.ts'), testSession([]))?.warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('src/local.ts:1:24: file left uninstrumented: it does not parse') }),
    ]);
  });

  test('unknown extensions are left to other plugins', () => {
    expect(transformSource('fetch("x")', join(ROOT, 'src/a.vue'), testSession([]))).toBeUndefined();
    expect(transformSource('fetch("x")', join(ROOT, 'src/a.ts?vue&type=script'), testSession([]))?.code).toContain('__tw.call1');
  });
});

test('idempotent: an instrumented file is recognised and left alone (either writer)', () => {
  const once = instrument(`export const r = fetch('http://x');\n`);
  expect(once.code).toContain('__tw.call1(');
  expect(transformSource(once.code, join(ROOT, 'input.ts'), testSession())).toBeUndefined();
});

test('a file that only mentions the site function (a comment, a string) is not taken for instrumented', () => {
  // Found by the silence audit: src/transformer/write/writeWithTsFactory.ts documents the emitted code.
  const code = "/**\n * `function __tw_site(i) { … } var __tw_sites;`\n */\nexport const r = fetch('http://x', { body: 'function __tw_site(' });\n";
  expect(transformSource(code, join(ROOT, 'input.ts'), testSession())?.code).toContain('__tw.call2(');
});

test('deterministic: same input and options, same code and map', () => {
  const code = `import { f } from './lib';\nexport const a = [f(1), f(2, 3), fetch('http://x')];\n`;
  const a = instrument(code);
  const b = instrument(code);
  expect(a.code).toBe(b.code);
  expect(JSON.stringify(a.map)).toBe(JSON.stringify(b.map));
});

describe('a file that does not parse', () => {
  const broken = `export function run() {\n  return fetch('http://x'\n}\n`;
  const warning = (reason: string) => `[tracewright] src/broken.ts:3:1: file left uninstrumented: it does not parse (${reason})`;

  test('is passed through unchanged with a warning naming the file, position and oxc\'s reason', () => {
    const out = transformSource(broken, join(ROOT, 'src/broken.ts'), testSession());
    expect(out?.code).toBe(broken);
    expect(out?.map).toBeNull();
    expect(out?.warnings).toEqual([expect.objectContaining({
      file: join(ROOT, 'src/broken.ts'), line: 3, column: 1, message: warning('Expected `,` or `)` but found `}`'),
    })]);
  });

  test('the TypeScript fallback parser reports the same position with its own reason', () => {
    const out = transformSource(broken, join(ROOT, 'src/broken.ts'), testSession(), { parser: 'typescript' });
    expect(out?.code).toBe(broken);
    expect(out?.warnings.map((w) => w.message)).toEqual([warning("',' expected.")]);
  });

  test('is an error under strict', () => {
    expect(() => transformSource(broken, join(ROOT, 'src/broken.ts'), testSession(undefined, { strict: true })))
      .toThrow(warning('Expected `,` or `)` but found `}`'));
  });
});

test('a CommonJS script that returns at top level parses (oxc retries it as CommonJS)', () => {
  const code = `if (process.env.SKIP) return;\nconst http = require('http');\nmodule.exports = () => fetch('http://x');\n`;
  const out = transformSource(code, join(ROOT, 'src/early.js'), testSession());
  expect(out?.warnings).toEqual([]);
  expect(out?.code).toContain('var __tw = require("@tracewright/runtime");');
  expect(out?.code).toContain('__tw.call1(__tw_site(0), fetch, void 0, ');
});

test('strict: a site left uninstrumented stops the build with its position', () => {
  const code = `export const r = (globalThis?.fetch)?.('http://x');\n`;
  expect(instrument(code).warnings).toHaveLength(1);
  let error: unknown;
  try {
    transformSource(code, join(ROOT, 'src/s.ts'), testSession(undefined, { strict: true }));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TracewrightError);
  expect((error as TracewrightError).problems).toEqual([expect.objectContaining({ file: join(ROOT, 'src/s.ts'), line: 1, column: 18 })]);
});

describe('how the runtime is loaded', () => {
  const header = (code: string, file: string) => instrument(code, file).code.split('\n').find((l) => l.includes('@tracewright/runtime'));
  test.each([
    ['ES module (.ts)', `import x from 'y';\nfetch(x);\n`, 'a.ts', 'import * as __tw from "@tracewright/runtime";import "@tracewright/runtime/hooks/fetch";import x'],
    ['.mjs script without imports', `fetch('u');\n`, 'a.mjs', 'import * as __tw from "@tracewright/runtime";import "@tracewright/runtime/hooks/fetch";__tw.call1('],
    ['.cjs', `fetch('u');\n`, 'a.cjs', 'var __tw = require("@tracewright/runtime");require("@tracewright/runtime/hooks/fetch");__tw.call1('],
    ['.js with module.exports', `module.exports = () => fetch('u');\n`, 'a.js', 'var __tw = require("@tracewright/runtime");require("@tracewright/runtime/hooks/fetch");module.exports'],
    ['.js with require', `const http = require('http');\nhttp.get('u');\n`, 'a.js', 'var __tw = require("@tracewright/runtime");require("@tracewright/runtime/hooks/http");const http'],
    ['after the directive prologue', `'use client';\nexport const r = fetch('u');\n`, 'a.tsx', 'import * as __tw from "@tracewright/runtime";import "@tracewright/runtime/hooks/fetch";export const r'],
  ])('%s', (_name, code, file, expected) => {
    expect(header(code, file)).toContain(expected);
  });

  test('each hook family a file needs is loaded once, sorted; a file without hooked sites loads none', () => {
    const code = `import * as http from 'node:http';\nfetch('a');\nhttp.get('b');\nfetch('c');\n`;
    expect(header(code, 'm.ts')).toContain(
      'import * as __tw from "@tracewright/runtime";import "@tracewright/runtime/hooks/fetch";import "@tracewright/runtime/hooks/http";import * as http');
    const plain = instrument(`/** @span */\nexport function f() { return 1; }\n`, 'n.ts').code;
    expect(plain).toContain('import * as __tw from "@tracewright/runtime";');
    expect(plain).not.toContain('/hooks/');
  });
});

test('element access calls `recv[k](a)` keep the key expression in place', () => {
  const code = `const k = 'm';\nconst recv = { m(a: number) { return a; } };\nrecv[k](1);\n`;
  const sourceFile = ts.createSourceFile(join(ROOT, 'e.ts'), code, ts.ScriptTarget.Latest, true);
  const call = (sourceFile.statements[2] as ts.ExpressionStatement).expression as ts.CallExpression;
  const callee = call.expression as ts.ElementAccessExpression;
  const jp: CallJoinPoint = { kind: 'call', rule: SPAN_DIRECTIVE_RULE, node: call, shape: 'element', target: callee.expression, key: callee.argumentExpression, hasSpread: false, line: 3, column: 1 };
  const magicString = new IntegrityCheckingMagicString(code);
  const out = writeWithMagicString(code, { ts, joinPoints: [jp], sites: buildSiteTable([jp], 'e.ts'), useRequire: false, sourceFile, fileName: join(ROOT, 'e.ts'), magicString });
  expect(out.code).toContain('__tw.method1(__tw_site(0), recv, k, 1);');
  expect(parseErrors(out.code)).toEqual([]);
});
