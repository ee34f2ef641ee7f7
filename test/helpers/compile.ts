/**
 * Compiles a small in-memory project through the tsc writer (our ts-patch
 * entry called the way ts-patch calls it), with the TypeScript under test.
 * Files live in a real directory under test/.tmp so that node_modules (types,
 * package versions) resolve from the repository.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ts from 'typescript';
import tracewrightTsc from '../../src/tsc.js';
import { loadTypeScript } from './typescript.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Library and @types files parse once per test file: they dominate compile time. */
const sharedSourceFiles = new Map<string, ts.SourceFile | undefined>();

/** A virtual project: paths relative to its root → text. */
export interface CompileInput {
  files: Record<string, string>;
  /** Plugin options as in tsconfig `plugins[]` (without `transform`); `false` compiles without the plugin. */
  plugin?: Record<string, unknown> | false;
  compilerOptions?: Record<string, unknown>;
  /** Directory name under test/.tmp/projects (one per case keeps parallel files apart). */
  name: string;
}

/** What a compile produced. */
export interface CompileOutput {
  root: string;
  /** Emitted files, relative to root → text (`.js`, `.d.ts`, `.map`). */
  outputs: Record<string, string>;
  /** tsc diagnostics (errors), formatted `file(line,col): message`. */
  errors: string[];
  /** What the plugin wrote to stderr (warnings, summary), with the root path made relative. */
  stderr: string;
}

/** Compiles `input` and returns every emitted file. */
export function compileProject(input: CompileInput): CompileOutput {
  const t = loadTypeScript();
  const root = join(repoRoot, 'test/.tmp/projects', input.name);
  mkdirSync(root, { recursive: true });
  const abs = (p: string) => join(root, p);
  const files = new Map(Object.entries(input.files).map(([p, text]) => [abs(p), text]));
  // An option set to undefined by a case means "leave it to the compiler's default".
  const base: Record<string, unknown> = {
    target: 'ES2022', module: 'CommonJS', strict: true, esModuleInterop: true, skipLibCheck: true, allowJs: true,
    declaration: false, sourceMap: false, rootDir: '.', outDir: 'out', types: ['node'], jsx: 'react-jsx', noEmitOnError: false,
  };
  for (const [k, v] of Object.entries(input.compilerOptions ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  const parsed = t.convertCompilerOptionsFromJson(base, root);
  // `paths` without `baseUrl` are relative to the tsconfig's directory, as tsc sets it when reading one.
  const options: ts.CompilerOptions = { ...parsed.options, configFilePath: abs('tsconfig.json'), ...(parsed.options.paths ? { pathsBasePath: root } : {}) };
  const host = t.createCompilerHost(options);
  const realGet = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const text = files.get(resolve(name));
    if (text !== undefined) return t.createSourceFile(name, text, lang, true);
    const key = `${name}\0${typeof lang === 'object' ? JSON.stringify(lang) : lang}`;
    if (!sharedSourceFiles.has(key)) sharedSourceFiles.set(key, realGet(name, lang, onError, create));
    return sharedSourceFiles.get(key);
  };
  const realExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(resolve(name)) || realExists(name);
  // Module resolution only looks into directories that exist: those of the virtual files do.
  const realDirExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => [...files.keys()].some((f) => f.startsWith(resolve(dir) + '/')) || (realDirExists?.(dir) ?? true);
  const realRead = host.readFile.bind(host);
  host.readFile = (name) => files.get(resolve(name)) ?? realRead(name);
  const outputs: Record<string, string> = {};
  host.writeFile = (name, text) => { outputs[relative(root, name)] = text; };

  const roots = [...files.keys()].filter((p) => /\.(c|m)?[jt]sx?$/.test(p));
  const program = t.createProgram(roots, options, host);
  const extraDiagnostics: ts.Diagnostic[] = [];
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    const transformers = input.plugin === false ? undefined : {
      before: [tracewrightTsc(program, input.plugin ?? {}, { ts: t, addDiagnostic: (d) => extraDiagnostics.push(d) })],
    };
    const result = program.emit(undefined, undefined, undefined, false, transformers);
    const all = [...t.getPreEmitDiagnostics(program), ...result.diagnostics, ...extraDiagnostics]
      .filter((d) => d.category === t.DiagnosticCategory.Error);
    return {
      root, outputs, stderr: stderr.split(root + '/').join(''),
      errors: all.map((d) => {
        const message = t.flattenDiagnosticMessageText(d.messageText, '\n');
        if (!d.file || d.start === undefined) return message;
        const lc = d.file.getLineAndCharacterOfPosition(d.start);
        return `${relative(root, d.file.fileName)}(${lc.line + 1},${lc.character + 1}): ${message}`;
      }),
    };
  } finally {
    process.stderr.write = write;
  }
}

/** Output path of a source file: `src/a.ts` → `out/src/a.js` (`.mts` → `.mjs`, `.cts` → `.cjs`). */
export function outputPathOf(source: string): string {
  return join('out', source.replace(/\.tsx?$|\.jsx$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs'));
}

/** Ensures the directory of a file exists. */
export function ensureDir(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
}
