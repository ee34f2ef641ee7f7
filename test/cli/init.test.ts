/**
 * `tracewright init` on fixture projects, through the real binary: for each
 * kind of config it prints the exact change as a diff, `--write` writes exactly
 * that (comments and layout kept), a second run says "already set up" and
 * changes nothing, and a config it cannot edit safely is named with what to do
 * by hand (exit 1). The written tsconfig and vite projects then build with
 * spans: `tracewright tsc` and `vite build`, run under an in-memory SDK.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { otelSetup } from '../build/app.js';
import { REPO, TMP } from '../bundlers/package.js';
import { cliBinary, runTracewright } from './binary.js';
import { compilerEnv, tsPatchDir } from '../helpers/typescript.js';

const exec = promisify(execFile);

function writeProject(name: string, files: Record<string, string>): string {
  const dir = join(TMP, 'projects', name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A program that sends one request to its own server: the fetch is the call tracewright wraps. */
const MAIN = `import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((_req, res) => res.end('pong')).listen(0, '127.0.0.1', async () => {
  const { port } = server.address() as AddressInfo;
  const res = await fetch('http://127.0.0.1:' + port + '/ping');
  console.log(await res.text());
  server.close();
});
`;

/** Runs a built entry with an in-memory SDK; returns its output and the spans it finished. */
async function runWithSpans(dir: string, entry: string): Promise<{ stdout: string; spans: { name: string; attributes: Record<string, unknown> }[] }> {
  writeFileSync(join(dir, 'otel.cjs'), otelSetup(2));
  const spansFile = join(dir, 'spans.json');
  rmSync(spansFile, { force: true });
  const { stdout } = await exec(process.execPath, ['-r', './otel.cjs', entry], { cwd: dir, env: { ...process.env, TW_SPANS_FILE: spansFile, NODE_OPTIONS: '' } });
  return { stdout, spans: existsSync(spansFile) ? JSON.parse(readFileSync(spansFile, 'utf8')) : [] };
}

const TSCONFIG = `{
  // comments stay
  "compilerOptions": {
    "target": "ES2022", /* so does this one */
    "module": "commonjs",
    "strict": true,
    "skipLibCheck": true,
    "types": ["node"],
    "outDir": "dist",
  },
  "include": ["src"]
}
`;

beforeAll(async () => {
  await cliBinary();
}, 300_000);

describe('tsconfig project', () => {
  test('prints the diff and the tsc note, --write applies it, the build has spans, a second run is a no-op', async () => {
    const dir = writeProject('cli-init-tsc', {
      'tsconfig.json': TSCONFIG,
      'package.json': JSON.stringify({ name: 'app', private: true, scripts: { build: 'tsc -p .', start: 'node dist/main.js' } }, null, 2) + '\n',
      'src/main.ts': MAIN,
    });
    const dry = await runTracewright(['init'], dir);
    expect(dry.code).toBe(0);
    const tsconfigChange = [
      'tsconfig.json: add the tracewright/tsc transformer plugin',
      '--- a/tsconfig.json',
      '+++ b/tsconfig.json',
      '@@ -1,6 +1,7 @@',
      ' {',
      '   // comments stay',
      '   "compilerOptions": {',
      '+    "plugins": [{ "transform": "tracewright/tsc" }],',
      '     "target": "ES2022", /* so does this one */',
      '     "module": "commonjs",',
      '     "strict": true,',
      'note: plain `tsc` ignores "plugins" and emits uninstrumented code; build with `tracewright tsc` (same arguments as tsc), or `tspc`, or run `ts-patch install` once',
      'package.json: build with `tracewright tsc` instead of plain tsc',
      '--- a/package.json',
      '+++ b/package.json',
      '@@ -2,7 +2,7 @@',
      '   "name": "app",',
      '   "private": true,',
      '   "scripts": {',
      '-    "build": "tsc -p .",',
      '+    "build": "tracewright tsc -p .",',
      '     "start": "node dist/main.js"',
      '   }',
      ' }',
      '',
      'Run `tracewright init --write` to apply these changes.',
      '',
      'Last step: register an OpenTelemetry SDK when the app starts. Save as otel.mjs:',
    ].join('\n');
    expect(dry.stdout).toContain(tsconfigChange);
    expect(dry.stdout).toContain("import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';");
    expect(dry.stdout).toContain('node --import ./otel.mjs dist/main.js');
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8'), 'a dry run writes nothing').toBe(TSCONFIG);

    const written = await runTracewright(['init', '--write'], dir);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain('tsconfig.json: add the tracewright/tsc transformer plugin (written)');
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe(TSCONFIG.replace('"compilerOptions": {\n', '"compilerOptions": {\n    "plugins": [{ "transform": "tracewright/tsc" }],\n'));
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts.build).toBe('tracewright tsc -p .');

    const build = await runTracewright(['tsc', '-p', '.'], dir, { ...compilerEnv(), TRACEWRIGHT_TS_PATCH: tsPatchDir() });
    expect(build.code, build.stdout + build.stderr).toBe(0);
    const { stdout, spans } = await runWithSpans(dir, 'dist/main.js');
    expect(stdout).toBe('pong\n');
    expect(spans.find((s) => s.name === 'GET' && s.attributes['code.file.path'] === 'src/main.ts')?.attributes).toMatchObject({ 'http.request.method': 'GET', 'code.line.number': 6 });

    const again = await runTracewright(['init', '--write'], dir);
    expect(again).toEqual({ code: 0, stdout: 'tsconfig.json: already set up\ntracewright is already set up here.\n', stderr: '' });
  }, 600_000);
});

