/**
 * Differential check on generated programs: fast-check builds programs from a
 * small grammar of instrumented calls (sync, promise, callback, method,
 * throwing and rejecting functions, spreads, nested calls, awaits inside
 * arguments, evaluation-order probes); each is compiled plain and
 * instrumented, run, and must print the same lines and end the same way.
 * Spans must all have ended (one per executed wrapped call). The fixtures
 * give the hand-written half of the corpus (test/fixtures).
 */
import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { compileProject } from '../helpers/compile.js';
import { captureConsole, loadCompiled } from '../helpers/execute.js';
import { finishedSpans, resetSpans, setupOtel } from '../helpers/otel.js';

const LIB = `
export function log<T>(tag: string, v: T): T { console.log('eval', tag); return v; }
export function add(a: number, b: number): number { return a + b; }
export function sum(...xs: number[]): number { return xs.reduce((a, b) => a + b, 0); }
export function echo<T>(v: T): Promise<T> { return new Promise((r) => setTimeout(() => r(v), 1)); }
export function boom(msg: string): never { throw new RangeError(msg); }
export function reject(msg: string): Promise<never> { return Promise.reject(new TypeError(msg)); }
export function later(v: number, done: (err: Error | null, v?: number) => void): void { setTimeout(() => v < 0 ? done(new Error('neg')) : done(null, v), 1); }
export class Calc { constructor(public k: number) {} times(v: number): number { return this.k * v; } }
`;

const RULES = [
  { id: 'lib.sync', join: 'call', module: './lib*', export: ['add', 'sum', 'boom'], result: 'sync' },
  { id: 'lib.promise', join: 'call', module: './lib*', export: ['echo', 'reject'], result: 'promise' },
  { id: 'lib.callback', join: 'call', module: './lib*', export: 'later', result: 'callback' },
  { id: 'lib.method', join: 'method', module: './lib*', class: 'Calc', name: 'times' },
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
  ));

const statement = fc.oneof(
  expr(4).map((e) => `console.log('value', ${e});`),
  expr(3).map((e) => `x = ${e};`),
  fc.string({ unit: fc.constantFrom('p', 'q'), maxLength: 3 }).map((m) => `try { boom('${m}'); } catch (e) { console.log('caught', (e as Error).name, (e as Error).message); }`),
  expr(2).map((e) => `await reject(String(${e})).catch((e: Error) => console.log('rejected', e.name, e.message));`),
  expr(2).map((e) => `{ const v = ${e}; await new Promise<void>((r) => later(v, (err, w) => { console.log('later', err ? err.message : w); r(); })); }`),
  expr(2).map((e) => `if (${e} > 20) throw new Error('too big');`),
);

const program = fc.array(statement, { minLength: 1, maxLength: 6 })
  .map((body) => `import { add, sum, echo, boom, reject, later, log, Calc } from './lib';
export async function run() {
  let x = 1;
  const calc = new Calc(2);
  ${body.join('\n  ')}
  return x;
}
`);

let programs: string[];
beforeAll(() => {
  setupOtel();
  programs = fc.sample(program, { numRuns: 40, seed: 20261126 });
});

test('generated programs behave the same plain and instrumented', async () => {
  const files: Record<string, string> = { 'lib.ts': LIB };
  programs.forEach((p, i) => { files[`p${i}.ts`] = p; });
  const plain = compileProject({ name: 'differential-plain', files, plugin: false });
  const instrumented = compileProject({ name: 'differential-exec', files, plugin: { rules: RULES } });
  expect(plain.errors).toEqual([]);
  expect(instrumented.errors).toEqual([]);
  // Every program really is instrumented, or the comparison proves nothing.
  expect(instrumented.outputs['out/p0.js']).toContain('__tw.');

  let spansSeen = 0;
  for (let i = 0; i < programs.length; i++) {
    const runOf = async (outputs: Record<string, string>, root: string) => {
      const observed = await captureConsole(async () => (loadCompiled(outputs, `out/p${i}.js`, root).run as () => Promise<unknown>)());
      const error = observed.error as Error | undefined;
      return { value: observed.value, error: error && `${error.name}: ${error.message}`, lines: observed.lines };
    };
    const expected = await runOf(plain.outputs, plain.root);
    resetSpans();
    const actual = await runOf(instrumented.outputs, instrumented.root);
    expect(actual, `program p${i}:\n${programs[i]}`).toEqual(expected);
    await new Promise((r) => setTimeout(r, 5));
    spansSeen += finishedSpans().length;
  }
  expect(spansSeen).toBeGreaterThan(programs.length);
});
