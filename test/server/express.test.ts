/**
 * Express 5 and 4 services built three ways — `tspc` (CommonJS), esbuild and vite (CJS bundles,
 * packages external) — from the sources of test/server/expressApp (nested routers across files
 * with params in mount paths, a router mounted twice, a sub-app, handler arrays, `app.route()`
 * chains, error middleware, 401/404/500, sync throws and Express 5 async rejections, HEAD on a
 * GET route, the `app.get('env')` settings getter), run on 127.0.0.1 against the local
 * PostgreSQL. Each built service answers exactly as the plain build does; each request has one
 * SERVER span named `{method} {http.route}` (just `{method}` where no route matched), and the pg
 * queries inside handlers are children of their request's SERVER span. With
 * `@opentelemetry/instrumentation-http` and `-express` active as well, there is still exactly one
 * SERVER span per request, and it has the route.
 *
 * Express 4 is the `express4` package linked as the project's own `node_modules/express`, so the
 * catalog's `versions` range is checked against 4.x exactly as in a real Express 4 project.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { otelSetup } from '../build/app.js';
import { ensurePackage, REPO, TMP } from '../bundlers/package.js';
import { run } from '../bundlers/run.js';
import { service } from '../helpers/services.js';
import { compilerEnv, tspcPath } from '../helpers/typescript.js';

const up = await service('postgresql');
const APP = join(REPO, 'test/server/expressApp');

const BUILD = `import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightVite from 'tracewright/vite';
const [tool, mode] = process.argv.slice(2);
const plugins = mode === 'plain' ? [] : tool === 'esbuild' ? [tracewrightEsbuild({ cache: false })] : [tracewrightVite({ cache: false })];
const outDir = 'out/' + tool + '-' + mode;
if (tool === 'esbuild') {
  await esbuild({ entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', outfile: outDir + '/main.js', logLevel: 'warning', plugins });
} else {
  await vite({ configFile: false, logLevel: 'warn', plugins, build: { ssr: 'src/main.ts', outDir, emptyOutDir: true, minify: false,
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'main.js' } } } });
}
`;

/** The SDK plus the official http and Express instrumentations, registered before the app loads. */
const OFFICIAL = otelSetup(2).replace(
  'new NodeTracerProvider(',
  `const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()] });
new NodeTracerProvider(`,
);

function tsconfig(outDir: string, plugin: boolean): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, strict: true, skipLibCheck: true,
      types: ['node'], rootDir: 'src', outDir, ...(plugin ? { plugins: [{ transform: 'tracewright/tsc' }] } : {}),
    },
    include: ['src'],
  });
}

