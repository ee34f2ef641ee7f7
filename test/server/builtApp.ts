/**
 * A small server app built the three ways users build (tsc through our ts-patch entry,
 * esbuild and vite with our plugin, each bundle CommonJS with packages external) and run in a
 * child process with an OpenTelemetry setup preloaded (`-r`): ours with an in-memory
 * exporter, or the official instrumentations. The app's `src/main.ts` starts its server on
 * 127.0.0.1, drives it through `src/client.ts` (marked `tracewright ignore file`, so the
 * requests themselves are not instrumented by us), prints the replies as one JSON line and
 * closes; the spans are written when the process exits.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePackage, REPO, TMP } from '../bundlers/package.js';
import { run } from '../bundlers/run.js';
import { compileProject } from '../helpers/compile.js';

/** How an app is built. */
export type Tool = 'tsc' | 'esbuild' | 'vite';
export const TOOLS: readonly Tool[] = ['tsc', 'esbuild', 'vite'];

/** The sources of an app, and packages it sees under other names (`fastify` → the repository's `fastify4`). */
export interface AppSources {
  /** Unique per test file and variant: names the project directories. */
  name: string;
  /** Paths relative to the project root → text; `src/main.ts` is the entry. */
  files: Record<string, string>;
  /** `node_modules/<key>` in the project links to the repository's `node_modules/<value>`. */
  links?: Record<string, string>;
}

/** One exported span as the child writes it. */
export interface ExportedSpan {
  name: string;
  kind: number;
  spanId: string;
  traceId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  scope: string;
}

/**
 * The client every app drives its server with: plain `http.request`s, one after another,
 * never instrumented by us (the directive), so the only spans are the server's.
 */
export const CLIENT_TS = `/* tracewright ignore file */
import * as http from 'node:http';

export interface Reply { method: string; path: string; status: number; body: string }

export function send(base: string, method: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + path, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ method, path, status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export async function exercise(base: string, requests: [string, string][]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const [method, path] of requests) replies.push(await send(base, method, path));
  return replies;
}
`;

/** The entry: start, drive, print, close. `server.ts` exports `start(): Promise<{ url, close() }>` and `REQUESTS`. */
export const MAIN_TS = `import { exercise } from './client';
import { REQUESTS, start } from './server';

async function main(): Promise<void> {
  const server = await start();
  const replies = await exercise(server.url, REQUESTS);
  console.log('REPLIES ' + JSON.stringify(replies));
  await server.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const BUILD_MJS = `import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightVite from 'tracewright/vite';
const [tool, mode] = process.argv.slice(2);
const plugins = mode === 'plain' ? [] : tool === 'esbuild' ? [tracewrightEsbuild({ cache: false })] : [tracewrightVite({ cache: false })];
const outDir = 'out/' + tool + '-' + mode;
if (tool === 'esbuild') {
  await esbuild({ entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', outfile: outDir + '/main.cjs', logLevel: 'warning', plugins });
} else {
  await vite({ configFile: false, logLevel: 'warn', plugins, build: { ssr: 'src/main.ts', outDir, emptyOutDir: true, minify: false,
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.cjs' } } } });
}
`;

/** Writes the span list at exit (`TW_SPANS_FILE`): shared by every setup below. */
const WRITE_AT_EXIT = `process.on('exit', () => {
  const spans = exporter.getFinishedSpans().map((span) => ({
    name: span.name, kind: span.kind, traceId: span.spanContext().traceId, spanId: span.spanContext().spanId,
    parentSpanId: (span.parentSpanContext && span.parentSpanContext.spanId) || span.parentSpanId,
    attributes: span.attributes, status: span.status, scope: (span.instrumentationScope || span.instrumentationLibrary).name,
  }));
  require('node:fs').writeFileSync(process.env.TW_SPANS_FILE, JSON.stringify(spans, null, 2));
});
`;

/** Our setup: the 2.x SDK, in-memory exporter, no instrumentation but the built code's. */
export const OURS_SETUP = `'use strict';
const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
${WRITE_AT_EXIT}`;

/** A setup with official instrumentations registered before the app loads (`instrumentations` is JS creating them). */
export function officialSetup(requires: string, instrumentations: string): string {
  return `'use strict';
const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
${requires}
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
registerInstrumentations({ instrumentations: ${instrumentations} });
${WRITE_AT_EXIT}`;
}

function link(root: string, links: Record<string, string> | undefined): void {
  for (const [name, target] of Object.entries(links ?? {})) {
    const at = join(root, 'node_modules', name);
    mkdirSync(dirname(at), { recursive: true });
    rmSync(at, { recursive: true, force: true });
    symlinkSync(join(REPO, 'node_modules', target), at, 'dir');
  }
}

/** Builds `app` with `tool` (`plain`: without our plugin); returns the project directory and the entry to run. */
export async function buildApp(app: AppSources, tool: Tool, { plain = false } = {}): Promise<{ dir: string; entry: string }> {
  await ensurePackage(); // @tracewright/runtime and tracewright/* resolvable from test/.tmp
  const name = `server-${app.name}-${tool}`;
  if (tool === 'tsc') {
    const dir = join(TMP, 'projects', name);
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    link(dir, app.links);
    const out = compileProject({ name, files: app.files, plugin: plain ? false : {} });
    if (out.errors.length > 0) throw new Error(`tsc: ${out.errors.join('\n')}`);
    for (const [path, text] of Object.entries(out.outputs)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return { dir, entry: join(dir, 'out/src/main.js') };
  }
  const dir = join(TMP, 'server', name);
  for (const [path, text] of Object.entries(app.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(dir, 'build.mjs'), BUILD_MJS);
  link(dir, app.links);
  const mode = plain ? 'plain' : 'traced';
  await run(process.execPath, ['build.mjs', tool, mode], dir);
  return { dir, entry: join(dir, `out/${tool}-${mode}/main.cjs`) };
}

/** Runs a built entry with `setup` preloaded; returns the replies the app printed and the spans. */
export async function runApp(built: { dir: string; entry: string }, setup: string, label: string): Promise<{ replies: { method: string; path: string; status: number; body: string }[]; spans: ExportedSpan[]; stderr: string }> {
  const setupFile = join(built.dir, `setup-${label}.cjs`);
  const spansFile = join(built.dir, `spans-${label}.json`);
  writeFileSync(setupFile, setup);
  rmSync(spansFile, { force: true });
  const { stdout, stderr } = await run(process.execPath, ['-r', setupFile, built.entry], built.dir, { TW_SPANS_FILE: spansFile, NODE_OPTIONS: '' });
  const line = stdout.split('\n').find((l) => l.startsWith('REPLIES '));
  if (line === undefined) throw new Error(`no replies printed:\n${stdout}\n${stderr}`);
  return { replies: JSON.parse(line.slice(8)), spans: existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as ExportedSpan[]) : [], stderr };
}

/** The SERVER spans (kind 1) as `name route status` lines, in the order they ended. */
export function serverSpanLines(spans: readonly ExportedSpan[]): string[] {
  return spans.filter((s) => s.kind === 1).map((s) => `${s.name} | ${String(s.attributes['http.route'] ?? '-')} | ${String(s.attributes['http.response.status_code'] ?? '-')}`);
}
