import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand } from '../main.js';
import type { CliIo } from '../io.js';
import { detectTargets, type Target } from '../init/detect.js';
import { addBundlerPlugin } from '../init/editBundlerConfig.js';
import { useTracewrightTsc } from '../init/editBuildScripts.js';
import { addTscPlugin, type EditResult } from '../init/editTsconfig.js';
import { SDK_SNIPPET } from '../init/sdkSnippet.js';
import { unifiedDiff } from '../unifiedDiff.js';

const USAGE = `Usage: tracewright init [--write]

Finds the project's tsconfig.json, vite/webpack/rollup/rspack config files and
esbuild build scripts (files calling esbuild.build( or esbuild.context( in the
project directory, scripts/, build/ or tools/) and prints, as a diff, the change
that turns tracewright on in each; package.json scripts running plain tsc become
\`tracewright tsc\`. Then prints the SDK setup.

  --write   apply the changes. A file it cannot edit safely is named with what
            to do by hand, and the exit code is 1.

Running it again after --write says "already set up".
`;

const NOTE_TSC = 'note: plain `tsc` ignores "plugins" and emits uninstrumented code; build with `tracewright tsc` (same arguments as tsc), or `tspc`, or run `ts-patch install` once';

/** One file's outcome: the edit, and the line that says what it is for. */
interface Planned {
  file: string;
  what: string;
  result: EditResult;
}

/** `tracewright init [--write]`: prints (and with --write applies) the change each config needs. */
export const command: CliCommand = {
  summary: 'set up tracewright in this project: tsconfig, bundler configs, build script, SDK',
  usage: USAGE,
  async run(args, io) {
    const unknown = args.filter((a) => a !== '--write');
    if (unknown.length > 0) {
      io.err(`tracewright init: unknown argument "${unknown[0]}"; usage: tracewright init [--write]\n`);
      return 2;
    }
    const write = args.includes('--write');
    const targets = detectTargets(io.cwd);
    if (targets.length === 0) {
      io.err(`tracewright init: found no tsconfig.json, vite/webpack/rollup/rspack config or esbuild build script in ${io.cwd}\n`);
      return 1;
    }
    const plans = targets.map((target) => plan(io.cwd, target));
    if (targets.some((t) => t.kind === 'tsconfig') && existsSync(join(io.cwd, 'package.json'))) {
      plans.push({ file: 'package.json', what: 'build with `tracewright tsc` instead of plain tsc', result: useTracewrightTsc(readFileSync(join(io.cwd, 'package.json'), 'utf8')) });
    }
    return report(plans, write, io);
  },
};

function plan(cwd: string, target: Target): Planned {
  const text = readFileSync(join(cwd, target.file), 'utf8');
  if (target.kind === 'tsconfig') return { file: target.file, what: 'add the tracewright/tsc transformer plugin', result: addTscPlugin(text) };
  return { file: target.file, what: `add the tracewright/${target.bundler} plugin`, result: addBundlerPlugin(target.bundler, target.file, text) };
}

function report(plans: Planned[], write: boolean, io: CliIo): number {
  let manual = 0;
  let changes = 0;
  for (const { file, what, result } of plans) {
    if ('already' in result) {
      // package.json with no script running tsc has nothing to say.
      if (file !== 'package.json') io.out(`${file}: already set up\n`);
      continue;
    }
    if ('manual' in result) {
      manual++;
      io.out(`${file}: cannot edit it safely (${result.manual})\n`);
      continue;
    }
    changes++;
    const path = join(io.cwd, file);
    io.out(`${file}: ${what}${write ? ' (written)' : ''}\n${unifiedDiff(readFileSync(path, 'utf8'), result.text, { fromLabel: `a/${file}`, toLabel: `b/${file}`, color: io.isTty })}`);
    if (write) writeFileSync(path, result.text);
    if (file === 'tsconfig.json') io.out(`${NOTE_TSC}\n`);
  }
  if (changes === 0 && manual === 0) {
    io.out('tracewright is already set up here.\n');
    return 0;
  }
  if (changes > 0 && !write) io.out('\nRun `tracewright init --write` to apply these changes.\n');
  io.out(`\n${SDK_SNIPPET}`);
  return manual > 0 ? 1 : 0;
}
