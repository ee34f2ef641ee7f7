/**
 * The bundler path's parser front end: one module's text → a tree the
 * matcher can walk, with the API that answers for it.
 *
 * oxc-parser by default: a native parser that loads in ~20 ms and parses
 * 2-3x faster than TypeScript, seen through the oxc syntax view (TypeScript's
 * node shapes). TypeScript (our own 5.x copy, ~200 ms to load) when oxc's
 * native binding is not available on this platform, with a note on stderr.
 * Both give the matcher the same tree shapes, so the same join points.
 */
import { createRequire } from 'node:module';
import type * as ts from 'typescript';
import { ownFile } from '../../util/ownFile.js';
import { convertProgram } from './oxcSyntax/convertProgram.js';
import { oxcSyntaxApi } from './oxcSyntax/syntaxApi.js';
import type { SyntaxApi } from './syntaxApi.js';
import { looksCommonJs } from './moduleFormat.js';
import { loadTypeScript } from './typescript.js';

/** Which parser reads a module: `oxc` unless its binding is missing. */
export type SourceParser = 'oxc' | 'typescript';

/** One parsed module, ready for `matchCallSites` and the source writer. */
export interface ParsedSource {
  api: SyntaxApi;
  sourceFile: ts.SourceFile;
  /** Every comment, when the parser lists them. */
  comments?: readonly { start: number; end: number }[];
  /** Has `import`/`export` syntax (TypeScript's `isExternalModule`). */
  isModule: boolean;
  /** The first syntax error: the file is then left alone. */
  error?: { position: number; reason: string };
}

type OxcOptions = NonNullable<Parameters<typeof import('oxc-parser').parseSync>[2]>;
type OxcResult = ReturnType<typeof import('oxc-parser').parseSync>;
/** What we use of a parse: the ESTree program, comments, errors and module syntax. */
type OxcParse = (fileName: string, code: string, options: OxcOptions) => Pick<OxcResult, 'program' | 'comments' | 'errors' | 'module'>;

let oxc: OxcParse | null | undefined;

/** oxc's parser, or null (once, with a note) when its native binding cannot load here. */
function loadOxc(): OxcParse | null {
  if (oxc !== undefined) return oxc;
  try {
    const { binding, packageEntry } = reachOxc();
    oxc = binding ?? packageEntry();
  } catch (error) {
    oxc = null;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`[tracewright] oxc-parser is not available here (${reason}); parsing with TypeScript instead, which makes builds slower\n`);
  }
  return oxc;
}

/** The two ways to oxc: its native binding loaded directly (undefined when that fails), and its package entry (loaded on call). */
function reachOxc(): { binding: OxcParse | undefined; packageEntry: () => OxcParse } {
  const require = createRequire(ownFile());
  return {
    binding: nativeBinding(createRequire(require.resolve('oxc-parser'))),
    packageEntry: () => (require('oxc-parser') as typeof import('oxc-parser')).parseSync,
  };
}

/** oxc-parser's binding packages that may serve this platform, most likely first. */
function bindingPackages(): string[] {
  const { platform, arch } = process;
  if (platform === 'linux') return [`@oxc-parser/binding-linux-${arch}-gnu`, `@oxc-parser/binding-linux-${arch}-musl`];
  if (platform === 'darwin') return [`@oxc-parser/binding-darwin-${arch}`, '@oxc-parser/binding-darwin-universal'];
  if (platform === 'win32') return [`@oxc-parser/binding-win32-${arch}-msvc`];
  return [`@oxc-parser/binding-${platform}-${arch}`];
}

/**
 * The native binding loaded directly (oxc-parser's package entry adds ~15 ms
 * of JavaScript we do not use: visitors, walkers, lazy deserialisers), checked
 * on an empty file to answer as the package entry does (the program as JSON).
 * Undefined, so that the package entry is used, when that does not hold.
 */
function nativeBinding(fromOxc: NodeRequire): OxcParse | undefined {
  for (const name of bindingPackages()) {
    let binding: { parseSync?: (...args: unknown[]) => Record<string, unknown> };
    try {
      binding = fromOxc(name) as typeof binding;
    } catch {
      continue; // not installed for this platform, or not loadable (gnu vs musl)
    }
    const parseSync = binding.parseSync;
    if (typeof parseSync !== 'function') return undefined;
    const parse: OxcParse = (fileName, code, options) => {
      const raw = parseSync(fileName, code, options);
      // Taking each field frees its native memory at once (as oxc-parser's own wrapper does).
      const { program, comments, errors, module } = raw as { program: string } & Pick<OxcResult, 'comments' | 'errors' | 'module'>;
      return { program: (JSON.parse(program) as { node: OxcResult['program'] }).node, comments, errors, module };
    };
    try {
      const probe = parse('probe.ts', '', { lang: 'ts' });
      if (probe.program?.type === 'Program' && Array.isArray(probe.comments) && typeof probe.module?.hasModuleSyntax === 'boolean') return parse;
    } catch {
      // an unexpected binding API: the package entry knows it
    }
    return undefined;
  }
  return undefined;
}

