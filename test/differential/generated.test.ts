/**
 * Differential check on generated programs: fast-check builds programs from a
 * small grammar of instrumented calls (sync, promise, callback, method,
 * throwing and rejecting functions, spreads, nested calls, awaits inside
 * arguments, evaluation-order probes); each is compiled plain and
 * instrumented (tsc at ES2022 and ES2017, and the source writer), run, and
 * must print the same lines and end the same way. Optional chains have their
 * own block of productions.
 * Spans must all have ended (one per executed wrapped call). The fixtures
 * give the hand-written half of the corpus (test/fixtures).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { beforeAll, expect, test } from 'vitest';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { compileProject } from '../helpers/compile.js';
import { captureConsole, loadCompiled } from '../helpers/execute.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';

// ---- Optional chains (issue 10 item 2) ------------------------------------------------
// Receivers and callees that are sometimes nullish, reached in every shape the writers lower:
// `f?.(a)`, `ns.f?.(a)`, `recv?.m(a)`, `recv.m?.(a)`, `a?.b?.m(a)`, `a?.b!.m(a)`, links after the
// call, and a side-effecting receiver. Arguments are expressions with `log(...)` probes, so a
// short-circuit that evaluated them would print lines the plain program does not.
const OPTIONAL_LIB = `
export let maybeAdd: ((a: number, b: number) => number) | undefined = undefined;
export function toggle(): void { maybeAdd = maybeAdd ? undefined : add; }
export class Box { constructor(public calc?: Calc) {} }
`;
const OPTIONAL_RULES = [
  { id: 'lib.maybe', join: 'call', module: './lib*', export: 'maybeAdd', result: 'sync' },
  { id: 'lib.box', join: 'method', module: './lib*', class: 'Box', path: 'calc.times' },
];
const OPTIONAL_PRELUDE = `import { toggle, maybeAdd, Box } from './lib';
import * as lib from './lib';`;
const OPTIONAL_LOCALS = `let nc: Calc = undefined as unknown as Calc;
  const box = new Box(calc);
  const ebox = new Box(undefined);
  let nbox: Box = undefined as unknown as Box;`;
/** Number-valued optional chains around `a`. */
const optionalChain = (a: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof(
  a.map((e) => `(maybeAdd?.(${e}, 1) ?? -1)`),
  a.map((e) => `(lib.maybeAdd?.(${e}, 2) ?? -2)`),
  a.map((e) => `(calc?.times(${e}) ?? -3)`),
  a.map((e) => `(nc?.times(${e}) ?? -4)`),
  a.map((e) => `(nc?.['times'](${e}) ?? -4)`),
  a.map((e) => `(calc.times?.(${e}) ?? -5)`),
  a.map((e) => `(box?.calc?.times(${e}) ?? -6)`),
  a.map((e) => `(ebox?.calc?.times(${e}) ?? -7)`),
  a.map((e) => `(nbox?.calc!.times(${e}) ?? -8)`),
  a.map((e) => `(nbox?.calc?.times(${e}).toFixed(0).length ?? -9)`),
  a.map((e) => `(log('r', nc)?.times(${e}) ?? -10)`),
);
const OPTIONAL_STATEMENTS = [
  fc.constant('toggle();'),
  fc.constant('nc = nc ? undefined as unknown as Calc : calc;'),
  fc.constant('nbox = nbox ? undefined as unknown as Box : box;'),
  fc.constant("maybeAdd?.(log('s', x), 3);"),
];
// ---- end of optional chains ------------------------------------------------------------

const LIB = `
export function log<T>(tag: string, v: T): T { console.log('eval', tag); return v; }
export function add(a: number, b: number): number { return a + b; }
export function sum(...xs: number[]): number { return xs.reduce((a, b) => a + b, 0); }
export function echo<T>(v: T): Promise<T> { return new Promise((r) => setTimeout(() => r(v), 1)); }
export function boom(msg: string): never { throw new RangeError(msg); }
export function reject(msg: string): Promise<never> { return Promise.reject(new TypeError(msg)); }
export function later(v: number, done: (err: Error | null, v?: number) => void): void { setTimeout(() => v < 0 ? done(new Error('neg')) : done(null, v), 1); }
export class Calc { constructor(public k: number) {} times(v: number): number { return this.k * v; } }
` + OPTIONAL_LIB;

const RULES = [
  { id: 'lib.sync', join: 'call', module: './lib*', export: ['add', 'sum', 'boom'], result: 'sync' },
  { id: 'lib.promise', join: 'call', module: './lib*', export: ['echo', 'reject'], result: 'promise' },
  { id: 'lib.callback', join: 'call', module: './lib*', export: 'later', result: 'callback' },
  { id: 'lib.method', join: 'method', module: './lib*', class: 'Calc', name: 'times' },
  ...OPTIONAL_RULES,
];


/** Expressions of type number; `await` is allowed (programs are async functions). */
const expr: fc.Memo<string> = fc.memo((n) => n <= 1
  ? fc.oneof(fc.integer({ min: -5, max: 9 }).map(String), fc.constantFrom('x', 'calc.k'))
  : fc.oneof(
    fc.integer({ min: 0, max: 9 }).map(String),
    fc.tuple(expr(n - 1), expr(n - 1)).map(([a, b]) => `add(${a}, ${b})`),
    fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 }), expr(n - 1)).map(([t, a]) => `log('${t}', ${a})`),
    fc.array(expr(n - 1), { maxLength: 3 }).map((xs) => `sum(...[${xs.join(', ')}])`),
    fc.array(expr(n - 1), { maxLength: 4 }).map((xs) => `sum(${xs.join(', ')})`),
    expr(n - 1).map((a) => `(await echo(${a}))`),
    expr(n - 1).map((a) => `calc.times(${a})`),
    expr(n - 1).map((a) => `(${a} > 3 ? ${a} : -1)`),
    optionalChain(expr(n - 1)),
  ));

