/**
 * What a user sees: each bundler run the way its CLI runs it (esbuild's JS API at its default log
 * level, `vite build`, `rollup -c`, webpack/rspack stats printed as their CLIs print them), its
 * terminal output read from the child process. A bad rule file fails the build with a short
 * message at the rule file's line and column, without stack frames of tracewright or of the
 * bundler's plugin machinery; warnings about a rule point at it; esbuild prints our warnings at
 * its default log level, with the source line under a warning about code.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensurePackage, REPO, TMP } from './package.js';

const DIR = join(TMP, 'bundlers/messages');
const BAD_RULES = `[
  {
    "id": "db.query",
    "join": "call",
    "module": "db",
    "export": "query",
    "span": { "name": "q", "kind": "sideways" }
  }
]
`;
const UNUSED_RULES = `[
  { "id": "my.nothing", "join": "call", "module": "node:fs", "export": "writeFileSync", "span": { "name": "n" } },
  { "id": "my.missing", "join": "call", "module": "nopkg", "export": "x", "span": { "name": "n" } }
]
`;
const KIND_ERROR = '[tracewright] rules.json:7:36: rule "db.query": field "span.kind": "sideways" is not a span kind';

const SCRIPTS: Record<string, string> = {
  'esbuild.mjs': `import { build } from 'esbuild';
import tracewright from 'tracewright/esbuild';
// As esbuild's docs write a build script: the rejection is esbuild's, already printed.
await build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', outfile: 'out/esbuild.js', plugins: [tracewright({ rules: process.env.RULES })] })
  .catch(() => process.exit(1));
`,
  'vite.config.mjs': `import tracewright from 'tracewright/vite';
export default { logLevel: process.env.LOG_LEVEL ?? 'warn', plugins: [tracewright({ rules: process.env.RULES })], build: { ssr: 'src/main.ts', outDir: 'out/vite' } };
`,
  'rollup.config.mjs': `import tracewright from 'tracewright/rollup';
export default { input: 'src/main.ts', external: ['node:fs'], output: { dir: 'out/rollup' }, plugins: [tracewright({ rules: process.env.RULES })] };
`,
  // What webpack-cli and rspack-cli print: stats.toString() with the "normal" preset.
  'webpack.cjs': `const name = process.argv[2];
const rspack = name === 'rspack';
const core = rspack ? require('@rspack/core') : require('webpack');
const tracewright = require('tracewright/' + name).default;
const loader = rspack ? { loader: 'builtin:swc-loader', options: { jsc: { parser: { syntax: 'typescript' } } } } : { loader: 'esbuild-loader' };
const config = {
  mode: 'none', target: 'node20', context: __dirname, entry: './src/main.ts', output: { path: __dirname + '/out/' + name },
  resolve: { extensions: ['.ts', '.js'] }, module: { rules: [{ test: /\\.ts$/, ...loader }] },
  plugins: [tracewright({ rules: process.env.RULES }), ...(process.env.PROGRESS ? [new core.ProgressPlugin((percentage, ...args) => console.log('PROGRESS ' + args.join(' ')))] : [])],
  infrastructureLogging: { level: 'error' },
};
(rspack ? core.rspack : core)(config).run((error, stats) => {
  if (error) { console.error(error); process.exit(1); }
  console.log(stats.toString({ colors: false }));
  process.exitCode = stats.hasErrors() ? 1 : 0;
});
`,
};

const BIN = {
  vite: join(REPO, 'node_modules/vite/bin/vite.js'),
  rollup: join(REPO, 'node_modules/rollup/dist/bin/rollup'),
};

/** The command line a user of each bundler runs here. */
const COMMANDS = {
  esbuild: ['esbuild.mjs'],
  vite: [BIN.vite, 'build'],
  rollup: [BIN.rollup, '-c'],
  webpack: ['webpack.cjs', 'webpack'],
  rspack: ['webpack.cjs', 'rspack'],
} as const;
type Bundler = keyof typeof COMMANDS;

/** Runs a bundler in DIR; its whole terminal output (stdout then stderr, colours off) and exit code. */
function runBuild(bundler: Bundler, rules: string, env: NodeJS.ProcessEnv = {}): Promise<{ output: string; code: number }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...COMMANDS[bundler]], { cwd: DIR, env: { ...process.env, RULES: rules, NO_COLOR: '1', FORCE_COLOR: '0', ...env } }, (error, stdout, stderr) => {
      resolve({ output: `${stdout}${stderr}`, code: error ? Number(error.code ?? 1) : 0 });
    });
  });
}

