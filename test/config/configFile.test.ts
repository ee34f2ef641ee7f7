/**
 * tracewright.config.{json,mjs,ts}: each format read, inline options over the
 * file key by key, errors naming the file, and the same file read by the tsc
 * plugin, the esbuild plugin (whose transform cache must miss when it changes)
 * and the CLI's loadProjectConfig.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, test } from 'vitest';
import { loadProjectConfig } from '../../src/config/loadProjectConfig.js';
import { defineConfig } from '../../src/index.js';
import { createBuildSession } from '../../src/transformer/session/session.js';
import { PluginState } from '../../src/plugins/pluginState.js';
import tracewrightEsbuild from '../../src/plugins/esbuild.js';
import { compileProject } from '../helpers/compile.js';
import { TMP } from '../bundlers/package.js';
import { errorOf } from '../rules/helpers.js';

const RULE = { id: 'app.greet', join: 'call', module: './src/greet.ts', export: 'greet' };

/** A fresh project directory under test/.tmp (so packages resolve from the repository). */
function project(name: string, files: Record<string, string>): string {
  const dir = join(TMP, 'config', name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}


describe('config file formats', () => {
  test.each([
    ['tracewright.config.json', JSON.stringify({ builtin: false, rules: [RULE] })],
    ['tracewright.config.mjs', `const rules = [${JSON.stringify(RULE)}];\nexport default { builtin: false, rules };\n`],
    ['tracewright.config.ts', `import type { TracewrightOptions } from 'tracewright';\nconst config: TracewrightOptions = { builtin: false, rules: [${JSON.stringify(RULE)} as const] as TracewrightOptions['rules'] };\nexport default config;\n`],
  ])('%s is read', (name, text) => {
    const dir = project(`format-${name}`, { [name]: text });
    const config = loadProjectConfig(dir);
    expect(config).toEqual({ options: { builtin: false, rules: [RULE] }, configFile: join(dir, name), optionFiles: {}, projectRoot: dir, tsconfig: undefined });
  });

  test('defineConfig returns its options unchanged', () => {
    const options = { rules: './tracewright.rules.yaml', strict: true };
    expect(defineConfig(options)).toBe(options);
  });
});

describe('precedence and errors', () => {
  test('the tsconfig entry overrides the config file key by key; messages name the file an option is in', () => {
    const dir = project('precedence', {
      'tracewright.config.json': JSON.stringify({ builtin: false, strict: false, include: 'src/**' }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { plugins: [{ transform: 'tracewright/tsc', strict: true, after: false }] } }),
    });
    const config = loadProjectConfig(dir);
    expect(config.options).toEqual({ builtin: false, strict: true, include: 'src/**' });
    expect(config.configFile).toBe(join(dir, 'tsconfig.json'));
    expect(config.optionFiles).toEqual({ builtin: join(dir, 'tracewright.config.json'), include: join(dir, 'tracewright.config.json') });
    expect(errorOf(() => createBuildSession(config.options, config))).toBe(
      '[tracewright] tracewright.config.json: option "include": expected an array of strings, got a string; write e.g. ["src/**"]');
  });

  test('two config files in one root: an error naming both', () => {
    const dir = project('two', { 'tracewright.config.json': '{}', 'tracewright.config.mjs': 'export default {};\n' });
    expect(errorOf(() => loadProjectConfig(dir))).toBe(
      `[tracewright] ${dir}: found tracewright.config.json and tracewright.config.mjs; keep one tracewright config file`);
  });

  test('a config file that throws, is not JSON, or exports no object: an error naming it', () => {
    const throws = project('throws', { 'tracewright.config.mjs': 'throw new Error("no config today");\n' });
    expect(errorOf(() => loadProjectConfig(throws))).toBe(
      `[tracewright] ${join(throws, 'tracewright.config.mjs')}: the config file failed to load: no config today`);
    const json = project('not-json', { 'tracewright.config.json': '{ "strict": true, }' });
    expect(errorOf(() => loadProjectConfig(json))).toMatch(new RegExp(`^\\[tracewright\\] ${join(json, 'tracewright.config.json')}: not valid JSON: .+; fix the JSON syntax$`));
    const array = project('array', { 'tracewright.config.ts': 'export default [1];\n' });
    expect(errorOf(() => loadProjectConfig(array))).toBe(
      `[tracewright] ${join(array, 'tracewright.config.ts')}: a tracewright config file must export an object as its default export, got an array; write e.g. export default defineConfig({ rules: "./tracewright.rules.yaml" })`);
  });

  test('a rule file named by the config file is read relative to it, YAML included, errors placed in it', () => {
    const dir = project('rule-file', {
      'tracewright.config.mjs': 'export default { builtin: false, rules: "./rules.yaml" };\n',
      'rules.yaml': '- id: app.greet\n  join: call\n  module: ./src/greet.ts\n  export: greet\n  span: { kind: sideways }\n',
    });
    const config = loadProjectConfig(dir);
    expect(errorOf(() => createBuildSession(config.options, config))).toBe(
      '[tracewright] rules.yaml:5:17: rule "app.greet": field "span.kind": "sideways" is not a span kind; use one of "internal", "server", "client", "producer", "consumer"');
  });
});

