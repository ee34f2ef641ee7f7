/**
 * What `tracewright init` finds in a project directory: the tsconfig, each
 * bundler's config file and the esbuild build scripts (a bundler configured in
 * code has no config file: a script calling `esbuild.build(` or `esbuild.context(`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A bundler tracewright has a plugin for (`tracewright/<name>`). */
export type Bundler = 'vite' | 'esbuild' | 'rollup' | 'webpack' | 'rspack';

/** One file `init` would change, relative to the project directory. */
export type Target = { kind: 'tsconfig'; file: string } | { kind: 'bundler'; bundler: Bundler; file: string };

const CONFIG_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
const CONFIG_BUNDLERS: Bundler[] = ['vite', 'webpack', 'rollup', 'rspack'];
/** Where build scripts usually live; node_modules and output folders are never read. */
const SCRIPT_DIRS = ['.', 'scripts', 'build', 'tools'];
const SCRIPT_FILE = /\.(c|m)?[jt]s$/;
const ESBUILD_CALL = /\besbuild\s*\.\s*(build|context)\s*\(/;

/** The files `init` looks at in `dir`, in the order it reports them. */
export function detectTargets(dir: string): Target[] {
  const targets: Target[] = [];
  if (existsSync(join(dir, 'tsconfig.json'))) targets.push({ kind: 'tsconfig', file: 'tsconfig.json' });
  for (const bundler of CONFIG_BUNDLERS) {
    for (const ext of CONFIG_EXTENSIONS) {
      const file = `${bundler}.config.${ext}`;
      if (existsSync(join(dir, file))) targets.push({ kind: 'bundler', bundler, file });
    }
  }
  for (const file of esbuildScripts(dir)) targets.push({ kind: 'bundler', bundler: 'esbuild', file });
  return targets;
}

function esbuildScripts(dir: string): string[] {
  const found: string[] = [];
  for (const sub of SCRIPT_DIRS) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const file = sub === '.' ? name : `${sub}/${name}`;
      if (!SCRIPT_FILE.test(name) || /\.config\./.test(name) || /\.d\.[cm]?ts$/.test(name)) continue;
      const path = join(dir, file);
      if (!statSync(path).isFile() || statSync(path).size > 1 << 20) continue;
      if (ESBUILD_CALL.test(readFileSync(path, 'utf8'))) found.push(file);
    }
  }
  return found;
}
