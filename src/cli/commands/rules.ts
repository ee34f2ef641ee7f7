/**
 * `tracewright rules check FILE...`: validates rule files with the very parser
 * and validator a build uses (rules/ruleFile.ts), and prints each problem as
 * `FILE:LINE:COL: error: ...`, the format editors and CI annotate.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from '../main.js';
import type { CliIo } from '../io.js';
import { TracewrightError, type TracewrightProblem } from '../../errors.js';
import { parseRuleFile, unreadableRuleFile } from '../../rules/ruleFile.js';
import { suggestion } from '../../util/didYouMean.js';

const SUBCOMMANDS = ['check'] as const;

const USAGE = `Usage: tracewright rules check FILE...

Validates rule files (JSON or YAML) exactly as a build does. Prints each
problem as FILE:LINE:COL: error: ... and exits 1, or FILE: N rules OK and
exits 0. Exit code 2: wrong usage.
`;

export const command: CliCommand = {
  summary: 'validate rule files (rules check FILE): errors with line, column and field',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...files] = args;
    if (sub === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
      const near = suggestion(sub, SUBCOMMANDS);
      io.err(`tracewright rules: unknown subcommand "${sub}"; ${near || `subcommands: ${SUBCOMMANDS.join(', ')}`}\n`);
      return 2;
    }
    const options = files.filter((f) => f.startsWith('-'));
    if (options.length > 0 || files.length === 0) {
      io.err(options.length > 0 ? `tracewright rules check: unknown option ${options[0]}\n` : USAGE);
      return 2;
    }
    let failed = false;
    for (const file of files) failed = !checkFile(file, io) || failed;
    return failed ? 1 : 0;
  },
};

/** Checks one file; true when it is valid. */
function checkFile(spec: string, io: CliIo): boolean {
  const file = resolve(io.cwd, spec);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`${spec}: error: ${unreadableRuleFile(file, spec, error, 'the current directory')}\n`);
    return false;
  }
  try {
    const rules = parseRuleFile(text, file, spec);
    io.out(`${spec}: ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'} OK\n`);
    return true;
  } catch (error) {
    if (!(error instanceof TracewrightError)) throw error;
    for (const problem of error.problems) io.err(`${errorLine(spec, problem)}\n`);
    return false;
  }
}

/** `FILE:LINE:COL: error: what` from a problem whose message starts `FILE:LINE:COL: ` (or `FILE: `). */
function errorLine(spec: string, problem: TracewrightProblem): string {
  const where = problem.line === undefined ? spec : `${spec}:${problem.line}:${problem.column ?? 1}`;
  const text = problem.message.startsWith(`${where}: `) ? problem.message.slice(where.length + 2) : problem.message;
  return `${where}: error: ${text}`;
}
