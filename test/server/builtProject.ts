/**
 * A small server project built the ways users build it — `tspc` (ts-patch with
 * `tracewright/tsc`), esbuild and vite with the tracewright plugins, each also
 * without tracewright ("plain") — and run under Node with the SDK preloaded
 * (in-memory exporter, spans written as JSON at exit). The program starts its
 * server on 127.0.0.1, sends its own requests, prints what it got and exits.
 * Packages stay external (resolved from the repository's node_modules); the
 * tracewright packages come from test/.tmp/node_modules (`ensurePackage`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { otelSetup } from '../build/app.js';
import { ensurePackage, TMP } from '../bundlers/package.js';
import { run } from '../bundlers/run.js';
import { compilerEnv, tspcPath } from '../helpers/typescript.js';

/** How the project is built. */
export type Tool = 'tsc' | 'esbuild' | 'vite';

/** A finished span as the preloaded SDK setup writes it. */
export interface WrittenSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  /** The instrumentation scope: its name under builtApp's `officialSetup`, the scope object under the default setup. */
  scope: unknown;
}

const COMPILER_OPTIONS = {
  target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'],
  experimentalDecorators: true, emitDecoratorMetadata: true, rootDir: 'src',
};

const BUILD = `import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightVite from 'tracewright/vite';
const [tool, mode] = process.argv.slice(2);
const plugins = mode === 'plain' ? [] : tool === 'esbuild' ? [tracewrightEsbuild({ cache: false })] : [tracewrightVite({ cache: false })];
const outDir = 'out/' + tool + '-' + mode;
if (tool === 'esbuild') {
  await esbuild({ entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: outDir + '/main.js', logLevel: 'warning', plugins });
} else {
  await vite({ configFile: false, logLevel: 'warn', plugins, build: { ssr: 'src/main.ts', outDir, emptyOutDir: true, minify: false, target: 'node20',
    rollupOptions: { output: { format: 'esm', entryFileNames: 'main.js' } } } });
}
`;

/** Writes the project (`src/*` from `files`) under test/.tmp/server/<name>; returns its directory. */
export async function writeProject(name: string, files: Record<string, string>): Promise<string> {
  await ensurePackage();
  const dir = join(TMP, 'server', name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
    writeFileSync(join(dir, 'src', path), text);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['src'] }));
  for (const mode of ['plain', 'traced']) {
    const plugins = mode === 'traced' ? [{ transform: 'tracewright/tsc' }] : [];
    writeFileSync(join(dir, `tsconfig.${mode}.json`), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { outDir: `out/tsc-${mode}`, plugins } }));
  }
  writeFileSync(join(dir, 'build.mjs'), BUILD);
  writeFileSync(join(dir, 'otel.cjs'), otelSetup(2));
  return dir;
}

/**
 * Builds the project with `tool` (with tracewright or plain), runs it with the SDK setup `preload`
 * (a file in `dir`; default the plain SDK), and returns what it printed and the spans.
 */
export async function buildAndRun(dir: string, tool: Tool, mode: 'plain' | 'traced', preload = './otel.cjs'): Promise<{ stdout: string; spans: WrittenSpan[] }> {
  if (tool === 'tsc') await run(process.execPath, [tspcPath(), '-p', `tsconfig.${mode}.json`], dir, compilerEnv());
  else await run(process.execPath, ['build.mjs', tool, mode], dir);
  const spansFile = join(dir, `out/${tool}-${mode}.spans.json`);
  rmSync(spansFile, { force: true });
  const { stdout } = await run(process.execPath, ['-r', preload, `out/${tool}-${mode}/main.js`], dir, { TW_SPANS_FILE: spansFile, NODE_OPTIONS: '' });
  return { stdout, spans: existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as WrittenSpan[]) : [] };
}

/**
 * SERVER spans (kind 1) in end order, as `name | http.route | status code | outcome | parent` lines:
 * outcome `error <error.type>` or `unset`; parent the kind of the span it continues (`client`:
 * the program's own `fetch` span, whose `traceparent` the server extracted), `none` for a root.
 */
export function serverSpanLines(spans: readonly WrittenSpan[]): string[] {
  const byId = new Map(spans.map((s) => [`${s.traceId}/${s.spanId}`, s]));
  const KIND = ['internal', 'server', 'client', 'producer', 'consumer'];
  return spans.filter((s) => s.kind === 1).map((s) => {
    const parent = s.parentSpanId === undefined ? undefined : byId.get(`${s.traceId}/${s.parentSpanId}`);
    const outcome = s.status.code === 2 ? `error ${String(s.attributes['error.type'])}` : 'unset';
    const from = s.parentSpanId === undefined ? 'none' : parent ? KIND[parent.kind] : 'unknown';
    return `${s.name} | ${String(s.attributes['http.route'] ?? '-')} | ${String(s.attributes['http.response.status_code'] ?? '-')} | ${outcome} | ${from}`;
  });
}
