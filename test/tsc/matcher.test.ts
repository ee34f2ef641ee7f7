/**
 * The matcher decides what to wrap: import forms, globals and shadowing,
 * project globs, type-aware and syntactic method receivers, `new`, versions,
 * and directives. Asserted as `rule@line:col` lists so a wrong decision shows.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolvedBuiltinRules } from '../../src/rules/index.js';
import { validateRules } from '../../src/rules/validate.js';
import type { Rule } from '../../src/rules/types.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { loadTypeScript } from '../helpers/typescript.js';

const ts = loadTypeScript();
const root = resolve(import.meta.dirname, '../.tmp/matcher');
// Module resolution only looks into directories that exist.
mkdirSync(root, { recursive: true });

interface Files { [path: string]: string }

/** Matches `input.ts` (syntactically, or with a checker over every file) and lists the decisions. */
function match(files: Files | string, options: { rules?: Rule[]; builtin?: boolean; checker?: boolean } = {}) {
  const all: Files = typeof files === 'string' ? { 'input.ts': files } : files;
  const rules = [...(options.builtin === false ? [] : resolvedBuiltinRules()), ...(options.rules ? validateRules(options.rules, 'test') : [])];
  const fileName = resolve(root, 'input.ts');
  let sourceFile: import('typescript').SourceFile;
  let checker: import('typescript').TypeChecker | undefined;
  if (options.checker) {
    const compilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, types: ['node'] };
    const host = ts.createCompilerHost(compilerOptions);
    const get = host.getSourceFile.bind(host);
    const byPath = new Map(Object.entries(all).map(([p, text]) => [resolve(root, p), text]));
    host.getSourceFile = (n, l, e, c) => byPath.has(resolve(n)) ? ts.createSourceFile(n, byPath.get(resolve(n))!, l, true) : get(n, l, e, c);
    const exists = host.fileExists.bind(host);
    host.fileExists = (n) => byPath.has(resolve(n)) || exists(n);
    const program = ts.createProgram([...byPath.keys()], compilerOptions, host);
    sourceFile = program.getSourceFile(fileName)!;
    checker = program.getTypeChecker();
  } else {
    sourceFile = ts.createSourceFile(fileName, all['input.ts']!, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  }
  const result = matchCallSites(sourceFile, { ts, rules: indexRules(rules), checker, fileName, projectRoot: root, checkVersion: createVersionCheck() });
  return {
    sites: result.joinPoints.map((j) => `${j.rule.id}@${j.line}:${j.column}${j.kind === 'call' ? ` ${j.shape}` : ''}`),
    skipped: result.skipped.map((s) => `${s.ruleId}@${s.line}:${s.column} ${s.reason}`),
    warnings: result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`),
  };
}

describe('call join: import forms', () => {
  test.each([
    ['named import', `import { get } from 'http';\nget('u');`, ['http.get@2:1 plain']],
    ['aliased import with node: prefix', `import { request as r } from 'node:https';\nr('u');`, ['https.request@2:1 plain']],
    ['default import used as namespace', `import http from 'http';\nhttp.get('u');`, ['http.get@2:1 member']],
    ['namespace import', `import * as h from 'node:http';\nh.request('u');`, ['http.request@2:1 member']],
    ['element access with a string key', `import * as h from 'http';\nh['get']('u');`, ['http.get@2:1 member']],
    ['require', `const http = require('http');\nhttp.get('u');`, ['http.get@2:1 member']],
    ['destructured require with alias', `const { get: g } = require('node:http');\ng('u');`, ['http.get@2:1 plain']],
    ['require().name inline', `require('https').get('u');`, ['https.get@1:1 member']],
    ['import = require', `import http = require('http');\nhttp.request('u');`, ['http.request@2:1 member']],
    ['const alias of a member', `import * as http from 'http';\nconst g = http.get;\ng('u');`, ['http.get@3:1 plain']],
    ['destructuring a namespace', `import * as http from 'http';\nconst { get } = http;\nget('u');`, ['http.get@3:1 plain']],
    ['undici named imports', `import { fetch, request } from 'undici';\nfetch('u'); request('u');`, ['undici.fetch@2:1 plain', 'undici.request@2:13 plain']],
    ['other exports do not match', `import { validateHeaderName } from 'http';\nvalidateHeaderName('x-a');`, []],
    ['type-only import does not match', `import type { get } from 'http';\ndeclare const x: typeof get;`, []],
    ['compiled CommonJS: (0, m_1.f)(x)', `const undici_1 = require("undici");\n(0, undici_1.fetch)('u');`, ['undici.fetch@2:1 plain']],
    ['compiled CommonJS: __importDefault(require()).default', `const http_1 = __importDefault(require("http"));\nhttp_1.default.get('u');`, ['http.get@2:1 member']],
    ['compiled CommonJS: __importStar(require())', `const https = __importStar(require("node:https"));\nhttps.request('u');`, ['https.request@2:1 member']],
  ])('%s', (_name, code, sites) => {
    expect(match(code).sites).toEqual(sites);
  });
});

describe('call join: globals and shadowing', () => {
  test.each([
    ['global fetch', `fetch('u');`, ['fetch@1:1 plain']],
    ['globalThis.fetch', `globalThis.fetch('u');`, ['fetch@1:1 member']],
    ['shadowed by a parameter', `function f(fetch: any) { fetch('u'); }`, []],
    ['shadowed by a block const', `{ const fetch = (u: string) => u; fetch('u'); }\nfetch('v');`, ['fetch@2:1 plain']],
    ['shadowed by a hoisted var', `function f() { fetch('u'); if (1) { var fetch: any = 1; } }`, []],
    ['shadowed by a function declaration', `fetch('u');\nfunction fetch(u: string) { return u; }`, []],
    ['shadowed by a catch parameter', `try {} catch (fetch: any) { fetch('u'); }`, []],
    ['shadowed by an import', `import { fetch } from './mine';\nfetch('u');`, []],
    ['a member named fetch is not the global', `const o = { fetch: (u: string) => u };\no.fetch('u');`, []],
  ])('%s', (_name, code, sites) => {
    expect(match(code).sites).toEqual(sites);
  });
});

describe('optional chains, decorators, and the shapes left alone', () => {
  test('optional calls and calls in decorators are wrapped; a parenthesised optional callee is reported', () => {
    const result = match(`fetch?.('u');\nconst d = (x: unknown) => (t: unknown) => t;\nclass C { @d(fetch('u')) m() {} }\n(globalThis?.fetch)?.('v');`);
    expect(result.sites).toEqual(['fetch@1:1 plain', 'fetch@3:14 plain']);
    expect(result.skipped).toEqual([
      'fetch@4:1 optional chaining: the callee is itself a parenthesised optional chain (`(a?.b)?.()`), whose receiver cannot be kept for `this` together with its own short-circuit',
    ]);
  });
});

describe('project globs, new, versions', () => {
  const rules: Rule[] = [
    { id: 'db.query', join: 'call', module: './src/db/**', export: 'query' },
    { id: 'db.repo', join: 'new', module: './src/db/**', export: 'Repo' },
  ];
  test('a call and a constructor from project files', () => {
    const code = `import { query, Repo } from './src/db/index.js';\nimport { query as other } from './src/other';\nquery('q'); new Repo(); other('q');`;
    expect(match(code, { rules, builtin: false }).sites).toEqual(['db.query@3:1 plain', 'db.repo@3:13']);
  });
  test('a versions range that the installed package does not satisfy skips the site with the reason', () => {
    const code = `import { fetch } from 'undici';\nfetch('u');`;
    const result = match(code, { builtin: false, rules: [{ id: 'undici.old', join: 'call', module: 'undici', export: 'fetch', versions: '<5' }] });
    expect(result.sites).toEqual([]);
    expect(result.skipped[0]).toMatch(/^undici\.old@2:1 installed undici@\d+\.\d+\.\d+ does not satisfy "<5"$/);
  });
  test('a rule for a module that is not installed skips with the reason', () => {
    const code = `import { go } from 'not-installed-pkg';\ngo();`;
    const result = match(code, { builtin: false, rules: [{ id: 'x.go', join: 'call', module: 'not-installed-pkg', export: 'go', versions: '>=1' }] });
    expect(result.skipped).toEqual([expect.stringMatching(/^x\.go@2:1 module "not-installed-pkg" is not installed/)]);
  });
});

describe('method join', () => {
  const rules: Rule[] = [{ id: 'store.get', join: 'method', module: './store', class: ['Store'], name: 'get' }];
  const store = `export class Store { get(k: string) { return k; } }\nexport class Sub extends Store {}\nexport interface Other { get(k: string): string }`;
  test('type-aware: class, subclass, union; not an unrelated type', () => {
    const code = `import { Store, Sub, type Other } from './store';\ndeclare const a: Store; declare const b: Sub; declare const c: Store | undefined; declare const d: Other;\na.get('1'); b.get('2'); c!.get('3'); d.get('4');`;
    expect(match({ 'input.ts': code, 'store.ts': store }, { rules, builtin: false, checker: true }).sites)
      .toEqual(['store.get@3:1 member', 'store.get@3:13 member', 'store.get@3:25 member']);
  });
  test('syntactic: new, type annotation, this.field; unknown receivers reported', () => {
    const code = `import { Store } from './store';\nconst s = new Store();\ns.get('1');\nfunction f(t: Store, u: any) { t.get('2'); u.get('3'); }\nclass K { st = new Store(); m() { this.st.get('4'); } }`;
    const result = match({ 'input.ts': code }, { rules, builtin: false });
    expect(result.sites).toEqual(['store.get@3:1 member', 'store.get@4:32 member', 'store.get@5:35 member']);
  });
  test('path rules match a property path from an instance', () => {
    const pathRules: Rule[] = [{ id: 'ai.create', join: 'method', module: './ai', class: ['AI'], path: 'chat.completions.create' }];
    const ai = `export class AI { chat = { completions: { create: (x: number) => x } } }`;
    const code = `import { AI } from './ai';\nconst ai = new AI();\nai.chat.completions.create(1);\nai.chat.create(2);`;
    expect(match({ 'input.ts': code, 'ai.ts': ai }, { rules: pathRules, builtin: false, checker: true }).sites).toEqual(['ai.create@3:1 member']);
  });
});

describe('directives', () => {
  test('ignore next, start/stop and ineffective directives', () => {
    const code = [
      '/* tracewright ignore next */',
      "fetch('a');",
      "fetch('b');",
      '// tracewright ignore start',
      "fetch('c');",
      '// tracewright ignore stop',
      '/* tracewright ignore next */',
      'const x = 1;',
      "const s = '/* tracewright ignore next */';",
      "fetch('d');",
    ].join('\n');
    const result = match(code);
    expect(result.sites).toEqual(['fetch@3:1 plain', 'fetch@10:1 plain']);
    expect(result.warnings).toEqual(['7:1 tracewright ignore next has no effect: nothing it covers would be instrumented']);
  });
  test('an ignore directive also silences a receiver that cannot be resolved', () => {
    const rules: Rule[] = [{ id: 'pg.query', join: 'method', module: 'pg', class: 'Client', name: 'query' }];
    const code = "import { Client } from 'pg';\nfunction f(c: any) {\n  /* tracewright ignore next */\n  c.query('x');\n  c.query('y');\n}";
    const result = match(code, { rules, builtin: false });
    expect(result.skipped).toEqual([
      'pg.query@4:3 ignored by a tracewright ignore directive',
      'pg.query@5:3 cannot tell the type of the receiver of .query() without type information',
    ]);
    expect(result.warnings).toEqual([]);
  });
  test('ignore file at the top', () => {
    expect(match("/* tracewright ignore file */\nfetch('a');").sites).toEqual([]);
    expect(match("fetch('a');\n/* tracewright ignore file */\nfetch('b');").warnings).toEqual(['2:1 tracewright ignore file has no effect: it must come before the first statement']);
  });
  test('@span on functions, methods and arrows; misplaced @span is reported', () => {
    const code = [
      '/** @span load.user tier=gold */',
      'export async function load() {}',
      'class Repo {',
      '  /** @span */',
      '  find() {}',
      '}',
      '/** @span */',
      'const f = () => 1;',
      '/** @span */',
      'const n = 2;',
    ].join('\n');
    const result = match(code);
    expect(result.sites).toEqual(['span@2:1', 'span@5:3', 'span@8:1']);
    expect(result.warnings).toEqual(['9:1 @span has no effect here: it must be the doc comment of a function, method or `const f = () => …`']);
  });
});

describe('destructured methods', () => {
  test('under tsc too: reported by the type of the destructured value', () => {
    const files = {
      'input.ts': `import { Db } from './db';\nexport function f(db: Db) {\n  const { query } = db;\n  return query;\n}\n`,
      'db.ts': `export class Db { query(sql: string) { return sql; } }\n`,
    };
    const rules: Rule[] = [{ id: 'db.query', join: 'method', module: './db*', class: 'Db', name: 'query', span: { name: 'q' } }];
    expect(match(files, { rules, builtin: false, checker: true }).skipped).toEqual([
      'db.query@3:11 `{ query }` takes the method off its receiver (calling it loses `this`): not wrapped; call it on the instance instead',
    ]);
  });
});
