/**
 * The bundler path parses with oxc-parser through the oxc syntax view, and
 * falls back to TypeScript where oxc's binding is missing. Both must lead the
 * matcher to the same decisions: every file of a corpus (every fixture, this
 * repository's own sources and tests, and a file of awkward syntax) goes
 * through `transformSource` with each parser, under rules that match almost
 * everything (every function, every call and `new` of a project export,
 * every method on a tracked instance, plus the built-in catalog), and the
 * output code, source map and warnings must be identical.
 */
import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { sourceCorpus } from '../helpers/sourceCorpus.js';
import { sourceExtension, transformSource, type TransformSourceResult } from '../../src/transformer/session/transformSource.js';

const ROOT = process.cwd();
const RULES = [
  { id: 'all.functions', join: 'function', module: './**', name: '*' },
  { id: 'all.calls', join: 'call', module: './**', export: '*', span: { name: 'call' } },
  { id: 'all.new', join: 'new', module: './**', export: '*', span: { name: 'new' } },
  { id: 'all.methods', join: 'method', module: './**', class: ['C', 'Db', 'Api', 'Client', 'Base', 'BuildReport', 'ScopeResolver', 'BindingResolver', 'DirectiveIndex', 'PluginState', 'Converter', 'ViewNode', 'ViewSourceFile', 'TestServer'], name: '*', span: { name: 'method' } },
];

/** Constructs where TypeScript's tree and ESTree differ most; parsed by both, compared like the rest. */
const AWKWARD = `#!/usr/bin/env node
'use strict';
import def, * as ns from './lib';
import { a as b, type T, "q-r" as qr } from './lib';
import type { U } from './lib';
import eq = require('./lib');
export import alias = eq.f;
// tracewright ignore next
export const ignored = b(1);
/** @span custom.name k=v n=3 */
export async function* gen(this: unknown, x?: number, ...rest: string[]): AsyncGenerator<number> { yield* [x!]; }
/** @span */
export default function () { return def(ns.f(qr)); }
export const arrow = async <V,>(v: V) => (b(v) satisfies unknown) as V;
const { f: [first = def()] = [], ...others } = require('./lib');
let [, second, , ...tail] = [eq.f(), (0, eq.f)(), eq['f'](), eq?.f(), eq.f?.(), (eq?.f)!()];
for (const x of [new eq.C(), new eq.C, new ns.C<number>(1)]) { x.m(); x?.m(); x!.m(); (x as any).m(); }
for (let i = 0; i < 1; i++) { var hoisted = i; }
for (const k in others) switch (k) { case 'a': { const def = () => 1; def(); break; } default: def(); }
try { b(); } catch ({ message }) { b(message); } finally { b(); }
namespace Outer.Inner { export const z = b(); }
declare module 'ambient' { export function amb(): void; }
declare global { interface Window { w: number } }
enum Color { Red = b(1), Green = 'g' }
abstract class Base<in out P> {
  @dec() static #priv = b();
  declare readonly d: number;
  accessor acc = b();
  static { b(); }
  constructor(private readonly db: eq.C, public other = new eq.C()) { }
  abstract abs(): void;
  /** @span */ async *[Symbol.asyncIterator]() { yield this.db.m(); }
  get g() { return this.db.m(); }
  set s(v: number) { this.other.m(v); }
  #hidden() { return this.#hidden; }
  method(@dec() p: eq.C, q: ns.C = new ns.C()): void { p.m(); q.m(); super.toString(); }
}
const obj = { async m() {}, *g() {}, get x() { return 1; }, ['k' + 1]: () => b(), 2: function named() {}, short() { return b(); } };
const tagged = b\`t\${def()}\`, templ = \`x\${b()}\`, plain = \`\`;
const shapes = [ns.f\`m\${1}\`, (b as any)<number>\`\\u{\`, b.call(null, b.apply(null, [1]), Reflect.apply(eq.f, eq, [2]), eq['f'].call(eq, ...[3])), b.bind(null)];
label: { const re = /[/]\\//g; b(re, <T,>(t: T) => t, typeof import.meta, void 0); }
function over(x: string): void;
function over(x: unknown) { return eq.f(x); }
(async () => { await using res = b(); for await (const y of gen()) b(y); })();
`;

function corpusFiles(): string[] {
  return sourceCorpus(ROOT, ['fixtures', 'src', 'test', 'bench', 'scripts', 'examples'])
    .filter((path) => sourceExtension(path) && !path.endsWith('.d.ts') && !/^output\./.test(basename(path)));
}

/** What must agree: everything but a parse error's reason text (each parser words its own). */
function comparable(result: TransformSourceResult | undefined) {
  if (!result) return undefined;
  return {
    code: result.code,
    map: result.map && { mappings: result.map.mappings, names: result.map.names },
    warnings: result.warnings.map((w) => ({ ...w, message: w.message.replace(/it does not parse \(.*\)$/, 'it does not parse') })),
  };
}

describe('oxc-parser and TypeScript give the matcher the same tree', () => {
  const files = corpusFiles();
  const totals = { files: 0, changed: 0, sites: 0 };

  test.each(files.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const code = readFileSync(file, 'utf8');
    const session = () => createBuildSession({ rules: RULES }, { configFile: join(ROOT, 'tsconfig.json'), projectRoot: ROOT });
    const viaOxc = transformSource(code, file, session(), { parser: 'oxc' });
    const viaTypeScript = transformSource(code, file, session(), { parser: 'typescript' });
    expect(comparable(viaOxc)).toEqual(comparable(viaTypeScript));
    totals.files++;
    if (viaOxc?.map) {
      totals.changed++;
      totals.sites += (viaOxc.code.match(/__tw_site\(\d+\),/g) ?? []).length;
    }
  });

  test('awkward syntax', () => {
    const file = join(ROOT, 'src/awkward.ts');
    const session = () => createBuildSession({ rules: RULES }, { configFile: join(ROOT, 'tsconfig.json'), projectRoot: ROOT });
    const viaOxc = transformSource(AWKWARD, file, session(), { parser: 'oxc' });
    const viaTypeScript = transformSource(AWKWARD, file, session(), { parser: 'typescript' });
    expect(viaOxc?.warnings.filter((w) => w.message.includes('does not parse'))).toEqual([]);
    expect(comparable(viaOxc)).toEqual(comparable(viaTypeScript));
    expect((viaOxc?.code.match(/__tw_site\(\d+\),/g) ?? []).length).toBeGreaterThan(30);
  });

  test('the corpus exercised the matcher (not a vacuous agreement)', () => {
    expect(totals.files).toBe(files.length);
    expect(totals.changed).toBeGreaterThan(100);
    expect(totals.sites).toBeGreaterThan(1000);
  });
});
