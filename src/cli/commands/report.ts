import type { CliCommand } from '../main.js';
import type { CliIo } from '../io.js';
import { instrumentProject, openProject } from '../project.js';
import { parseProjectArgs, withUsage } from '../projectArgs.js';
import { isIgnoredSkip, type ReportJson } from '../../transformer/session/report.js';
import type { ResolvedRule } from '../../rules/types.js';

const USAGE = `Usage: tracewright report [-p tsconfig.json] [--json] [--strict]

Instruments the project in memory (nothing is written) and lists every matched site,
every site left alone with the reason, the rules that matched nothing and the warnings.
With a tsconfig (found in the working directory, or named by -p) the TypeScript checker
decides, as under tspc; without one, the bundler plugins' path runs over the source
files "include"/"exclude" select.

  -p, --project FILE  the tsconfig (or its directory)
  --json              print the JSON the "report" option writes
  --strict            exit 1 when one of your own rules matched nothing or there is any
                      warning (skipped sites included); built-in rules matching nothing is normal

Exit codes: 0 done, 1 --strict found a problem (or options/rules are invalid), 2 usage error.
`;

/** `tracewright report`: what the plugins would instrument in this project, and what not. */
export const command: CliCommand = {
  summary: 'list matched sites, skipped sites, rules that matched nothing, warnings',
  usage: USAGE,
  run: (args, io) => withUsage('report', USAGE, io, async () => {
    const { project: projectArg, flags } = parseProjectArgs(args, ['json', 'strict'], { min: 0, max: 0 });
    const project = openProject(io, projectArg);
    instrumentProject(project);
    const { report } = project.session;
    const json = report.toJSON();
    if (flags.has('json')) io.out(JSON.stringify(json, null, 2) + '\n');
    else printReport(io, json, project.session.options.rules, report.summary());
    if (!flags.has('strict')) return 0;
    // The plugins' `strict` reading: every printed warning counts, as in the summary's count.
    const problems = report.unmatchedUserRules().length + json.warnings.length + json.skipped.filter((s) => !isIgnoredSkip(s.reason)).length;
    return problems > 0 ? 1 : 0;
  }),
};

function printReport(io: CliIo, json: ReportJson, rules: readonly ResolvedRule[], summary: string): void {
  const site = (s: { file: string; line: number; column: number }) => `${s.file}:${s.line}:${s.column}`;
  const section = (title: string, lines: string[], count = lines.length) => {
    io.out(`${title} (${count}):\n`);
    for (const line of lines) io.out(`  ${line}\n`);
    if (lines.length === 0) io.out('  (none)\n');
  };
  const unmatched = new Set(json.unmatchedRules);
  const yours = rules.filter((r) => r.source !== 'builtin' && unmatched.has(r.id));
  const builtin = rules.filter((r) => r.source === 'builtin' && unmatched.has(r.id));
  section('Instrumented sites', json.matched.map((m) => `${site(m)}  ${m.rule}`));
  section('Skipped sites', json.skipped.map((s) => `${site(s)}  ${s.rule ? `${s.rule}: ` : ''}${s.reason}`));
  section('Your rules that matched nothing', yours.map((r) => `${r.id} (from ${r.source})`));
  // Normal: the catalog covers many libraries a project does not use.
  section('Built-in rules that matched nothing', wrapList(builtin.map((r) => r.id), 96), builtin.length);
  section('Warnings', json.warnings.map((w) => `${w.file ? `${w.file}${w.line ? `:${w.line}:${w.column ?? 1}` : ''}: ` : ''}${w.message}`));
  io.out(`${summary}\n`);
}

/** `a, b, c` broken into lines of at most `width` characters. */
function wrapList(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + item.length + 2 > width) { lines.push(`${line},`); line = ''; }
    line = line ? `${line}, ${item}` : item;
  }
  if (line) lines.push(line);
  return lines;
}