/** A project directory for one Express major: the app's sources, its `express` linked to that major. */
function setUpProject(major: number): string {
  const dir = join(TMP, `server/express${major}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const file of readdirSync(APP).filter((f) => f.endsWith('.ts'))) cpSync(join(APP, file), join(dir, 'src', file));
  symlinkSync(join(REPO, 'node_modules', major === 5 ? 'express' : 'express4'), join(dir, 'node_modules/express'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `express${major}-service`, private: true, type: 'commonjs' }));
  writeFileSync(join(dir, 'tsconfig.json'), tsconfig('out/tsc-traced', true));
  writeFileSync(join(dir, 'tsconfig.plain.json'), tsconfig('out/tsc-plain', false));
  writeFileSync(join(dir, 'build.mjs'), BUILD);
  writeFileSync(join(dir, 'otel.cjs'), otelSetup(2));
  writeFileSync(join(dir, 'otel-official.cjs'), OFFICIAL);
  return dir;
}

interface Span {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  startTime: [number, number];
  attributes: Record<string, unknown>;
  scope?: { name: string };
}

async function build(dir: string, tool: string, mode: 'plain' | 'traced'): Promise<string> {
  if (tool === 'tsc') {
    const project = mode === 'plain' ? 'tsconfig.plain.json' : 'tsconfig.json';
    await run(process.execPath, [tspcPath(), '-p', project], dir, compilerEnv({}));
  } else {
    await run(process.execPath, ['build.mjs', tool, mode], dir);
  }
  return `out/${tool}-${mode}/main.js`;
}

async function start(dir: string, major: number, entry: string, setup = './otel.cjs'): Promise<{ lines: string[]; spans: Span[] }> {
  const spansFile = join(dir, `${entry.replace(/\W/g, '_')}${setup.includes('official') ? '.official' : ''}.spans.json`);
  rmSync(spansFile, { force: true });
  const { stdout } = await run(process.execPath, ['-r', setup, entry], dir, { TW_SPANS_FILE: spansFile, EXPRESS_MAJOR: String(major) });
  const spans = existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as Span[]) : [];
  return { lines: stdout.split('\n').filter((l) => l !== ''), spans: spans.sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]) };
}

/** The responses every build must give (the async rejection only reaches the error handler on Express 5). */
function expectedLines(major: number): string[] {
  return [
    'GET /users/42 200 top 42',
    'GET /api/users/7 200 user 7',
    'GET /api/users/7/posts/9 200 {"user":"7","post":9}',
    'GET /a/items/1 200 item 1 under /a',
    'GET /b/acme/items/2 200 item 2 under /b/acme',
    'GET /v1/eu/status 200 {"region":{},"base":"/v1/eu","greeting":"hello"}',
    'GET /arr/5 200 arr 5 true',
    'GET /arr/5 401 unauthorized',
    'GET /chained/3 200 chained get 3',
    'POST /chained/3 200 chained post 3',
    'HEAD /users/42 200 ',
    'GET /private/x 401 unauthorized',
    'GET /boom/1 500 handled sync boom',
    ...(major >= 5 ? ['GET /async/1 500 handled async boom'] : []),
    'GET /missing 404 <404 page>',
    'GET /settings 200 env express-test',
  ];
}

/** One line per SERVER span: name, route, status. */
function expectedServerSpans(major: number): string[] {
  return [
    'GET /users/:id | /users/:id | 200',
    'GET /api/users/:id | /api/users/:id | 200',
    'GET /api/users/:id/posts/:postId | /api/users/:id/posts/:postId | 200',
    'GET /a/items/:n | /a/items/:n | 200',
    'GET /b/:tenant/items/:n | /b/:tenant/items/:n | 200',
    'GET /v1/:region/status | /v1/:region/status | 200',
    'GET /arr/:id | /arr/:id | 200',
    'GET /arr/:id | /arr/:id | 401',
    'GET /chained/:id | /chained/:id | 200',
    'POST /chained/:id | /chained/:id | 200',
    'HEAD /users/:id | /users/:id | 200',
    'GET | - | 401',
    'GET /boom/:id | /boom/:id | 500',
    ...(major >= 5 ? ['GET /async/:id | /async/:id | 500'] : []),
    'GET | - | 404',
    'GET /settings | /settings | 200',
  ];
}

function serverSpans(spans: Span[]): Span[] {
  return spans.filter((s) => s.kind === 1);
}

function describeServer(s: Span): string {
  return `${s.name} | ${String(s.attributes['http.route'] ?? '-')} | ${String(s.attributes['http.response.status_code'])}`;
}

const MAJORS = [5, 4];
const TOOLS = ['tsc', 'esbuild', 'vite'];

describe.skipIf(!up).each(MAJORS)('Express %i service', (major) => {
  let dir: string;
  beforeAll(async () => {
    await ensurePackage();
    dir = setUpProject(major);
  }, 300_000);

  test.each(TOOLS)('built with %s: same responses as the plain build, one SERVER span per request named by its route, pg queries its children', async (tool) => {
    const plain = await start(dir, major, await build(dir, tool, 'plain'));
    const traced = await start(dir, major, await build(dir, tool, 'traced'));
    expect(plain.lines).toEqual(expectedLines(major));
    expect(traced.lines).toEqual(plain.lines);
    expect(serverSpans(plain.spans)).toEqual([]);

    const servers = serverSpans(traced.spans);
    expect(servers.map(describeServer)).toEqual(expectedServerSpans(major));
    const pg = traced.spans.filter((s) => s.attributes['db.system.name'] === 'postgresql' && s.name.startsWith('SELECT'));
    expect(pg.map((s) => servers.find((srv) => srv.spanId === s.parentSpanId)?.name)).toEqual(['GET /users/:id', 'GET /api/users/:id/posts/:postId', 'HEAD /users/:id']);
  }, 300_000);

  test('with the official http and Express instrumentations active: still exactly one SERVER span per request, with the route', async () => {
    const entry = await build(dir, 'esbuild', 'traced');
    const { lines, spans } = await start(dir, major, entry, './otel-official.cjs');
    expect(lines).toEqual(expectedLines(major));
    const servers = serverSpans(spans);
    expect(servers.length).toBe(lines.length);
    // The one SERVER span is the official instrumentation's: tracewright's server core deferred to it.
    expect([...new Set(servers.map((s) => s.scope?.name))]).toEqual(['@opentelemetry/instrumentation-http']);
    const routes = servers.map((s) => `${String(s.attributes['http.route'] ?? '-')}`);
    // Where no route handler ran, the official Express instrumentation may name the span by the
    // middleware's mount path itself (Express 5: '/private' for the 401 of `app.use('/private', auth)`):
    // its choice, not ours. Every request that matched a route has exactly our template.
    const expected = expectedServerSpans(major).map((l, i) => (l.split(' | ')[1] === '-' ? routes[i] : l.split(' | ')[1]));
    expect(routes).toEqual(expected);
  }, 300_000);
});
