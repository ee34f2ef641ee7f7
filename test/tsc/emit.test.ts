/**
 * What tsc emits besides the JavaScript stays right: declarations are the
 * same as without the plugin, tsc's source maps still point at the wrapped
 * call, and each module kind gets a runtime import it can load. Invalid
 * options stop the build with a tsc error naming the option.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { describe, expect, test } from 'vitest';
import { compileProject } from '../helpers/compile.js';
import { builtinRules } from '../../src/rules/index.js';

const files = {
  'src/client.ts': [
    "import { get } from 'node:http';",
    'export interface Options { url: string }',
    '/** Fetches a page. */',
    'export async function load(options: Options): Promise<number> {',
    '  const res = await fetch(options.url);',
    "  get('http://127.0.0.1:1').on('error', () => {});",
    '  return res.status;',
    '}',
    '',
  ].join('\n'),
};

describe('declarations and source maps', () => {
  const compilerOptions = { declaration: true, sourceMap: true, module: 'CommonJS' };
  const plain = compileProject({ name: 'emit-plain', files, plugin: false, compilerOptions });
  const instrumented = compileProject({ name: 'emit-instrumented', files, compilerOptions });

  test('the plugin wraps the calls and leaves declarations untouched', () => {
    expect(instrumented.errors).toEqual([]);
    expect(instrumented.outputs['out/src/client.js']).toContain('__tw.call1(__tw_site(0), fetch, void 0, options.url)');
    expect(instrumented.outputs['out/src/client.d.ts']).toBe(plain.outputs['out/src/client.d.ts']);
  });

  test("tsc's source map maps the wrapped call back to the original call", () => {
    const js = instrumented.outputs['out/src/client.js']!;
    const map = new TraceMap(instrumented.outputs['out/src/client.js.map']!);
    const lines = js.split('\n');
    const line = lines.findIndex((l) => l.includes('__tw.call1(__tw_site(0)'));
    const column = lines[line]!.indexOf('__tw.call1');
    const original = originalPositionFor(map, { line: line + 1, column });
    expect(original).toMatchObject({ source: '../../src/client.ts', line: 5, column: 20 });
  });
});

describe('module kinds', () => {
  test.each([
    ['CommonJS', /const __tw = __importStar\(require\("@tracewright\/runtime"\)\);/],
    ['ESNext', /^import \* as __tw from "@tracewright\/runtime";/m],
    ['NodeNext', /const __tw = __importStar\(require\("@tracewright\/runtime"\)\);/],
  ])('%s output loads the runtime first', (module, pattern) => {
    const out = compileProject({
      name: `emit-${module}`, files: { 'src/a.ts': "export const go = () => fetch('http://x');\n" },
      compilerOptions: { module, ...(module === 'CommonJS' ? {} : { moduleResolution: module === 'NodeNext' ? 'NodeNext' : 'Bundler' }) },
    });
    expect(out.errors).toEqual([]);
    const js = out.outputs['out/src/a.js']!;
    expect(js).toMatch(pattern);
    // The runtime is loaded before any other import so circular imports see it initialised.
    expect(js.indexOf('@tracewright/runtime')).toBeLessThan(js.indexOf('__tw_site(0)'));
  });

  test('an ES module under nodenext (.mts) keeps an import', () => {
    const out = compileProject({
      name: 'emit-mts', files: { 'src/a.mts': "export const go = () => fetch('http://x');\n" },
      compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' },
    });
    expect(out.errors).toEqual([]);
    expect(out.outputs['out/src/a.mjs']).toMatch(/^import \* as __tw from "@tracewright\/runtime";/m);
  });

  test('a CommonJS script built for ES module output still gets a require, not an import', () => {
    const out = compileProject({
      name: 'emit-cjs-script-esnext', files: { 'src/a.js': "const http = require('http');\nmodule.exports = () => http.get('http://x');\n" },
      compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' },
    });
    expect(out.errors).toEqual([]);
    expect(out.outputs['out/src/a.js']).toMatch(/^var __tw = require\("@tracewright\/runtime"\);$/m);
    expect(out.outputs['out/src/a.js']).not.toContain('import ');
  });

  test('a CommonJS script (.js with require, no import/export) gets a require', () => {
    const out = compileProject({
      name: 'emit-cjs-script', files: { 'src/a.js': "const http = require('http');\nhttp.get('http://x');\n" },
      compilerOptions: { module: 'CommonJS' },
    });
    expect(out.errors).toEqual([]);
    expect(out.outputs['out/src/a.js']).toMatch(/^var __tw = require\("@tracewright\/runtime"\);$/m);
  });
});

