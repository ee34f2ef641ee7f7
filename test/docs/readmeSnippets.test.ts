/**
 * Every quick start of the README works when pasted: the blocks marked `<!-- snippet: NAME -->`
 * (the program, the OTLP `otel.cjs`, and one build configuration per entry point) are written into
 * a fresh project under test/.tmp, built the way the README says, and run under that `otel.cjs`
 * against a local OTLP receiver, which must get the server's and the fetch's spans.
 *
 * tracewright is installed as the bundler tests install it (test/bundlers/package.ts). webpack and
 * rspack configs run through their Node API, which is what their CLIs do with a config file (the
 * CLIs are not dependencies of this repository).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePackage, REPO, TMP } from '../bundlers/package.js';
import { run } from '../build/steps.js';
import { markedBlocks, type CodeBlock } from './markdown.js';
import { startOtlpReceiver } from './otlpReceiver.js';

const README = join(REPO, 'README.md');
const snippets = markedBlocks(README, 'snippet');
/** A package's CLI script, by path (package `exports` hide `bin/` from `require.resolve`). */
const bin = (path: string) => join(REPO, 'node_modules', path);

/** How each entry point's quick start builds, once its config file is written. */
const BUILDS: Record<string, string[]> = {
  tsc: [bin('ts-patch/bin/tspc.js'), '-p', '.'],
  vite: [bin('vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  esbuild: ['build.mjs'],
  rollup: [bin('rollup/dist/bin/rollup'), '-c', '--silent'],
  webpack: ['-e', 'runConfig("webpack", "./webpack.config.cjs")'],
  rspack: ['-e', 'runConfig("@rspack/core", "./rspack.config.cjs")'],
};

/** `npx webpack -c FILE` / `npx rspack build -c FILE` without the CLI packages: compile the config, fail on errors. */
const RUN_CONFIG = `globalThis.runConfig = (pkg, file) => {
  const mod = require(pkg); const compile = mod.rspack ?? mod;
  compile(require(file)).run((error, stats) => {
    if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exitCode = 1; }
  });
};`;

/** The file name a snippet names on its first line (`// vite.config.mjs: ...`). */
function fileOf(block: CodeBlock): string {
  const name = /^\/\/ ([\w./-]+)/.exec(block.text)?.[1];
  if (!name) throw new Error(`README.md:${block.line}: a snippet must start with \`// <file name>\``);
  return name;
}

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

beforeAll(async () => {
  await ensurePackage();
  receiver = await startOtlpReceiver();
}, 240_000);
afterAll(() => receiver?.close());

describe('README snippets', () => {
  it('marks the program, the OTLP setup and a quick start per entry point', () => {
    expect([...snippets.keys()].sort()).toEqual(['app', 'otel', ...Object.keys(BUILDS)].sort());
    expect(fileOf(snippets.get('app')!)).toBe('src/main.ts');
    expect(fileOf(snippets.get('otel')!)).toBe('otel.cjs');
  });

  it.each(Object.keys(BUILDS))('%s quick start builds and exports the server and fetch spans', async (entry) => {
    const dir = join(TMP, 'readme-snippets', entry);
    rmSync(dir, { recursive: true, force: true });
    for (const name of ['app', 'otel', entry]) {
      const block = snippets.get(name)!;
      mkdirSync(dirname(join(dir, fileOf(block))), { recursive: true });
      writeFileSync(join(dir, fileOf(block)), block.text);
    }
    writeFileSync(join(dir, 'runConfig.cjs'), RUN_CONFIG);

    const [first, ...rest] = BUILDS[entry]!;
    const build = first === '-e' ? await run(process.execPath, ['-r', './runConfig.cjs', '-e', rest[0]!], dir) : await run(process.execPath, [first!, ...rest], dir);
    expect(build.code, `build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);

    const before = receiver.spans.length;
    const app = await run(process.execPath, ['--require', './otel.cjs', 'dist/main.js'], dir, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    expect(app.code, app.stderr).toBe(0);
    expect(app.stdout).toBe('hello from /greeting\n');

    const spans = receiver.spans.slice(before);
    const server = spans.filter((s) => s.kind === 2);
    const client = spans.filter((s) => s.kind === 3);
    expect(server.map((s) => [s.name, s.attributes['url.path'], s.attributes['http.response.status_code']])).toEqual([['GET', '/greeting', 200]]);
    expect(client.map((s) => [s.name, s.attributes['code.file.path'], s.attributes['code.line.number'], String(s.attributes['url.full']).replace(/:\d+\//, ':PORT/')]))
      .toEqual([['GET', 'src/main.ts', 8, 'http://127.0.0.1:PORT/greeting']]);
  }, 120_000);
});