const GREET = { 'src/greet.ts': 'export function greet(name: string) { return `hi ${name}`; }\n', 'src/main.ts': "import { greet } from './greet';\nexport const out = greet('you');\n" };

describe('the plugins read the config file', () => {
  test('tsc plugin: the config file\'s rule instruments, the tsconfig entry overrides a key', () => {
    const name = 'config-file-tsc';
    const root = join(process.cwd(), 'test/.tmp/projects', name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'tracewright.config.json'), JSON.stringify({ builtin: false, rules: [RULE], strict: 'yes' }));
    const broken = compileProject({ name, files: GREET, plugin: {} });
    expect(broken.errors).toEqual(['[tracewright] tracewright.config.json: option "strict": expected a boolean, got a string; write true or false']);
    const fixed = compileProject({ name, files: GREET, plugin: { strict: false } });
    expect(fixed.errors).toEqual([]);
    expect(fixed.outputs['out/src/main.js']).toMatch(/__tw\.call\d?\(__tw_site\(0\), greet_1\.greet/);
    rmSync(join(root, 'tracewright.config.json'));
  });

  test('esbuild plugin: a changed config file gives new output on rebuild, not the cached transform', async () => {
    const dir = project('esbuild', { ...GREET, 'package.json': '{ "private": true }\n' });
    const config = (id: string) => writeFileSync(join(dir, 'tracewright.config.mjs'), `export default { builtin: false, rules: [${JSON.stringify({ ...RULE, id })}] };\n`);
    config('app.first');
    const ctx = await esbuild.context({ entryPoints: [join(dir, 'src/main.ts')], absWorkingDir: dir, write: false, bundle: false, format: 'esm', logLevel: 'silent', plugins: [tracewrightEsbuild()] });
    try {
      const first = (await ctx.rebuild()).outputFiles![0]!.text;
      expect(first).toContain('app.first');
      config('app.second');
      const second = (await ctx.rebuild()).outputFiles![0]!.text;
      expect(second).toContain('app.second');
      expect(second).not.toContain('app.first');
    } finally {
      await ctx.dispose();
    }
  });

  test('bundler hosts watch the config file, and a change to it drops the session', () => {
    const dir = project('watch', { ...GREET, 'tracewright.config.json': JSON.stringify({ builtin: false, rules: [RULE] }) });
    const state = new PluginState({ root: dir, cache: false }, 'vite');
    const watched: string[] = [];
    const host = { warn: () => {}, error: (m: string) => { throw new Error(m); }, watch: (f: string) => watched.push(f) };
    expect(state.transform(GREET['src/main.ts'], join(dir, 'src/main.ts'), host)?.code).toContain('app.greet');
    expect(watched).toContain(join(dir, 'tracewright.config.json'));
    writeFileSync(join(dir, 'tracewright.config.json'), JSON.stringify({ builtin: false, rules: [{ ...RULE, id: 'app.hello' }] }));
    state.changed(join(dir, 'tracewright.config.json'));
    expect(state.transform(GREET['src/main.ts'], join(dir, 'src/main.ts'), host)?.code).toContain('app.hello');
  });
});
