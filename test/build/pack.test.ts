/**
 * The real build: `npm pack` tracewright (prepack builds dist), install the tarball into a small
 * multi-file project next to the TypeScript + ts-patch under test, build it with `tspc`
 * (plugin on) and with plain `tsc` (plugin off), run both builds under this Node with an SDK
 * registered, and compare: same stdout; spans only from the instrumented build; identical
 * `.d.ts`; source maps present. Two variants: native ESM (`module: nodenext`) and CommonJS.
 *
 * Needs the npm registry (or a warm npm cache). `TRACEWRIGHT_KEEP_TMP=1` keeps test/.tmp/pack-*.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tsPatchVersion, typescriptVersion } from '../helpers/typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT = 10 * 60_000; // per test: the first one waits for npm pack + npm install
const COMMAND_TIMEOUT = 5 * 60_000; // per child process (then killed)
const SPAN_KIND_CLIENT = 2;
const SPAN_STATUS_ERROR = 2;
const work = join(ROOT, 'test', '.tmp');
mkdirSync(work, { recursive: true });
const tmp = mkdtempSync(join(work, 'pack-'));

afterAll(() => {
  if (!process.env.TRACEWRIGHT_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The app: src/main.ts -> src/client.ts (fetch, http.get) and src/server.ts (local server).

const CLIENT_TS = `// The two outgoing calls tracewright must wrap.
import * as http from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

export async function fetchText(url: string): Promise<Reply> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

export function httpGetText(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
`;

const SERVER_TS = `import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that reports each request's traceparent on stderr. */
export async function startServer(): Promise<Server> {
  const server = http.createServer((req, res) => {
    console.error(\`traceparent \${req.url} \${req.headers.traceparent ?? 'none'}\`);
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: \`http://127.0.0.1:\${port}\`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = await startServer();
  await server.close();
  return Number(new URL(server.url).port);
}
`;

const MAIN_TS = `import { trace } from '@opentelemetry/api';
import { fetchText, httpGetText } from './client.js';
import { closedPort, startServer } from './server.js';

async function main(): Promise<void> {
  const server = await startServer();
  const refused = await closedPort();
  const tracer = trace.getTracer('app');
  await tracer.startActiveSpan('root', async (root) => {
    try {
      const hello = await fetchText(\`\${server.url}/hello\`);
      console.log(\`fetch /hello -> \${hello.status} \${hello.body}\`);
      const missing = await httpGetText(\`\${server.url}/missing\`);
      console.log(\`http.get /missing -> \${missing.status} \${missing.body}\`);
      try {
        await fetchText(\`http://127.0.0.1:\${refused}/down\`);
        console.log('fetch /down -> no error');
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        console.log(\`fetch /down -> \${e.name}: \${e.message} (\${e.cause?.code})\`);
      }
    } finally {
      root.end();
    }
  });
  await server.close();
  console.log('done');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** Preloaded with `--require`: SDK + in-memory exporter; writes finished spans at exit. */
const OTEL_SETUP_CJS = `'use strict';
const { writeFileSync } = require('node:fs');
const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
process.on('exit', () => {
  const spans = exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: (span.parentSpanContext && span.parentSpanContext.spanId) || span.parentSpanId,
    startTime: span.startTime,
    attributes: span.attributes,
    status: span.status,
  }));
  const json = JSON.stringify(spans, null, 2);
  if (process.env.TW_SPANS_FILE) writeFileSync(process.env.TW_SPANS_FILE, json);
  else process.stderr.write(json + '\\n');
});
`;

const VARIANTS = [
  { name: 'ESM (module: nodenext)', dir: 'esm', type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'CommonJS (module: commonjs)', dir: 'cjs', type: 'commonjs', compilerOptions: { module: 'commonjs' } },
] as const;
type Variant = (typeof VARIANTS)[number];

// ---------------------------------------------------------------------------------------------
// Helpers

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = childEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 << 20, timeout: COMMAND_TIMEOUT }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

async function mustRun(file: string, args: string[], cwd: string): Promise<Run> {
  const result = await run(file, args, cwd);
  if (result.code !== 0) {
    throw new Error(`\`${basename(file)} ${args.join(' ')}\` in ${cwd} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** This environment minus the `npm_*` variables of an enclosing `npm test` (they would steer child npm commands). */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') || keep.has(key.toLowerCase())));
  return { ...env, ...extra };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= make());
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Version of `name` installed under `dir`/node_modules, or undefined. */
function installedIn(dir: string, name: string): string | undefined {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
}

function lineOf(source: string, needle: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}

function filesIn(dir: string, suffix: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith(suffix)).sort();
}

// ---------------------------------------------------------------------------------------------
// Shared steps (memoised: the first test that needs a step runs it, later ones reuse it)

/** `npm pack` from a copy of the working tree, so the repo's own dist/ is never rebuilt under other suites. */
const packTarball = once(async () => {
  const source = join(tmp, 'source');
  const skip = new Set(['node_modules', '.git', '.tmp', 'dist', 'test', 'fixtures', 'bench', 'coverage']);
  for (const entry of readdirSync(ROOT)) {
    if (!skip.has(entry) && !entry.endsWith('.tgz')) cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  const destination = join(tmp, 'tarball');
  mkdirSync(destination);
  await mustRun('npm', ['pack', '--pack-destination', destination], source);
  const [tarball] = filesIn(destination, '.tgz');
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${destination}`);
  return join(destination, tarball);
});

