/**
 * The deployment a user does: `npm pack` both packages of this repository, install `tracewright`
 * as a devDependency and `@tracewright/runtime` (with the OpenTelemetry API and SDK) as
 * dependencies of a fresh app, build it four ways — `tspc` with ESM (`module: nodenext`) and
 * CommonJS output, a vite SSR build and an esbuild bundle with `packages: 'external'` (both keep
 * the runtime import) — then `npm prune --omit=dev` a copy of the app, as a production image
 * would, and run every build there: the same output as the uninstrumented build, and the spans.
 * Also: plain `tsc` after `ts-patch install` gives tspc's output; a project without the runtime
 * fails its tsc build with the install command; the build-time package's types resolve under
 * every `moduleResolution`; the README's SDK snippet for this Node's OpenTelemetry line works
 * as pasted.
 *
 * On Node >= 22.15 the app uses the OpenTelemetry JS 3.x line (api 1.10, sdk-trace 3), else 2.x
 * (api 1.9, sdk-trace-node 2). Needs the npm registry (or a warm npm cache).
 * `TRACEWRIGHT_KEEP_TMP=1` keeps test/.tmp/pack-*.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tsPatchVersion, typescriptVersion } from '../helpers/typescript';
import { CLIENT_TS, ESBUILD_SCRIPT, MAIN_TS, otelLineFor, otelPackages, otelSetup, SERVER_TS, VITE_CONFIG } from './app';
import { filesIn, installedIn, lineOf, mustRun, once, readmeSnippet, run, write, type Run } from './steps';

const ROOT = join(__dirname, '..', '..');
const TIMEOUT = 10 * 60_000; // per test: the first one waits for npm pack + npm install
const SPAN_KIND_CLIENT = 2;
const SPAN_KIND_SERVER = 1;
const SPAN_STATUS_ERROR = 2;
const LINE = otelLineFor();
const work = join(ROOT, 'test', '.tmp');
mkdirSync(work, { recursive: true });
const tmp = mkdtempSync(join(work, 'pack-'));
const outsideRepo = mkdtempSync(join(tmpdir(), 'tw-pack-'));

afterAll(() => {
  if (process.env.TRACEWRIGHT_KEEP_TMP) return;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(outsideRepo, { recursive: true, force: true });
});

const repoVersion = (name: string) => installedIn(ROOT, name) ?? 'latest';

// ---------------------------------------------------------------------------------------------
// Shared steps (memoised: the first test that needs a step runs it, later ones reuse it)

/** `npm pack` of both packages from a copy of the working tree (each `prepack` builds its own dist). */
const packTarballs = once(async () => {
  const source = join(tmp, 'source');
  const skip = new Set(['node_modules', '.git', '.tmp', 'dist', 'test', 'fixtures', 'bench', 'coverage', 'examples']);
  for (const entry of readdirSync(ROOT)) {
    if (!skip.has(entry) && !entry.endsWith('.tgz')) cpSync(join(ROOT, entry), join(source, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  const destination = join(tmp, 'tarballs');
  mkdirSync(destination);
  await Promise.all([
    mustRun('npm', ['pack', '--pack-destination', destination], source),
    mustRun('npm', ['pack', '--pack-destination', destination], join(source, 'packages', 'runtime')),
  ]);
  const tarball = (prefix: string) => {
    const name = filesIn(destination, '.tgz').find((file) => file.startsWith(prefix));
    if (!name) throw new Error(`npm pack wrote no ${prefix}*.tgz into ${destination}`);
    return join(destination, name);
  };
  return { tracewright: tarball('tracewright-0'), runtime: tarball('tracewright-runtime-') };
});

/** One app install shared by every variant (each variant is a sub-folder with its own package.json). */
const installApp = once(async () => {
  const tarballs = await packTarballs();
  const app = join(tmp, 'app');
  const spec = (list: string[]) => Object.fromEntries(list.map((p) => [p.slice(0, p.lastIndexOf('@')), p.slice(p.lastIndexOf('@') + 1)]));
  write(join(app, 'package.json'), JSON.stringify({
    name: 'tw-pack-app',
    private: true,
    dependencies: { '@tracewright/runtime': `file:${tarballs.runtime}`, ...spec(otelPackages(LINE, repoVersion('@opentelemetry/sdk-trace-node'))) },
    devDependencies: {
      tracewright: `file:${tarballs.tracewright}`,
      typescript: typescriptVersion(),
      'ts-patch': tsPatchVersion(),
      '@types/node': repoVersion('@types/node'),
      vite: repoVersion('vite'),
      esbuild: repoVersion('esbuild'),
    },
    allowScripts: { esbuild: false },
  }, null, 2));
  await mustRun('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], app);
  write(join(app, 'otel-setup.cjs'), otelSetup(LINE));
  return app;
});

type Tool = 'tsc' | 'vite' | 'esbuild';
interface Variant {
  name: string;
  dir: string;
  type: 'module' | 'commonjs';
  tool: Tool;
  compilerOptions?: Record<string, unknown>;
}
const VARIANTS: Variant[] = [
  { name: 'tspc, ESM (module: nodenext)', dir: 'esm', type: 'module', tool: 'tsc', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  { name: 'tspc, CommonJS (module: commonjs)', dir: 'cjs', type: 'commonjs', tool: 'tsc', compilerOptions: { module: 'commonjs' } },
  { name: 'vite SSR build', dir: 'vite-ssr', type: 'module', tool: 'vite' },
  { name: "esbuild, packages: 'external'", dir: 'esbuild', type: 'module', tool: 'esbuild' },
];

interface Built {
  dir: string;
  instrumented: Run;
  plain: Run;
}

/** Writes the variant's project and builds it twice: instrumented → dist/, without tracewright → dist-plain/. */
function buildVariant(variant: Variant): () => Promise<Built> {
  return once(async () => {
    const app = await installApp();
    const dir = join(app, variant.dir);
    const bin = (path: string) => join(app, 'node_modules', path);
    write(join(dir, 'package.json'), JSON.stringify({ name: `tw-pack-${variant.dir}`, private: true, type: variant.type }, null, 2));
    write(join(dir, 'src', 'client.ts'), CLIENT_TS);
    write(join(dir, 'src', 'server.ts'), SERVER_TS);
    write(join(dir, 'src', 'main.ts'), MAIN_TS);
    if (variant.tool === 'vite') {
      write(join(dir, 'vite.config.mjs'), VITE_CONFIG);
      return {
        dir,
        instrumented: await run(process.execPath, [bin('vite/bin/vite.js'), 'build'], dir),
        plain: await run(process.execPath, [bin('vite/bin/vite.js'), 'build', '--mode', 'plain'], dir),
      };
    }
    if (variant.tool === 'esbuild') {
      write(join(dir, 'build.mjs'), ESBUILD_SCRIPT);
      return { dir, instrumented: await run(process.execPath, ['build.mjs'], dir), plain: await run(process.execPath, ['build.mjs', 'plain'], dir) };
    }
    const compilerOptions = {
      target: 'ES2022', lib: ['ES2022'], ...variant.compilerOptions, strict: true, esModuleInterop: true, skipLibCheck: true,
      types: ['node'], declaration: true, sourceMap: true, rootDir: 'src', outDir: 'dist', plugins: [{ transform: 'tracewright/tsc' }],
    };
    write(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
    // The installed copies, not the ones under test: the app must stand on its own.
    return {
      dir,
      instrumented: await run(process.execPath, [bin('ts-patch/bin/tspc.js'), '-p', '.'], dir),
      plain: await run(process.execPath, [bin('typescript/bin/tsc'), '-p', '.', '--outDir', 'dist-plain'], dir),
    };
  });
}

const builds = new Map(VARIANTS.map((variant) => [variant.dir, buildVariant(variant)]));

function describeRun(label: string, result: Run): string {
  return `${label} exited ${result.code}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

/** A variant's build, failing the test when either build failed. */
async function built(variant: Variant): Promise<Built> {
  const b = await builds.get(variant.dir)!();
  if (b.instrumented.code !== 0) throw new Error(describeRun(`${variant.name}: instrumented build`, b.instrumented));
  if (b.plain.code !== 0) throw new Error(describeRun(`${variant.name}: plain build`, b.plain));
  return b;
}

/** A copy of the app after every build, pruned to what production installs (`npm prune --omit=dev`). */
const deploy = once(async () => {
  for (const variant of VARIANTS) await built(variant);
  const app = await installApp();
  const production = join(tmp, 'production');
  cpSync(app, production, { recursive: true, verbatimSymlinks: true });
  await mustRun('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], production);
  return production;
});

interface Span {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  startTime: [number, number];
  attributes: Record<string, unknown>;
  status: { code: number; message?: string };
  scope: { name: string };
}

interface Executed extends Run {
  spans: Span[];
}

async function execute(dir: string, outDir: string, setup = join(dir, '..', 'otel-setup.cjs')): Promise<Executed> {
  const spansFile = join(dir, `${outDir}.spans.json`);
  const result = await run(process.execPath, ['--require', setup, join(outDir, 'main.js')], dir, { TW_SPANS_FILE: spansFile });
  const spans = existsSync(spansFile) ? (JSON.parse(readFileSync(spansFile, 'utf8')) as Span[]) : [];
  spans.sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  return { ...result, spans };
}

const received = (result: Run) => Object.fromEntries([...result.stderr.matchAll(/^traceparent (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));

// ---------------------------------------------------------------------------------------------

describe(`npm pack + install + build + npm prune --omit=dev (TypeScript ${typescriptVersion()}, ts-patch ${tsPatchVersion()}, OpenTelemetry JS ${LINE}.x, Node ${process.version})`, () => {
  it('installs two tarballs holding every target of their exports maps; the runtime depends on nothing but its peer', async () => {
    const app = await installApp();
    for (const name of ['tracewright', '@tracewright/runtime']) {
      const installed = join(app, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { exports: unknown };
      const targets = new Set<string>();
      const collect = (value: unknown): void => {
        if (typeof value === 'string') targets.add(value);
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(manifest.exports);
      // A pattern target (`./dist/esm/hooks/entries/*.js`) must match at least one file.
      const exists = (target: string) => target.includes('*')
        ? filesIn(join(installed, dirname(target)), basename(target).slice(basename(target).indexOf('*') + 1)).length > 0
        : existsSync(join(installed, target));
      expect([...targets].filter((target) => !exists(target)), name).toEqual([]);
      expect(existsSync(join(installed, 'dist', 'esm', 'package.json')), name).toBe(true);
    }
    const runtime = JSON.parse(readFileSync(join(app, 'node_modules/@tracewright/runtime/package.json'), 'utf8')) as Record<string, unknown>;
    expect(runtime.dependencies).toBeUndefined();
    expect(runtime.peerDependencies).toEqual({ '@opentelemetry/api': '>=1.3.0 <2' });
    // TypeScript is an optional peer of tracewright: the app's own is the only one.
    expect(existsSync(join(app, 'node_modules/tracewright/node_modules/typescript'))).toBe(false);
  }, TIMEOUT);

  describe.each(VARIANTS)('$name', (variant) => {
    const executed = once(async () => {
      const dir = join(await deploy(), variant.dir);
      return { instrumented: await execute(dir, 'dist'), plain: await execute(dir, 'dist-plain') };
    });

    it('builds with and without tracewright; the instrumented client imports @tracewright/runtime', async () => {
      const { dir } = await built(variant);
      const instrumented = readFileSync(join(dir, 'dist', variant.tool === 'tsc' ? 'client.js' : 'main.js'), 'utf8');
      expect(instrumented).toMatch(/["']@tracewright\/runtime["']/);
      expect(readFileSync(join(dir, 'dist-plain', variant.tool === 'tsc' ? 'client.js' : 'main.js'), 'utf8')).not.toContain('@tracewright/runtime');
    }, TIMEOUT);

    if (variant.tool === 'tsc') {
      it('emits the same .d.ts files as plain tsc, and source maps', async () => {
        const { dir } = await built(variant);
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
    }

    it('runs after npm prune --omit=dev with the same output as the uninstrumented build', async () => {
      const { instrumented, plain } = await executed();
      expect(plain.code, describeRun('plain build', plain)).toBe(0);
      expect(plain.stdout).toMatch(/^fetch \/hello -> 200 hello\nhttp\.get \/missing -> 404 not found\nfetch \/down -> TypeError: .+\ndone\n$/);
      expect(instrumented.code, describeRun('instrumented build', instrumented)).toBe(0);
      expect(instrumented.stdout).toBe(plain.stdout);
      expect(plain.spans.map((span) => span.name)).toEqual(['root']);
    }, TIMEOUT);

    it('records GET client spans with their call sites under the manual root span', async () => {
      const { instrumented } = await executed();
      const { spans } = instrumented;
      const roots = spans.filter((span) => span.name === 'root');
      expect(roots, describeRun('instrumented build', instrumented)).toHaveLength(1);
      const root = roots[0]!;
      expect(root.parentSpanId).toBeFalsy();

      const sites = spans.filter((span) => span.attributes['code.file.path'] === 'src/client.ts');
      expect(sites, JSON.stringify(spans, null, 2)).toHaveLength(3);
      for (const span of sites) {
        expect(span).toMatchObject({ name: 'GET', kind: SPAN_KIND_CLIENT, traceId: root.traceId, parentSpanId: root.spanId });
        expect(span.attributes['http.request.method']).toBe('GET');
      }
      const [hello, missing, down] = sites as [Span, Span, Span];
      const fetchLine = lineOf(CLIENT_TS, 'await fetch(');
      expect(hello.attributes).toMatchObject({ 'code.line.number': fetchLine, 'http.response.status_code': 200 });
      expect(String(hello.attributes['url.full'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hello$/);
      expect(hello.status.code).not.toBe(SPAN_STATUS_ERROR);
      expect(missing.attributes).toMatchObject({ 'code.line.number': lineOf(CLIENT_TS, 'http.get('), 'http.response.status_code': 404 });
      expect(down.attributes).toMatchObject({ 'code.line.number': fetchLine });
      expect(down.attributes['http.response.status_code']).toBeUndefined();
      expect(down.status.code).toBe(SPAN_STATUS_ERROR);
    }, TIMEOUT);

    it('propagates the client span context in traceparent', async () => {
      const { instrumented, plain } = await executed();
      expect(received(plain)).toEqual({ '/hello': 'none', '/missing': 'none' });
      const sites = instrumented.spans.filter((span) => span.attributes['code.file.path'] === 'src/client.ts');
      const headers = received(instrumented);
      expect(Object.keys(headers).sort(), describeRun('instrumented build', instrumented)).toEqual(['/hello', '/missing']);
      expect(headers['/hello']).toBe(`00-${sites[0]?.traceId}-${sites[0]?.spanId}-01`);
      expect(headers['/missing']).toBe(`00-${sites[1]?.traceId}-${sites[1]?.spanId}-01`);
    }, TIMEOUT);

    it('gives the app\'s own http.createServer a SERVER span per request, child of the client span that called it', async () => {
      const { instrumented } = await executed();
      const clients = instrumented.spans.filter((span) => span.attributes['code.file.path'] === 'src/client.ts');
      const servers = instrumented.spans.filter((span) => span.kind === SPAN_KIND_SERVER);
      expect(servers.map((span) => [span.name, span.attributes['url.path'], span.attributes['http.response.status_code']]), describeRun('instrumented build', instrumented)).toEqual([
        ['GET', '/hello', 200],
        ['GET', '/missing', 404],
      ]);
      expect(servers.map((span) => [span.traceId, span.parentSpanId])).toEqual(clients.slice(0, 2).map((span) => [span.traceId, span.spanId]));
      expect(servers.every((span) => span.scope.name === 'tracewright' && span.status.code !== SPAN_STATUS_ERROR)).toBe(true);
    }, TIMEOUT);
  });

  it('the production install keeps the runtime and drops tracewright, TypeScript, the parser and the bundlers', async () => {
    const production = await deploy();
    const has = (name: string) => existsSync(join(production, 'node_modules', name));
    expect(has('@tracewright/runtime')).toBe(true);
    expect(has('@opentelemetry/api')).toBe(true);
    for (const name of ['tracewright', 'typescript', 'ts-patch', 'oxc-parser', 'magic-string', 'unplugin', 'vite', 'esbuild']) {
      expect(has(name), name).toBe(false);
    }
  }, TIMEOUT);

  it(`the README's OpenTelemetry JS ${LINE}.x setup, pasted as otel.cjs, prints the spans`, async () => {
    const production = await deploy();
    const dir = join(production, 'esm');
    write(join(dir, 'otel.cjs'), readmeSnippet(join(ROOT, 'README.md'), `// otel.cjs: OpenTelemetry JS ${LINE}.x`));
    const result = await run(process.execPath, ['--require', './otel.cjs', 'dist/main.js'], dir);
    expect(result.code, describeRun('node --require ./otel.cjs dist/main.js', result)).toBe(0);
    // ConsoleSpanExporter prints each span as an object: the root, the three GET client spans and
    // the two SERVER spans (also named GET) of the app's own server.
    expect(result.stdout.match(/name: 'GET'/g), result.stdout).toHaveLength(5);
    expect(result.stdout).toContain("'code.file.path': 'src/client.ts'");
    expect(received(result)['/hello']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  }, TIMEOUT);

  // ts-patch's other mode: `ts-patch install` patches a TypeScript package in place, after which
  // plain `tsc` loads the plugins (no per-run recompiling of a patched compiler, as tspc does).
  it('builds the same instrumented output with a TypeScript patched by `ts-patch install` and plain tsc', async () => {
    const { dir } = await built(VARIANTS[0]!);
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
  }, TIMEOUT);

  it('a project without @tracewright/runtime fails its tspc build, naming the package and the install command', async () => {
    const app = await installApp();
    // Outside the repository, so resolution cannot walk up into this repository's node_modules.
    const dir = join(outsideRepo, 'no-runtime');
    for (const name of ['tracewright', 'typescript', 'ts-patch', '@types/node', '@opentelemetry/api']) {
      mkdirSync(join(dir, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(app, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
    }
    write(join(dir, 'package.json'), JSON.stringify({ name: 'tw-no-runtime', private: true, devDependencies: { tracewright: '*' } }));
    write(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, types: ['node'], outDir: 'dist', plugins: [{ transform: 'tracewright/tsc' }] },
      include: ['src'],
    }));
    write(join(dir, 'src', 'client.ts'), CLIENT_TS);
    const result = await run(process.execPath, [join(dir, 'node_modules/ts-patch/bin/tspc.js'), '-p', '.'], dir);
    expect(result.code, describeRun('tspc', result)).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(`[tracewright] @tracewright/runtime is not installed in ${dir}: the instrumented code imports it at run time.`);
    expect(result.stdout + result.stderr).toContain('npm i @tracewright/runtime@0.1.0');
    // Nothing instrumented was emitted that would crash at start-up (TypeScript 6 emits nothing at all).
    const emitted = join(dir, 'dist', 'client.js');
    if (existsSync(emitted)) expect(readFileSync(emitted, 'utf8')).not.toContain('@tracewright/runtime');
  }, TIMEOUT);

  describe('types of the build-time package under each module resolution', () => {
    const ESM = `import tracewrightVite from 'tracewright/vite';
import tracewrightEsbuild from 'tracewright/esbuild';
import tracewrightRollup from 'tracewright/rollup';
import tracewrightWebpack from 'tracewright/webpack';
import tracewrightRspack from 'tracewright/rspack';
import type * as tsPlugin from 'tracewright/tsc';
import { defineRule, type TracewrightOptions } from 'tracewright';
import { sites, type Site } from '@tracewright/runtime';
export const site: Site | undefined = sites('{}')[0];
const options: TracewrightOptions = { strict: true };
export const plugins = [tracewrightVite(options), tracewrightEsbuild({ cache: false }), tracewrightRollup(), tracewrightWebpack(), tracewrightRspack()];
export const rule = defineRule({ id: 'db.query', join: 'call', module: './src/db/**', export: 'query', span: { name: 'db.query', kind: 'client' } });
export type Extras = tsPlugin.TsPatchExtras;
// @ts-expect-error the options are typed, not any: strict is a boolean
tracewrightVite({ strict: 'yes' });
`;
    const CJS = `import tracewrightWebpack = require('tracewright/webpack');
import tracewright = require('tracewright');
import runtime = require('@tracewright/runtime');
export const sites: typeof runtime.sites = runtime.sites;
export const plugin = tracewrightWebpack.default({ strict: true });
export const rule = tracewright.defineRule({ id: 'db.query', join: 'call', module: './src/db/**', export: 'query', span: { name: 'db.query', kind: 'client' } });
// @ts-expect-error the options are typed, not any: strict is a boolean
tracewrightWebpack.default({ strict: 'yes' });
`;
    const ts6 = typescriptVersion().startsWith('6.');
    const MODES: { name: string; compilerOptions: Record<string, unknown>; files: Record<string, string> }[] = [
      { name: 'nodenext (an ESM .mts and a CommonJS .cts)', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, files: { 'vite.config.mts': ESM, 'webpack.config.cts': CJS } },
      { name: 'node16', compilerOptions: { module: 'node16', moduleResolution: 'node16' }, files: { 'vite.config.mts': ESM, 'webpack.config.cts': CJS } },
      { name: 'bundler', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, files: { 'vite.config.ts': ESM } },
      {
        name: 'commonjs (node10 resolution, no exports map)',
        compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, ...(ts6 ? { ignoreDeprecations: '6.0' } : {}) },
        files: { 'webpack.config.ts': ESM },
      },
    ];

    it.each(MODES)('$name', async (mode) => {
      const app = await installApp();
      const dir = join(app, 'types', mode.name.split(' ')[0]!);
      for (const [file, text] of Object.entries(mode.files)) write(join(dir, file), text);
      write(join(dir, 'package.json'), JSON.stringify({ name: 'tw-types', private: true }));
      write(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], ...mode.compilerOptions },
        include: Object.keys(mode.files),
      }));
      const result = await run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    }, TIMEOUT);
  });
});
