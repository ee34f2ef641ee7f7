/**
 * Silence audit (issue 10): no call a rule names may be silently missed. Every fixture's
 * files, a corpus of real code (this repository's own sources, and the CommonJS sources of the
 * installed `semver`) and a few synthetic shapes go
 * through both paths — the tsc writer (a real compile with the plugin) and the bundler path
 * (`transformSource`) — under rules that match everything:
 *
 * - `call` and `new` rules with `export: "*"` for every package the files import, and for
 *   the project itself (`module: "./**"`);
 * - one `method` rule `{ module: "./**", class: "*", name: "*" }`.
 *
 * The audit finds the call-like expressions itself (namedSites.ts: TypeScript's parser, its
 * own scope lookup, nothing from src/) and decides which of them these rules name. Each such
 * site must appear in the build report as instrumented, or as skipped with a reason. Shapes
 * the writers may either wrap or leave alone (optional calls, tagged templates, `.call`/`.apply`,
 * `super.m()`, calls in decorators) pass either way; "neither" is a silent miss.
 *
 * Known misses are listed in KNOWN_MISSES with the issue that fixes them; the test asserts the
 * list exactly, so a fix fails it until its entry is removed (the merge updates the list).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import type { ReportJson } from '../../src/transformer/session/report.js';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { compileProject } from '../helpers/compile.js';
import { discoverFixtures } from '../helpers/fixtures.js';
import { sourceCorpus } from '../helpers/sourceCorpus.js';
import { importedModules, namedSites, type NamedSite } from './namedSites.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = 'silence-audit';

/**
 * Synthetic shapes: the silent miss of issue 10 item 1 (`'..'` was not read as a project
 * specifier; fixed, it stays as a guard) and every shape that is either wrapped or reported,
 * never neither.
 */
const SHAPES: Record<string, string> = {
  'shapes/src/index.ts': [
    'export function chunk<T>(xs: T[]): T[][] { return [xs]; }',
    'export function tag(strings: TemplateStringsArray, ...values: unknown[]): string { return strings.raw.join(String(values.length)); }',
    'export function dec(): (value: unknown, context: unknown) => void { return () => undefined; }',
    'export class Base { m(): number { return 1; } }',
  ].join('\n') + '\n',
  'shapes/src/x/a.ts': "import { chunk } from '..';\nexport const parts = chunk([1, 2]);\n",
  'shapes/src/x/b.ts': [
    "import { chunk, tag, dec, Base } from '../index';",
    "import * as idx from '../index';",
    'export const a = chunk?.([1]);',
    'export const b = tag`x${1}`;',
    'export const c = idx.tag`y`;',
    'export const d = chunk.call(undefined, [1]);',
    'export const e = chunk.apply(undefined, [[1]]);',
    'export const f = idx.chunk([1]);',
    'export const g = idx?.chunk([1]);',
    'export class D extends Base { override m(): number { return super.m() + this.n(); } n(): number { return 2; } }',
    '@dec() export class E {}',
    'const inst = new Base();',
    'export const h = [inst.m(), inst?.m(), new Base().m(), inst.m.call(inst)];',
    '{ const chunk = (x: unknown) => x; chunk(1); }',
  ].join('\n') + '\n',
};

/**
 * Sites that are neither instrumented nor reported today, per path. Remove an entry when
 * its fix lands (the test fails until then, naming it).
 */
const KNOWN_MISSES: Record<'tsc' | 'bundler', Record<string, string>> = {
  tsc: {},
  bundler: {},
};

/** Every file of the audit project: fixtures, this repository's src/, the shapes. */
function auditFiles(): Record<string, string> {
  const files: Record<string, string> = { ...SHAPES };
  for (const c of discoverFixtures()) {
    for (const [name, text] of Object.entries(c.files)) files[`fixtures/${c.area}/${c.name}/${name}`] = text;
  }
  for (const path of sourceCorpus(repoRoot, ['src'])) files[`corpus/${relative(repoRoot, path)}`] = readFileSync(path, 'utf8');
  // Real CommonJS: `require` in every form, classes constructed and called across files.
  const semver = join(repoRoot, 'node_modules/semver');
  for (const path of sourceCorpus(semver, ['classes', 'functions', 'internal', 'ranges'])) {
    files[`corpus/semver/${relative(semver, path)}`] = readFileSync(path, 'utf8');
  }
  return files;
}

/** A file the user asked to leave alone entirely: its sites are not expected in the report. */
const ignoredFile = (text: string) => /\/\*\s*tracewright ignore file\s*\*\//.test(text);

const files = auditFiles();
const parsed = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, scriptKind(name))]));