/** One install shared by both variants (each variant is a sub-folder with its own package.json). */
const installApp = once(async () => {
  const tarball = await packTarball();
  const app = join(tmp, 'app');
  write(join(app, 'package.json'), JSON.stringify({ name: 'tw-pack-app', private: true }, null, 2));
  await mustRun(
    'npm',
    [
      'install', '--no-audit', '--no-fund', '--prefer-offline', '--save-exact',
      tarball,
      `typescript@${typescriptVersion()}`,
      `ts-patch@${tsPatchVersion()}`,
      '@opentelemetry/api@1.9.0',
      `@opentelemetry/sdk-trace-node@${installedIn(ROOT, '@opentelemetry/sdk-trace-node') ?? '2'}`,
      `@types/node@${installedIn(ROOT, '@types/node') ?? '20'}`,
    ],
    app,
  );
  write(join(app, 'otel-setup.cjs'), OTEL_SETUP_CJS);
  return app;
});

interface Built {
  dir: string;
  tspc: Run;
  tsc: Run;
}

/** Writes the variant's project and builds it twice: `tspc` → dist/, plain `tsc` → dist-plain/. */
function buildVariant(variant: Variant): () => Promise<Built> {
  return once(async () => {
    const app = await installApp();
    const dir = join(app, variant.dir);
    write(join(dir, 'package.json'), JSON.stringify({ name: `tw-pack-${variant.dir}`, private: true, type: variant.type }, null, 2));
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2022'],
      ...variant.compilerOptions,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
      declaration: true,
      sourceMap: true,
      rootDir: 'src',
      outDir: 'dist',
      plugins: [{ transform: 'tracewright/tsc' }],
    };
    write(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
    write(join(dir, 'src', 'client.ts'), CLIENT_TS);
    write(join(dir, 'src', 'server.ts'), SERVER_TS);
    write(join(dir, 'src', 'main.ts'), MAIN_TS);
    // The installed copies, not the ones under test: the app must stand on its own.
    const tspc = await run(process.execPath, [join(app, 'node_modules', 'ts-patch', 'bin', 'tspc.js'), '-p', '.'], dir);
    const tsc = await run(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--outDir', 'dist-plain'], dir);
    return { dir, tspc, tsc };
  });
}

/** Each variant's build, memoised once for every test that needs it. */
const builds = new Map(VARIANTS.map((variant) => [variant.dir, buildVariant(variant)]));

interface Span {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTime: [number, number];
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
}

interface Executed extends Run {
  spans: Span[];
}

async function execute(dir: string, outDir: string): Promise<Executed> {
  const spansFile = join(dir, `${outDir}.spans.json`);
  const args = ['--require', join(dir, '..', 'otel-setup.cjs'), join(outDir, 'main.js')];
  const result = await run(process.execPath, args, dir, childEnv({ TW_SPANS_FILE: spansFile }));
  const spans = existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as Span[]) : [];
  spans.sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  return { ...result, spans };
}