describe('vite project', () => {
  const VITE_CONFIG = `import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: { ssr: 'src/main.ts', outDir: 'dist', target: 'node20', minify: false, emptyOutDir: true },
});
`;
  test('adds the import and a plugins array, the build has spans, a second run is a no-op', async () => {
    const dir = writeProject('cli-init-vite', { 'vite.config.mjs': VITE_CONFIG, 'src/main.ts': MAIN, 'package.json': '{ "type": "module" }\n' });
    const written = await runTracewright(['init', '--write'], dir);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain([
      'vite.config.mjs: add the tracewright/vite plugin (written)',
      '--- a/vite.config.mjs',
      '+++ b/vite.config.mjs',
      '@@ -1,6 +1,8 @@',
      " import { defineConfig } from 'vite';",
      "+import tracewright from 'tracewright/vite';",
      ' ',
      ' export default defineConfig({',
      '+  plugins: [tracewright()],',
      "   logLevel: 'warn',",
    ].join('\n'));
    await exec(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
    const { stdout, spans } = await runWithSpans(dir, 'dist/main.js');
    expect(stdout).toBe('pong\n');
    expect(spans.some((s) => s.name === 'GET' && s.attributes['code.file.path'] === 'src/main.ts')).toBe(true);
    const again = await runTracewright(['init'], dir);
    expect(again).toEqual({ code: 0, stdout: 'vite.config.mjs: already set up\ntracewright is already set up here.\n', stderr: '' });
  }, 600_000);
});

describe('other bundlers: the written file, then already set up', () => {
  test.each([
    ['webpack', 'webpack.config.js', "const path = require('path');\n\nmodule.exports = {\n  entry: './src/main.js',\n  plugins: [],\n};\n",
      "const path = require('path');\nconst tracewright = require('tracewright/webpack').default;\n\nmodule.exports = {\n  entry: './src/main.js',\n  plugins: [tracewright()],\n};\n"],
    ['rspack', 'rspack.config.mjs', "import { defineConfig } from '@rspack/cli';\nimport { rspack } from '@rspack/core';\n\nexport default defineConfig({\n  plugins: [new rspack.ProgressPlugin()],\n});\n",
      "import { defineConfig } from '@rspack/cli';\nimport { rspack } from '@rspack/core';\nimport tracewright from 'tracewright/rspack';\n\nexport default defineConfig({\n  plugins: [tracewright(), new rspack.ProgressPlugin()],\n});\n"],
    ['rollup', 'rollup.config.mjs', "import resolve from '@rollup/plugin-node-resolve';\n\nexport default {\n  input: 'src/main.js',\n  plugins: [\n    resolve(),\n  ],\n};\n",
      "import resolve from '@rollup/plugin-node-resolve';\nimport tracewright from 'tracewright/rollup';\n\nexport default {\n  input: 'src/main.js',\n  plugins: [\n    tracewright(),\n    resolve(),\n  ],\n};\n"],
    ['esbuild', 'scripts/build.mjs', "import * as esbuild from 'esbuild';\n\nawait esbuild.build({ entryPoints: ['src/main.ts'], bundle: true });\n",
      "import * as esbuild from 'esbuild';\nimport tracewright from 'tracewright/esbuild';\n\nawait esbuild.build({ plugins: [tracewright()], entryPoints: ['src/main.ts'], bundle: true });\n"],
  ])('%s (%s)', async (bundler, file, before, after) => {
    const dir = writeProject(`cli-init-${bundler}`, { [file]: before });
    const written = await runTracewright(['init', '--write'], dir);
    expect(written.code, written.stdout + written.stderr).toBe(0);
    expect(written.stdout).toContain(`${file}: add the tracewright/${bundler} plugin (written)\n--- a/${file}\n+++ b/${file}\n`);
    expect(readFileSync(join(dir, file), 'utf8')).toBe(after);
    expect(await runTracewright(['init'], dir)).toEqual({ code: 0, stdout: `${file}: already set up\ntracewright is already set up here.\n`, stderr: '' });
  }, 300_000);

  test('a config it cannot edit safely is named with what to do by hand, exit 1, and left as it was', async () => {
    const config = "export default [{ input: 'a.js', plugins: [] }, { input: 'b.js', plugins: [] }];\n";
    const dir = writeProject('cli-init-manual', { 'rollup.config.mjs': config });
    const run = await runTracewright(['init', '--write'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("rollup.config.mjs: cannot edit it safely (2 `plugins: [` arrays (several configs?); add `import tracewright from 'tracewright/rollup';` and `tracewright()` as the first entry of the plugins array of the rollup config)\n");
    expect(readFileSync(join(dir, 'rollup.config.mjs'), 'utf8')).toBe(config);
  }, 300_000);

  test('a directory with nothing to set up says so, exit 1', async () => {
    const dir = writeProject('cli-init-empty', { 'README.md': '# nothing\n' });
    expect(await runTracewright(['init'], dir)).toEqual({ code: 1, stdout: '', stderr: `tracewright init: found no tsconfig.json, vite/webpack/rollup/rspack config or esbuild build script in ${dir}\n` });
  }, 300_000);
});