const statement = fc.oneof(
  expr(4).map((e) => `console.log('value', ${e});`),
  expr(3).map((e) => `x = ${e};`),
  fc.string({ unit: fc.constantFrom('p', 'q'), maxLength: 3 }).map((m) => `try { boom('${m}'); } catch (e) { console.log('caught', (e as Error).name, (e as Error).message); }`),
  expr(2).map((e) => `await reject(String(${e})).catch((e: Error) => console.log('rejected', e.name, e.message));`),
  expr(2).map((e) => `{ const v = ${e}; await new Promise<void>((r) => later(v, (err, w) => { console.log('later', err ? err.message : w); r(); })); }`),
  expr(2).map((e) => `if (${e} > 20) throw new Error('too big');`),
  ...OPTIONAL_STATEMENTS,
);

const program = fc.array(statement, { minLength: 1, maxLength: 6 })
  .map((body) => `import { add, sum, echo, boom, reject, later, log, Calc } from './lib';
${OPTIONAL_PRELUDE}
export async function run() {
  let x = 1;
  const calc = new Calc(2);
  ${OPTIONAL_LOCALS}
  ${body.join('\n  ')}
  return x;
}
`);

let programs: string[];
beforeAll(() => {
  setupOtel();
  programs = fc.sample(program, { numRuns: 40, seed: 20261126 });
});

/** Runs program `i` of `outputs` (compiled to `out/p<i>.js`): value, error and console lines. */
async function runProgram(outputs: Record<string, string>, root: string, i: number) {
  const observed = await captureConsole(async () => (loadCompiled(outputs, `out/p${i}.js`, root).run as () => Promise<unknown>)());
  const error = observed.error as Error | undefined;
  return { value: observed.value, error: error && `${error.name}: ${error.message}`, lines: observed.lines };
}

/** Every program instrumented must behave as compiled plain; returns the spans seen. */
async function compareAll(plain: { outputs: Record<string, string>; root: string }, instrumented: { outputs: Record<string, string>; root: string }, label: string) {
  let spansSeen = 0;
  for (let i = 0; i < programs.length; i++) {
    const expected = await runProgram(plain.outputs, plain.root, i);
    resetSpans();
    const actual = await runProgram(instrumented.outputs, instrumented.root, i);
    expect(actual, `${label}, program p${i}:\n${programs[i]}`).toEqual(expected);
    await new Promise((r) => setTimeout(r, 5));
    spansSeen += finishedSpans().length;
  }
  return spansSeen;
}

function sourceFiles(): Record<string, string> {
  const files: Record<string, string> = { 'lib.ts': LIB };
  programs.forEach((p, i) => { files[`p${i}.ts`] = p; });
  return files;
}

test('generated programs behave the same plain and instrumented', async () => {
  const files = sourceFiles();
  const plain = compileProject({ name: 'differential-plain', files, plugin: false });
  const instrumented = compileProject({ name: 'differential-exec', files, plugin: { rules: RULES } });
  expect(plain.errors).toEqual([]);
  expect(instrumented.errors).toEqual([]);
  // Every program really is instrumented, or the comparison proves nothing.
  expect(instrumented.outputs['out/p0.js']).toContain('__tw.');
  expect(await compareAll(plain, instrumented, 'tsc')).toBeGreaterThan(programs.length);
});

// Optional chains: tsc lowers `?.` itself below ES2020; the lowered chains must compose with it.
test('generated programs behave the same instrumented for target ES2017', async () => {
  const files = sourceFiles();
  const plain = compileProject({ name: 'differential-plain', files, plugin: false });
  const instrumented = compileProject({ name: 'differential-es2017', files, plugin: { rules: RULES }, compilerOptions: { target: 'ES2017' } });
  expect(instrumented.errors).toEqual([]);
  expect(Object.entries(instrumented.outputs).filter(([name]) => /p\d+\.js$/.test(name)).some(([, code]) => code.includes('__tw_r'))).toBe(true);
  expect(await compareAll(plain, instrumented, 'tsc ES2017')).toBeGreaterThan(programs.length);
});

// The bundler path: syntactic matching and the magic-string writer, types stripped after.
test('generated programs behave the same through the source writer', async () => {
  const files = sourceFiles();
  const plain = compileProject({ name: 'differential-plain', files, plugin: false });
  const root = join(process.cwd(), 'test/.tmp/projects/differential-source');
  mkdirSync(root, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  const session = createBuildSession({ rules: RULES }, { configFile: join(root, 'tsconfig.json'), projectRoot: root });
  const outputs: Record<string, string> = {};
  let lowered = 0;
  for (const [name, text] of Object.entries(files)) {
    const code = transformSource(text, join(root, name), session)?.code ?? text;
    if (code.includes('__tw_r')) lowered++;
    outputs[`out/${name.replace(/\.ts$/, '.js')}`] = ts.transpileModule(code, {
      fileName: join(root, name), compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
  }
  expect(programs.filter((p) => p.includes('?.')).length, 'most programs have optional chains').toBeGreaterThan(programs.length / 2);
  expect(lowered, 'and the source writer lowers them').toBeGreaterThan(programs.length / 2);
  expect(await compareAll(plain, { outputs, root }, 'source writer')).toBeGreaterThan(programs.length);
});