function describeRun(label: string, result: Run): string {
  return `${label} exited ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

// ---------------------------------------------------------------------------------------------

describe(`npm pack + tspc build (TypeScript ${typescriptVersion()}, ts-patch ${tsPatchVersion()}, Node ${process.version})`, () => {
  it('installs a tarball holding every target of the exports map', async () => {
    const installed = join(await installApp(), 'node_modules', 'tracewright');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: unknown };
    const targets = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    expect([...targets].filter((target) => !existsSync(join(installed, target)))).toEqual([]);
    expect(existsSync(join(installed, 'dist', 'esm', 'package.json'))).toBe(true);
  }, TIMEOUT);

  describe.each(VARIANTS)('$name', (variant) => {
    const built = builds.get(variant.dir)!;
    const executed = once(async () => {
      const { dir } = await built();
      return { instrumented: await execute(dir, 'dist'), plain: await execute(dir, 'dist-plain') };
    });
    const ready = once(async () => {
      const b = await built();
      if (b.tspc.code !== 0) throw new Error(describeRun('tspc -p .', b.tspc));
      if (b.tsc.code !== 0) throw new Error(describeRun('tsc -p . --outDir dist-plain', b.tsc));
      return b;
    });

    it('builds with tspc and with plain tsc, and instruments client.ts', async () => {
      const { dir } = await ready();
      const app = join(dir, '..');
      expect(installedIn(app, 'typescript')).toBe(typescriptVersion());
      expect(installedIn(app, 'ts-patch')).toBe(tsPatchVersion());
      for (const out of ['dist', 'dist-plain']) {
        expect(filesIn(join(dir, out), '.js')).toEqual(['client.js', 'main.js', 'server.js']);
      }
      const instrumented = readFileSync(join(dir, 'dist', 'client.js'), 'utf8');
      expect(instrumented).not.toBe(readFileSync(join(dir, 'dist-plain', 'client.js'), 'utf8'));
      expect(instrumented).toContain('tracewright/runtime');
    }, TIMEOUT);

    it('emits the same .d.ts files as plain tsc, and source maps', async () => {
      const { dir } = await ready();
      const declarations = filesIn(join(dir, 'dist'), '.d.ts');
      expect(declarations).toEqual(['client.d.ts', 'main.d.ts', 'server.d.ts']);
      expect(filesIn(join(dir, 'dist-plain'), '.d.ts')).toEqual(declarations);
      for (const file of declarations) {
        expect(readFileSync(join(dir, 'dist', file), 'utf8'), file).toBe(readFileSync(join(dir, 'dist-plain', file), 'utf8'));
      }
      for (const file of filesIn(join(dir, 'dist'), '.js')) {
        expect(readFileSync(join(dir, 'dist', file), 'utf8')).toContain(`//# sourceMappingURL=${file}.map`);
        const map = JSON.parse(readFileSync(join(dir, 'dist', `${file}.map`), 'utf8')) as { sources: string[]; mappings: string };
        expect(map.sources).toEqual([`../src/${file.replace(/\.js$/, '.ts')}`]);
        expect(map.mappings.length).toBeGreaterThan(0);
      }
    }, TIMEOUT);

    it('prints the same output as the uninstrumented build', async () => {
      await ready();
      const { instrumented, plain } = await executed();
      expect(plain.code, describeRun('plain build', plain)).toBe(0);
      expect(plain.stdout).toMatch(/^fetch \/hello -> 200 hello\nhttp\.get \/missing -> 404 not found\nfetch \/down -> TypeError: .+\ndone\n$/);
      expect(instrumented.code, describeRun('instrumented build', instrumented)).toBe(0);
      expect(instrumented.stdout).toBe(plain.stdout);
      // Without the plugin only the app's own span exists.
      expect(plain.spans.map((span) => span.name)).toEqual(['root']);
    }, TIMEOUT);

    it('records GET client spans with their call sites under the manual root span', async () => {
      await ready();
      const { instrumented } = await executed();
      const { spans } = instrumented;
      const roots = spans.filter((span) => span.name === 'root');
      expect(roots, describeRun('instrumented build', instrumented)).toHaveLength(1);
      const root = roots[0]!;
      expect(root.parentSpanId).toBeFalsy();

      const sites = spans.filter((span) => span.attributes['code.file.path'] === 'src/client.ts');
      expect(sites, JSON.stringify(spans, null, 2)).toHaveLength(3);
      for (const span of sites) {
        expect(span.name).toBe('GET');
        expect(span.kind).toBe(SPAN_KIND_CLIENT);
        expect(span.traceId).toBe(root.traceId);
        expect(span.parentSpanId).toBe(root.spanId);
        expect(span.attributes['http.request.method']).toBe('GET');
      }
      const [hello, missing, down] = sites as [Span, Span, Span];
      const fetchLine = lineOf(CLIENT_TS, 'await fetch(');
      const httpGetLine = lineOf(CLIENT_TS, 'http.get(');

      expect(hello.attributes).toMatchObject({ 'code.line.number': fetchLine, 'http.response.status_code': 200 });
      expect(String(hello.attributes['url.full'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hello$/);
      expect(hello.status.code).not.toBe(SPAN_STATUS_ERROR);

      expect(missing.attributes).toMatchObject({ 'code.line.number': httpGetLine, 'http.response.status_code': 404 });
      expect(String(missing.attributes['url.full'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/missing$/);

      expect(down.attributes).toMatchObject({ 'code.line.number': fetchLine });
      expect(down.attributes['http.response.status_code']).toBeUndefined();
      expect(down.status.code).toBe(SPAN_STATUS_ERROR);
    }, TIMEOUT);

    it('propagates the client span context in traceparent', async () => {
      await ready();
      const { instrumented, plain } = await executed();
      const received = (result: Run) =>
        Object.fromEntries([...result.stderr.matchAll(/^traceparent (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
      expect(received(plain)).toEqual({ '/hello': 'none', '/missing': 'none' });
      const sites = instrumented.spans.filter((span) => span.attributes['code.file.path'] === 'src/client.ts');
      const headers = received(instrumented);
      expect(Object.keys(headers).sort(), describeRun('instrumented build', instrumented)).toEqual(['/hello', '/missing']);
      expect(headers['/hello']).toBe(`00-${sites[0]?.traceId}-${sites[0]?.spanId}-01`);
      expect(headers['/missing']).toBe(`00-${sites[1]?.traceId}-${sites[1]?.spanId}-01`);
    }, TIMEOUT);
  });

  // ts-patch's other mode: `ts-patch install` patches a TypeScript package in place, after which
  // plain `tsc` loads the plugins (no per-run recompiling of a patched compiler, as tspc does).
  it('builds the same instrumented output with a TypeScript patched by `ts-patch install` and plain tsc', async () => {
    const variant = VARIANTS[0];
    const { dir, tspc } = await builds.get(variant.dir)!();
    expect(tspc.code, describeRun('tspc -p .', tspc)).toBe(0);
    const app = join(dir, '..');
    // A copy: the app's own typescript stays unpatched for the plain builds.
    const typescript = join(app, 'ts-installed', 'node_modules', 'typescript');
    cpSync(join(app, 'node_modules', 'typescript'), typescript, { recursive: true });
    await mustRun(process.execPath, [join(app, 'node_modules', 'ts-patch', 'bin', 'ts-patch.js'), 'install', '--dir', typescript], app);
    await mustRun(process.execPath, [join(typescript, 'bin', 'tsc'), '-p', '.', '--outDir', 'dist-installed'], dir);
    const outputs = filesIn(join(dir, 'dist'), '.js');
    expect(filesIn(join(dir, 'dist-installed'), '.js')).toEqual(outputs);
    for (const file of outputs) {
      expect(readFileSync(join(dir, 'dist-installed', file), 'utf8'), file).toBe(readFileSync(join(dir, 'dist', file), 'utf8'));
    }
    expect(readFileSync(join(dir, 'dist-installed', 'client.js'), 'utf8')).toContain('tracewright/runtime');
  }, TIMEOUT);
});
