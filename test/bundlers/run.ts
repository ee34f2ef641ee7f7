/**
 * Running the app under Node (child processes) and the two references every
 * bundle is compared with: the plain unbundled program (its output) and the
 * unbundled program instrumented by `transformSource` (its spans).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { transformSource } from '../../src/transformer/session/transformSource.js';
import { APP_DIR, ensureApp, PLUGIN_OPTIONS } from './app.js';
import { ensurePackage, withLock } from './package.js';

const exec = promisify(execFile);

/** What a run printed: program lines (without the spans line) and the spans. */
export interface AppRun {
  lines: string[];
  spans: unknown[];
  stderr: string;
}

/** Runs a built entry with the OTel setup preloaded; the server URL's port is replaced by `<port>`. */
export async function runApp(entry: string, serverUrl: string, options: { stack?: boolean; sourceMaps?: boolean } = {}): Promise<AppRun> {
  const args = ['-r', join(APP_DIR, 'otel.cjs'), ...(options.sourceMaps ? ['--enable-source-maps'] : []), entry];
  const env = { ...process.env, SERVER_URL: serverUrl, ...(options.stack ? { STACK: '1' } : {}), NODE_OPTIONS: '' };
  const { stdout, stderr } = await exec(process.execPath, args, { cwd: APP_DIR, env, maxBuffer: 16 << 20 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`${relative(APP_DIR, entry)} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  const port = new URL(serverUrl).port;
  const lines = stdout.split('\n').filter((l) => l !== '');
  const spansLine = lines.find((l) => l.startsWith('SPANS '));
  const spans = spansLine ? JSON.parse(spansLine.slice(6)) as unknown[] : [];
  return { lines: lines.filter((l) => !l.startsWith('SPANS ')).map((l) => l.split(port).join('<port>')), spans: normalizePorts(spans, Number(port)) as unknown[], stderr };
}

/** Replaces the server's port (a number or inside strings) with `<port>`. */
function normalizePorts(value: unknown, port: number): unknown {
  if (value === port) return '<port>';
  if (typeof value === 'string') return value.split(String(port)).join('<port>');
  if (Array.isArray(value)) return value.map((v) => normalizePorts(v, port));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizePorts(v, port)]));
  return value;
}

/** Strips types the way a plain CommonJS build would (no instrumentation involved). */
function transpile(code: string, file: string): string {
  return ts.transpileModule(code, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, jsx: ts.JsxEmit.React },
  }).outputText;
}

function writeTree(files: Record<string, string>, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    const target = join(outDir, path.replace(/\.tsx?$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, /\.tsx?$/.test(path) ? transpile(text, join(APP_DIR, path)) : text);
  }
}

const SOURCES = ['src/main.ts', 'src/jsx.ts', 'src/greet.tsx', 'src/legacy.cjs', 'src/later.ts', 'src/risky.ts', 'src/stack.ts'];
const TRACED_PACKAGE = 'node_modules/traced-dep/index.js';

/** Entry of the unbundled plain build and of the unbundled instrumented build (built once per process, under a lock). */
export async function buildReferences(): Promise<{ plain: string; instrumented: string }> {
  await ensureApp();
  await ensurePackage();
  const plainDir = join(APP_DIR, 'out/reference-plain');
  const instrumentedDir = join(APP_DIR, 'out/reference-instrumented');
  await withLock('references', async () => {
    const read = (path: string) => readFileSync(join(APP_DIR, path), 'utf8');
    writeTree(Object.fromEntries(SOURCES.map((p) => [p, read(p)])), plainDir);
    const session = createBuildSession(PLUGIN_OPTIONS, { configFile: join(APP_DIR, 'test plugin options'), projectRoot: APP_DIR });
    const instrumented: Record<string, string> = {};
    for (const path of [...SOURCES, TRACED_PACKAGE]) {
      const result = transformSource(read(path), join(APP_DIR, path), session);
      instrumented[path] = result?.map ? result.code : read(path);
    }
    writeTree(instrumented, instrumentedDir);
    cpSync(join(APP_DIR, 'node_modules/traced-dep/package.json'), join(instrumentedDir, 'node_modules/traced-dep/package.json'));
  });
  return { plain: join(plainDir, 'src/main.js'), instrumented: join(instrumentedDir, 'src/main.js') };
}

/** Runs a command; rejects with its output on failure. */
export async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return exec(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
}
