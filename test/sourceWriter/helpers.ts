/**
 * Helpers for the source writer's own tests: a session with the test rules,
 * `transformSource` through the integrity-checking edit layer, and running a
 * snippet plain and instrumented (types stripped, CommonJS) in this process.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { createBuildSession, type BuildSession } from '../../src/transformer/session/session.js';
import { transformSource, type TransformSourceResult } from '../../src/transformer/session/transformSource.js';
import { captureConsole, loadCompiled } from '../helpers/execute.js';
import { finishedSpans, resetSpans, simplifySpans, type SimpleSpan } from '../helpers/otel.js';
import { IntegrityCheckingMagicString } from './integrity.js';

export const ROOT = join(process.cwd(), 'test/.tmp/source-writer');
mkdirSync(ROOT, { recursive: true });

/** `lib.ts` of every snippet: what the rules below match. */
export const LIB = `
export function f(...args: unknown[]): string { return args.map(String).join(','); }
export function g<T>(x: T): T { return x; }
export async function later<T>(x: T): Promise<T> { return x; }
export function boom(): never { throw new Error('boom'); }
export class C {
  constructor(public v: unknown = 'none', ...rest: unknown[]) { if (rest.length) this.v = [v, ...rest].join('+'); }
  m(this: C, ...a: unknown[]): string { return \`\${String(this.v)}:\${a.join(',')}\`; }
  self(): C { return this; }
}
export function make(v: string): C { return new C(v); }
`;

export const RULES = [
  { id: 'lib.call', join: 'call', module: './lib*', export: ['f', 'g', 'later', 'boom', 'make'], span: { name: 'lib.call' } },
  { id: 'lib.new', join: 'new', module: './lib*', export: 'C', span: { name: 'lib.new' } },
  { id: 'lib.m', join: 'method', module: './lib*', class: 'C', name: ['m', 'self'], span: { name: 'C.m' } },
];

export function testSession(rules: unknown[] = RULES, extra: Record<string, unknown> = {}): BuildSession {
  return createBuildSession({ rules, ...extra }, { configFile: join(ROOT, 'tsconfig.json'), projectRoot: ROOT });
}

/** One file through the bundler core with every edit checked; `edits` counts them. */
export function instrument(code: string, file = 'input.ts', session = testSession()): TransformSourceResult & { edits: number } {
  let checked: IntegrityCheckingMagicString | undefined;
  const result = transformSource(code, join(ROOT, file), session, { createMagicString: (text) => (checked = new IntegrityCheckingMagicString(text)) });
  return { code, map: null, warnings: [], ...result, edits: checked?.edits ?? 0 };
}

/** Parse errors of TypeScript/JavaScript text (empty when it parses). */
export function parseErrors(code: string, file = 'input.ts'): string[] {
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false, kind);
  return ((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

function compile(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    const js = ts.transpileModule(text, {
      fileName: join(ROOT, name),
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React, jsxFactory: 'h' },
    }).outputText;
    out[name.replace(/\.[cm]?[jt]sx?$/, '.js')] = js.replace(/^#!.*/, ''); // loaded with new Function
  }
  return out;
}

/** What running a snippet's exported `run()` showed. */
export interface Observed {
  value: string;
  error: string | undefined;
  lines: string[];
  spans: SimpleSpan[];
}

/** Runs `input` (with lib.ts) and returns value, console lines, error and spans. */
export async function execute(input: string, file = 'input.ts'): Promise<Observed> {
  const outputs = compile({ [file]: input, 'lib.ts': LIB });
  resetSpans();
  const observed = await captureConsole(async () => {
    const mod = loadCompiled(outputs, file.replace(/\.[cm]?[jt]sx?$/, '.js'), ROOT);
    return await (mod.run as () => unknown)();
  });
  await new Promise((r) => setTimeout(r, 5));
  const error = observed.error as Error | undefined;
  return {
    value: JSON.stringify(observed.value) ?? 'undefined',
    error: error && `${error.name}: ${error.message}`,
    lines: observed.lines,
    spans: simplifySpans(finishedSpans()),
  };
}