describe('report', () => {
  test('the JSON report lists matched sites, skipped sites with reasons, unmatched rules and warnings', () => {
    const out = compileProject({
      name: 'emit-report',
      files: {
        'src/a.ts': "import http from 'node:http';\nexport const go = () => fetch('http://x');\nexport const no = () => (globalThis?.fetch)?.('http://y');\n/* tracewright ignore next */\nhttp.get('http://z');\n",
        'src/b.ts': 'export const nothing = 1;\n',
      },
      plugin: { report: 'out/report.json', rules: [{ id: 'mine.never', join: 'call', module: 'node:os', export: 'cpus' }] },
    });
    expect(out.errors).toEqual([]);
    const report = JSON.parse(readFileSync(join(out.root, 'out/report.json'), 'utf8'));
    expect(report).toEqual({
      version: 1,
      files: 2,
      instrumentedFiles: 1,
      matched: [{ rule: 'fetch', file: 'src/a.ts', line: 2, column: 25 }],
      skipped: [
        { rule: 'fetch', file: 'src/a.ts', line: 3, column: 25, reason: 'optional chaining: the callee is itself a parenthesised optional chain (`(a?.b)?.()`), whose receiver cannot be kept for `this` together with its own short-circuit' },
        { rule: 'http.get', file: 'src/a.ts', line: 5, column: 1, reason: 'ignored by a tracewright ignore directive' },
      ],
      // Every built-in rule but the two that matched or were skipped, in catalog order, then the user's.
      unmatchedRules: [...builtinRules.map((r) => r.id).filter((id) => id !== 'fetch' && id !== 'http.get'), 'mine.never'],
      warnings: [{ rule: 'mine.never', message: 'rule mine.never (from tsconfig.json plugins[].rules) matched nothing in this build' }],
    });
    // Warnings as printed: the rule that matched nothing and the optional call (not the ignored one).
    expect(out.stderr.match(/warning TW99002/g)).toHaveLength(2);
    expect(out.stderr).toContain('[tracewright] 1 site instrumented in 1 of 2 files; 2 skipped; 2 warnings (report: out/report.json)');
  });
});

describe('include and exclude', () => {
  test('only included, not excluded files are instrumented', () => {
    const files = {
      'src/a.ts': "export const a = () => fetch('http://a');\n",
      'src/legacy/b.ts': "export const b = () => fetch('http://b');\n",
      'scripts/c.ts': "export const c = () => fetch('http://c');\n",
    };
    const out = compileProject({ name: 'emit-include-exclude', files, plugin: { include: ['src/**'], exclude: ['src/legacy/**'] } });
    expect(out.errors).toEqual([]);
    expect(out.outputs['out/src/a.js']).toContain('__tw.call1(');
    expect(out.outputs['out/src/legacy/b.js']).not.toContain('__tw');
    expect(out.outputs['out/scripts/c.js']).not.toContain('__tw');
    expect(out.stderr).toContain('1 site instrumented in 1 of 1 files');
  });
});

describe('bad options stop the build', () => {
  test('an unknown option is a tsc error naming it, and nothing is emitted', () => {
    const out = compileProject({ name: 'emit-bad-option', files: { 'a.ts': 'fetch("x");\n' }, plugin: { rulse: [] } });
    expect(out.errors).toEqual(['[tracewright] tsconfig.json: option "rulse": unknown option; did you mean "rules"?']);
    expect(out.outputs).toEqual({});
  });

  test('a rule whose package is not installed is a warning, not a crash', () => {
    const out = compileProject({
      name: 'emit-missing-module', files: { 'a.ts': 'export {};\n' },
      plugin: { rules: [{ id: 'nope.go', join: 'call', module: 'not-installed-pkg', export: 'go' }] },
    });
    expect(out.errors).toEqual([]);
    expect(out.stderr).toContain('warning TW99002: [tracewright] rule nope.go (from tsconfig.json plugins[].rules): module "not-installed-pkg" is not installed in');
    expect(out.stderr).toContain('warning TW99002: [tracewright] rule nope.go (from tsconfig.json plugins[].rules) matched nothing in this build');
  });

  test('strict turns warnings into errors', () => {
    const out = compileProject({ name: 'emit-strict', files: { 'a.ts': 'declare const m: any;\n(globalThis?.fetch)?.("x");\n' }, plugin: { strict: true } });
    expect(out.errors).toEqual(['a.ts(2,1): [tracewright] rule fetch: site left uninstrumented: optional chaining: the callee is itself a parenthesised optional chain (`(a?.b)?.()`), whose receiver cannot be kept for `this` together with its own short-circuit']);
  });
});