function scriptKind(name: string): ts.ScriptKind {
  return /\.tsx$/.test(name) ? ts.ScriptKind.TSX : /\.jsx$/.test(name) ? ts.ScriptKind.JSX : /\.[cm]?js$/.test(name) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

/** The match-everything rule set for these files. */
function auditRules(): Record<string, unknown>[] {
  const packages = new Set<string>();
  // Package names only: aliases (`@/db`, `#db`) load project files, which the `./**` rules cover.
  const packageName = /^(?:@[^\s/@]+\/)?[^\s/.@#][^\s/]*(?:\/[^\s/]+)*$/;
  for (const sf of Object.values(parsed)) for (const m of importedModules(sf)) if (packageName.test(m)) packages.add(m);
  const rules: Record<string, unknown>[] = [
    { id: 'audit.project.call', join: 'call', module: './**', export: '*' },
    { id: 'audit.project.new', join: 'new', module: './**', export: '*' },
    { id: 'audit.project.method', join: 'method', module: './**', class: '*', name: '*' },
  ];
  [...packages].sort().forEach((module, i) => {
    rules.push({ id: `audit.pkg${i}.call`, join: 'call', module, export: '*' });
    rules.push({ id: `audit.pkg${i}.new`, join: 'new', module, export: '*' });
  });
  return rules;
}

/** `file:line:col text<TAB>[shape: why named]` of each named site no report entry covers. */
function misses(report: Pick<ReportJson, 'matched' | 'skipped'>): { missed: string[]; named: NamedSite[] } {
  const covered = new Set([
    ...report.matched.map((m) => `${m.file}:${m.line}:${m.column}`),
    ...report.skipped.filter((s) => s.reason.trim() !== '').map((s) => `${s.file}:${s.line}:${s.column}`),
  ]);
  const missed: string[] = [];
  const named: NamedSite[] = [];
  for (const [name, sf] of Object.entries(parsed)) {
    if (ignoredFile(sf.text)) continue;
    for (const site of namedSites(sf)) {
      named.push(site);
      if (!covered.has(`${name}:${site.line}:${site.column}`)) missed.push(`${name}:${site.line}:${site.column} ${site.text}\t[${site.shape}: ${site.named}]`);
    }
  }
  return { missed, named };
}

/** Compares with the known list: keys are `file:line:col text`. */
function expectKnown(path: 'tsc' | 'bundler', missed: string[]): void {
  const key = (m: string) => m.slice(0, m.indexOf('\t'));
  const known = KNOWN_MISSES[path];
  const unknown = missed.filter((m) => !(key(m) in known));
  const fixed = Object.keys(known).filter((k) => !missed.some((m) => key(m) === k));
  expect(unknown, `${path}: named call sites neither instrumented nor reported as skipped`).toEqual([]);
  expect(fixed, `${path}: known misses no longer missed — remove them from KNOWN_MISSES`).toEqual([]);
}

const rules = auditRules();

/** Writes the audit project's files under `root` (emptied first). */
function writeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe('silence audit: every call a match-everything rule names is instrumented or reported', () => {
  test('the audit sees every shape, and names only what the rules name', () => {
    const shapes = new Set(Object.values(parsed).flatMap((sf) => namedSites(sf).map((s) => s.shape)));
    expect([...shapes].sort()).toEqual(['call', 'call-apply', 'decorator', 'new', 'optional-call', 'super', 'tagged-template']);
    const b = namedSites(parsed['shapes/src/x/b.ts']!).map((s) => s.text);
    expect(b).not.toContain('chunk(1)'); // a local shadows the import
    expect(b).toContain('super.m()');
    expect(b).toContain('this.n()');
    // The corpus is not idle: its CommonJS and TypeScript sources have named sites of their own.
    const count = (prefix: string) => Object.entries(parsed).filter(([name]) => name.startsWith(prefix)).reduce((n, [, sf]) => n + namedSites(sf).length, 0);
    expect(count('corpus/semver/')).toBeGreaterThan(10);
    expect(count('corpus/src/')).toBeGreaterThan(300);
  });

  test('tsc writer', () => {
    // On disk too: module resolution asks whether each directory exists before probing files.
    writeProject(join(repoRoot, 'test/.tmp/projects', PROJECT));
    const out = compileProject({
      name: PROJECT, files,
      plugin: { builtin: false, rules, report: 'report.json' },
      compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', types: [] },
    });
    const report = JSON.parse(readFileSync(join(out.root, 'report.json'), 'utf8')) as ReportJson;
    const { missed, named } = misses(report);
    expect(named.length, 'the audit names a substantial number of sites').toBeGreaterThan(500);
    expectKnown('tsc', missed);
  }, 300_000);

  test('bundler path (transformSource)', () => {
    const root = join(repoRoot, 'test/.tmp/projects', `${PROJECT}-source`);
    writeProject(root); // the matcher reads what the project's other modules export
    const session = createBuildSession({ builtin: false, rules }, { configFile: join(root, 'vite.config.ts'), projectRoot: root });
    for (const [name, text] of Object.entries(files)) transformSource(text, join(root, name), session);
    const { missed } = misses(session.report.toJSON());
    expectKnown('bundler', missed);
  }, 300_000);
});
