/**
 * Project specifiers resolved the way module resolution does, in both paths (issue 10 item 1):
 * `'.'`, `'..'`, `'./'`, `'../'`, `'./index'`, directory imports, `.js` → `.ts`, tsconfig
 * `paths` (`@/db`) and `baseUrl`, package `imports` (`#db`) and self-references through the
 * package's own `name` and `exports` (build output mapped back to source through
 * `outDir`/`rootDir`). The bundler resolver and tsc's program must give the same file for
 * each; project-glob rules then match every spelling, and a specifier nothing resolves that
 * could be a project file is reported, not silently dropped.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { ProjectSpecifierResolver, programSpecifierResolver, projectImportPatterns, type SpecifierResolution } from '../../src/transformer/match/resolveProjectSpecifier.js';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { loadTypeScript } from '../helpers/typescript.js';

const ts = loadTypeScript();
const root = resolve(import.meta.dirname, '../.tmp/project-specifiers');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({
    name: 'spec-app', private: true,
    exports: { '.': './dist/index.js', './db': { types: './dist/db/index.d.ts', default: './dist/db/index.js' } },
    imports: { '#db': './src/db/index.ts' },
  }),
  // JSONC, as users write it: comments, trailing commas, and `extends` carrying the aliases.
  'tsconfig.base.json': `{
    // aliases live in the base config, relative to it
    "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "@db": ["src/db/index.ts"], }, },
  }`,
  'tsconfig.json': `{ "extends": "./tsconfig.base.json", "compilerOptions": { "rootDir": "src", "outDir": "dist", "module": "ESNext",
    "moduleResolution": "Bundler", "strict": true, "skipLibCheck": true, "types": ["node"], "allowImportingTsExtensions": false } }`,
  'src/index.ts': `export function chunk(n: number) { return n; }\n`,
  'src/db/index.ts': `export function query(q: string) { return q; }\n`,
  'src/lib/util.ts': `export function helper() { return 1; }\n`,
  'src/x/index.ts': `export function local() { return 2; }\n`,
  'src/x/a.ts': `export {};\n`,
  'src/ambient.d.ts': `declare module 'declared-only' { export function go(): void; }\n`,
};

const SHAPES: [string, string | 'package'][] = [
  ['..', 'src/index.ts'], ['../', 'src/index.ts'], ['.', 'src/x/index.ts'], ['./', 'src/x/index.ts'], ['./index', 'src/x/index.ts'],
  ['../db', 'src/db/index.ts'], ['../lib/util.js', 'src/lib/util.ts'], ['../index.js', 'src/index.ts'],
  ['@/db', 'src/db/index.ts'], ['@/lib/util', 'src/lib/util.ts'], ['@db', 'src/db/index.ts'], ['src/lib/util', 'src/lib/util.ts'],
  ['spec-app', 'src/index.ts'], ['spec-app/db', 'src/db/index.ts'], ['#db', 'src/db/index.ts'],
  ['pg', 'package'], ['node:fs', 'package'], ['fs', 'package'], ['virtual:routes', 'package'],
];

beforeAll(() => {
  rmSync(root, { recursive: true, force: true });
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
});

function program() {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  return ts.createProgram(parsed.fileNames, parsed.options);
}

const shown = (r: SpecifierResolution) => (r.kind === 'project' ? relative(root, r.file) : r.kind);
const importer = () => join(root, 'src/x/a.ts');

describe('which file a specifier loads', () => {
  test.each(SHAPES)('bundler path: %s', (specifier, expected) => {
    expect(shown(new ProjectSpecifierResolver().resolve(specifier, importer()))).toBe(expected);
  });
  // One program for the table (building one loads @types/node: seconds).
  let tsc: ReturnType<typeof programSpecifierResolver> | undefined;
  const tscResolve = (specifier: string) => (tsc ??= programSpecifierResolver(ts, program())).resolve(specifier, importer());
  test.each(SHAPES)('tsc (the program decides): %s', (specifier, expected) => {
    expect(shown(tscResolve(specifier))).toBe(expected);
  });
  test.each(['@/missing', 'not-installed-package', '#nothing'])('unresolved with a reason in both paths: %s', (specifier) => {
    expect(new ProjectSpecifierResolver().resolve(specifier, importer()).kind).toBe('unresolved');
    expect(tscResolve(specifier).kind).toBe('unresolved');
  });
  test('bundler path: a package.json that is not JSON, and a directory named like a source file, are passed over', () => {
    // The resolver asks whether a file exists without a thrown error; what it finds must stay the same.
    const odd = resolve(import.meta.dirname, '../.tmp/project-specifiers-odd');
    rmSync(odd, { recursive: true, force: true });
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'odd-app', exports: { './db': './src/db.ts' } }),
      'src/db.ts': 'export const x = 1;\n',
      'src/odd/package.json': '{ not json',
      'src/odd/dir.ts/index.ts': 'export const y = 2;\n',
      'src/odd/a.ts': 'export {};\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(odd, name)), { recursive: true });
      writeFileSync(join(odd, name), text);
    }
    const from = join(odd, 'src/odd/a.ts');
    const resolver = new ProjectSpecifierResolver();
    const at = (specifier: string) => {
      const r = resolver.resolve(specifier, from);
      return r.kind === 'project' ? relative(odd, r.file) : r.kind;
    };
    expect(at('odd-app/db')).toBe('src/db.ts'); // the parent's package.json, past the broken one
    expect(at('./dir.ts')).toBe('src/odd/dir.ts/index.ts'); // `dir.ts` is a directory: its index
    expect(at('./missing')).toBe('unresolved');
  });
  test('a module the program only declares (`declare module`) is not a project file to tsc', () => {
    expect(tscResolve('declared-only').kind).toBe('package');
  });
  test('the native code filter lets alias, imports and self-reference specifiers through', () => {
    const patterns = projectImportPatterns(root);
    const passes = (code: string) => patterns.some((p) => p.test(code));
    // baseUrl is set: any bare specifier may be a project path.
    expect(passes(`import { pool } from 'db/pool';`)).toBe(true);
  });
});

describe('project-glob rules match every spelling, in both paths', () => {
  const rules = indexRules(validateRules([{ id: 'app.calls', join: 'call', module: './src/**', export: ['chunk', 'query', 'helper', 'local'] }], 'test'));
  const code = [
    `import { chunk } from '..';`, `import { chunk as c2 } from '../';`, `import { local } from '.';`, `import { local as l2 } from './index';`,
    `import { query } from '../db';`, `import { helper } from '../lib/util.js';`, `import { query as q2 } from '@/db';`,
    `import { helper as h2 } from 'src/lib/util';`, `import { chunk as c3 } from 'spec-app';`, `import { query as q3 } from 'spec-app/db';`,
    `import { query as q4 } from '#db';`, `import { query as q5 } from '@/missing';`,
    `chunk(1); c2(1); local(); l2(); query('a'); helper(); q2('b'); h2(); c3(1); q3('c'); q4('d'); q5('e');`,
  ].join('\n');
  const calls = ['13:1', '13:11', '13:18', '13:27', '13:33', '13:45', '13:55', '13:64', '13:70', '13:77', '13:86', '13:95'];
  const expectedSites = calls.slice(0, 11).map((at) => `app.calls@${at}`);
  const expectedSkip = [`app.calls@13:95 cannot tell which file "@/missing" loads`];

  test('bundler path (syntactic matcher, the build-wide resolver)', () => {
    writeFileSync(importer(), code);
    const session = createBuildSession({ rules: [{ id: 'app.calls', join: 'call', module: './src/**', export: ['chunk', 'query', 'helper', 'local'] }] },
      { configFile: join(root, 'tsconfig.json'), projectRoot: root });
    const out = transformSource(code, importer(), session);
    const report = session.report.toJSON();
    expect(report.matched.map((s) => `${s.rule}@${s.line}:${s.column}`)).toEqual(expectedSites);
    expect(report.skipped.map((s) => `${s.rule}@${s.line}:${s.column} ${s.reason}`.slice(0, expectedSkip[0]!.length))).toEqual(expectedSkip);
    expect(out?.code).toContain('__tw');
  });

  test('tsc path (type checker, the program\'s resolution)', () => {
    writeFileSync(importer(), code);
    const p = program();
    const sf = p.getSourceFile(importer())!;
    const result = matchCallSites(sf, { ts, rules, checker: p.getTypeChecker(), fileName: sf.fileName, projectRoot: root, specifiers: programSpecifierResolver(ts, p) });
    expect(result.joinPoints.map((j) => `${j.rule.id}@${j.line}:${j.column}`)).toEqual(expectedSites);
    expect(result.skipped.map((s) => `${s.ruleId}@${s.line}:${s.column} ${s.reason}`.slice(0, expectedSkip[0]!.length))).toEqual(expectedSkip);
  });
});

describe('a receiver imported from a module nothing resolves', () => {
  test('bundler path: reported with the reason, not taken for "not an instance"', () => {
    const code = `import { pool } from '@/nowhere';\nexport const rows = pool.query('SELECT 1');\n`;
    writeFileSync(importer(), code);
    const session = createBuildSession({}, { configFile: join(root, 'tsconfig.json'), projectRoot: root });
    transformSource(code, importer(), session);
    const skipped = session.report.toJSON().skipped.map((s) => `${s.rule}@${s.line}:${s.column} ${s.reason}`);
    expect(skipped).toEqual([expect.stringMatching(/^pg\.query@2:21 cannot tell the type of the receiver of \.query\(\): it comes from "@\/nowhere", which nothing resolves/)]);
  });
});

describe('the configuration an alias was resolved through', () => {
  test('is a dependency of the file (watched, and a change drops its cached outcome)', () => {
    const code = `import { query } from '@/db';\nquery('a');\n`;
    writeFileSync(importer(), code);
    const session = createBuildSession({ rules: [{ id: 'app.calls', join: 'call', module: './src/**', export: ['query'] }] },
      { configFile: join(root, 'tsconfig.json'), projectRoot: root });
    const out = transformSource(code, importer(), session);
    expect(out?.dependencies?.map((f) => relative(root, f)).sort()).toEqual(['package.json', 'tsconfig.base.json', 'tsconfig.json']);
  });
});
