import type { CliCommand } from '../main.js';
import type { CliIo } from '../io.js';
import { disabledRules, exclusionReason, existingFile, openProject, programFile, type CliProject } from '../project.js';
import { parseProjectArgs, UsageError, withUsage } from '../projectArgs.js';
import { TracewrightError } from '../../errors.js';
import type { ExplainEvent } from '../../transformer/match/explain.js';
import { matchCallSites } from '../../transformer/match/matchCallSites.js';
import { indexRules } from '../../transformer/match/ruleIndex.js';
import { computeOutcome } from '../../transformer/session/fileOutcome.js';
import { sourceExtension } from '../../transformer/session/transformSource.js';
import { projectRelative } from '../../util/projectRelative.js';
import { readFileSync } from 'node:fs';

const USAGE = `Usage: tracewright explain FILE:LINE [-p tsconfig.json]

For each call on that line, every rule that could apply (same export, global or method
name) and why it matched or not: the receiver's type, a local binding shadowing a
global, the installed package version, an ignore directive, an exclude glob, the
option "disable". The matcher of the plugins decides; this only prints its reasons.

  -p, --project FILE  the tsconfig (or its directory)

Exit codes: 0 done, 1 FILE or LINE or the options are unusable, 2 usage error.
`;

/** `tracewright explain FILE:LINE`: why each rule did or did not match the calls on one line. */
export const command: CliCommand = {
  summary: 'say why each rule matched or not the calls on one line',
  usage: USAGE,
  run: (args, io) => withUsage('explain', USAGE, io, async () => {
    const { project: projectArg, positionals } = parseProjectArgs(args, [], { min: 1, max: 1 });
    const at = /^(.+):(\d+)$/.exec(positionals[0]!);
    if (!at) throw new UsageError(`expected FILE:LINE, got "${positionals[0]}"`);
    const file = existingFile(io, at[1]!);
    const line = Number(at[2]);
    const project = openProject(io, projectArg);
    const name = projectRelative(project.config.projectRoot, file);
    const code = readFileSync(file, 'utf8');
    const lines = code.split('\n').length;
    if (line < 1 || line > lines) throw new TracewrightError(`${name}:${line}: the file has ${lines} lines`, { file });
    const excluded = exclusionReason(project, file);
    if (excluded) io.out(`${name}: ${excluded}: nothing in it is instrumented; the rules would decide as follows if it were included.\n`);
    const events = explainFile(project, file, code).filter((e) => e.line === line);
    printEvents(io, name, line, events, new Set(disabledRules(project).map((r) => r.id)));
    return 0;
  }),
};

/** Every decision the matcher makes in the file, the disabled rules tried after the active ones. */
function explainFile(project: CliProject, file: string, code: string): ExplainEvent[] {
  const events: ExplainEvent[] = [];
  const sink = (event: ExplainEvent) => void events.push(event);
  const disabled = disabledRules(project);
  if (project.tsc) {
    const sf = programFile(project.tsc, file, project.config);
    const options = project.tsc.files.matchOptions(sf, sink);
    matchCallSites(sf, disabled.length ? { ...options, rules: indexRules([...options.rules.all, ...disabled]) } : options);
    return events;
  }
  const ext = sourceExtension(file);
  if (!ext) throw new TracewrightError(`${file}: not a source file tracewright instruments (.ts, .tsx, .js, .mjs, .cjs, …)`, { file });
  const { session } = project;
  const reportName = projectRelative(project.config.projectRoot, file);
  const outcome = computeOutcome({ code, fileName: file, ext, reportName, explain: sink },
    disabled.length ? { ...session, rules: indexRules([...session.rules.all, ...disabled]) } : session);
  if (!outcome.report) throw new TracewrightError(outcome.warnings[0]?.message ?? `${file}: does not parse`, { file });
  return events;
}

const VERDICT = { wrapped: 'wrapped', skipped: 'left alone', rejected: 'no match' } as const;

function printEvents(io: CliIo, name: string, line: number, events: ExplainEvent[], disabled: ReadonlySet<string>): void {
  if (events.length === 0) {
    io.out(`${name}:${line}: no rule applies to anything on this line (no rule names its calls' functions, methods or globals)\n`);
    return;
  }
  const bySite = new Map<string, ExplainEvent[]>();
  for (const e of [...events].sort((a, b) => a.column - b.column)) {
    const key = `${e.column}\0${e.site}`;
    bySite.set(key, [...(bySite.get(key) ?? []), e]);
  }
  for (const group of bySite.values()) {
    io.out(`${name}:${line}:${group[0]!.column}  ${group[0]!.site}\n`);
    const seen = new Set<string>();
    for (const e of group) {
      const key = `${e.rule.id}\0${e.verdict}\0${e.reason}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const source = e.rule.source === 'builtin' ? 'built-in' : `from ${e.rule.source}`;
      const text = disabled.has(e.rule.id) && e.verdict !== 'rejected'
        ? `disabled by the option "disable" (it would match: ${e.verdict === 'wrapped' ? e.reason : `but be left alone: ${e.reason}`})`
        : `${VERDICT[e.verdict]}: ${e.reason}${disabled.has(e.rule.id) ? ' (also disabled by the option "disable")' : ''}`;
      io.out(`  ${e.rule.id} (${source}): ${text}\n`);
    }
  }
}