/**
 * The extensions tracewright reads, and how each parser reads them: oxc's
 * language (JavaScript files may hold JSX, as TypeScript's JS parser allows)
 * and TypeScript's script kind.
 */
export const SOURCE_LANGUAGES: Readonly<Record<string, { oxc: 'ts' | 'tsx' | 'jsx'; typescript: 'TS' | 'TSX' | 'JS' | 'JSX' }>> = {
  '.ts': { oxc: 'ts', typescript: 'TS' }, '.mts': { oxc: 'ts', typescript: 'TS' }, '.cts': { oxc: 'ts', typescript: 'TS' },
  '.tsx': { oxc: 'tsx', typescript: 'TSX' },
  '.js': { oxc: 'jsx', typescript: 'JS' }, '.mjs': { oxc: 'jsx', typescript: 'JS' }, '.cjs': { oxc: 'jsx', typescript: 'JS' },
  '.jsx': { oxc: 'jsx', typescript: 'JSX' },
};

/**
 * Parses `code` (extension `ext`, one of the eight tracewright handles).
 * @param prefer `typescript` forces the fallback (tests run both)
 * @param projectRoot where TypeScript's code cache goes, if TypeScript is used
 */
export function parseSource(code: string, fileName: string, ext: string, projectRoot: string, prefer: SourceParser = 'oxc'): ParsedSource {
  const parser = prefer === 'oxc' ? loadOxc() : null;
  return parser ? parseWithOxc(parser, code, fileName, ext) : parseWithTypeScript(code, fileName, ext, projectRoot);
}

function parseWithOxc(parse: OxcParse, code: string, fileName: string, ext: string): ParsedSource {
  // Script or module is decided by the file's syntax, as TypeScript does, except where the extension says.
  const sourceType = ext === '.cjs' || ext === '.cts' ? 'commonjs' : ext === '.mjs' || ext === '.mts' ? 'module' : 'unambiguous';
  const parseAs = (as: typeof sourceType) => parse(fileName, code, { lang: SOURCE_LANGUAGES[ext]!.oxc, sourceType: as, preserveParens: true });
  let result = parseAs(sourceType);
  let firstError = result.errors.find((e) => e.severity === 'Error');
  if (firstError && sourceType === 'unambiguous' && looksCommonJs(code)) {
    // A CommonJS `.js` file may `return` at top level (Node wraps it in a function).
    const asCommonJs = parseAs('commonjs');
    firstError = asCommonJs.errors.find((e) => e.severity === 'Error');
    if (!firstError) result = asCommonJs;
  }
  const comments = result.comments;
  const program = result.program;
  const sourceFile = convertProgram(program as never, code, fileName, comments) as unknown as ts.SourceFile;
  // TypeScript also counts `import x = require()` and `export =` as module syntax.
  const isModule = result.module.hasModuleSyntax || program.body.some((s) =>
    (s.type === 'TSImportEqualsDeclaration' && s.moduleReference.type === 'TSExternalModuleReference') || s.type === 'TSExportAssignment');
  return {
    api: oxcSyntaxApi, sourceFile, comments, isModule,
    ...(firstError ? { error: { position: firstError.labels[0]?.start ?? 0, reason: firstError.message } } : {}),
  };
}

function parseWithTypeScript(code: string, fileName: string, ext: string, projectRoot: string): ParsedSource {
  const t = loadTypeScript(projectRoot);
  const sourceFile = t.createSourceFile(fileName, code, t.ScriptTarget.Latest, true, t.ScriptKind[SOURCE_LANGUAGES[ext]!.typescript]);
  const first = (sourceFile as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics?.[0];
  return {
    api: t, sourceFile, isModule: t.isExternalModule(sourceFile),
    ...(first ? { error: { position: first.start ?? 0, reason: t.flattenDiagnosticMessageText(first.messageText, ' ') } } : {}),
  };
}

/** Both ways of reaching oxc: the binding loaded directly (what builds use) and the package entry. @internal (tests) */
export function oxcParsersForTests(): { binding: OxcParse | undefined; packageEntry: OxcParse } {
  const { binding, packageEntry } = reachOxc();
  return { binding, packageEntry: packageEntry() };
}