/** Stack frames printed from tracewright's code, or from a plugin's hook call inside a bundler. */
function ownFrames(output: string): string[] {
  return output.split('\n').filter((l) => /^\s+at .*(?:node_modules\/tracewright\/|esbuild\/lib\/main\.js|PluginContext|bindingify)/.test(l));
}

beforeAll(async () => {
  mkdirSync(join(DIR, 'src'), { recursive: true });
  writeFileSync(join(DIR, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
  writeFileSync(join(DIR, 'src/main.ts'), `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync(__filename, 'utf8').length > 0);\n`);
  writeFileSync(join(DIR, 'src/old.ts'), `export function old(prefix?: string, kind: string) {\n  return (prefix ?? 'old') + typeof fetch + kind;\n}\n`);
  writeFileSync(join(DIR, 'rules.json'), BAD_RULES);
  writeFileSync(join(DIR, 'unused.json'), UNUSED_RULES);
  writeFileSync(join(DIR, 'used.json'), '[{ "id": "my.read", "join": "call", "module": "node:fs", "export": "readFileSync", "span": { "name": "read" } }]\n');
  for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(DIR, name), text);
  await ensurePackage();
}, 300_000);

describe.each(Object.keys(COMMANDS) as Bundler[])('%s', (bundler) => {
  test('a bad rule file fails the build with a short message at the rule\'s file:line:col', async () => {
    const { output, code } = await runBuild(bundler, './rules.json');
    expect(code, output).not.toBe(0);
    expect(output).toContain(KIND_ERROR);
    // The field's line in the rule file, as each bundler spells a location (0-based column, as esbuild, rollup and webpack print).
    expect(output).toMatch(/rules\.json(?::| \(|\n)7:35\b/);
    expect(output).toContain('"span": { "name": "q", "kind": "sideways" }');
    expect(ownFrames(output), output).toEqual([]);
    // vite's CLI prints the stack of rolldown's wrapper error (its own frames, not ours): at most 7.
    expect(output.split('\n').filter((l) => /^\s+at /.test(l)).length, output).toBeLessThanOrEqual(bundler === 'vite' ? 7 : 0);
  });

  test('a rule that matched nothing, or names a package that is not installed, is a warning at the rule', async () => {
    const { output, code } = await runBuild(bundler, './unused.json');
    expect(code, output).toBe(0);
    expect(output).toContain('[tracewright] rule my.nothing (from unused.json) matched nothing in this build');
    expect(output).toContain('[tracewright] rule my.missing (from unused.json): module "nopkg" is not installed in this project; the rule cannot match');
    if (bundler !== 'vite') expect(output).toMatch(/unused\.json(?::| \(|\n)3:40\b/); // vite prints plugin warnings without their location
    expect(output).toContain('[tracewright] 0 sites instrumented');
  });
});

test('esbuild: a warning about source code shows the line and marks the place', async () => {
  writeFileSync(join(DIR, 'esbuild-old.mjs'), SCRIPTS['esbuild.mjs']!.replace("'src/main.ts'", "'src/old.ts'"));
  const { output, code } = await new Promise<{ output: string; code: number }>((resolve) => {
    execFile(process.execPath, ['esbuild-old.mjs'], { cwd: DIR, env: { ...process.env, RULES: './unused.json', NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ output: stdout + stderr, code: error ? 1 : 0 }));
  });
  expect(code, output).toBe(0);
  expect(output).toContain('▲ [WARNING] [tracewright] src/old.ts:1:38: file left uninstrumented: it does not parse');
  // esbuild prints 0-based columns in its locations (our message counts from 1).
  expect(output).toContain('    src/old.ts:1:37:\n      1 │ export function old(prefix?: string, kind: string) {\n        ╵                                      ~~~~');
});

describe('progress', () => {
  test('vite: an info line every N files through its logger, quiet at logLevel warn', async () => {
    const env = { TRACEWRIGHT_PROGRESS_EVERY: '1' };
    const info = await runBuild('vite', './used.json', { ...env, LOG_LEVEL: 'info' });
    expect(info.code, info.output).toBe(0);
    expect(info.output).toContain('[tracewright] instrumenting: 1 files read, 1 sites so far');
    const quiet = await runBuild('vite', './used.json', { ...env, LOG_LEVEL: 'warn' });
    expect(quiet.code, quiet.output).toBe(0);
    expect(quiet.output).not.toContain('[tracewright] instrumenting');
  });

  // The reporter exists only inside hooks the ProgressPlugin intercepts: ours is buildEnd (emit).
  test('webpack: our stage in the ProgressPlugin\'s reports', async () => {
    const { output, code } = await runBuild('webpack', './unused.json', { PROGRESS: '1' });
    expect(code, output).toBe(0);
    expect(output).toMatch(/^PROGRESS .*tracewright writing the report$/m);
  });
});
