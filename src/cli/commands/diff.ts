import type { CliCommand } from '../main.js';
import { exclusionReason, existingFile, instrumentFile, openProject } from '../project.js';
import { parseProjectArgs, withUsage } from '../projectArgs.js';
import { unifiedDiff } from '../unifiedDiff.js';
import { projectRelative } from '../../util/projectRelative.js';

const USAGE = `Usage: tracewright diff FILE [-p tsconfig.json]

Prints a unified diff of FILE before and after instrumentation (nothing is written).
With a tsconfig: the JavaScript tsc emits for FILE without and with the tracewright
transformer. Without one: the source and what the bundler plugins hand the bundler.
Coloured on a terminal (NO_COLOR turns it off).

  -p, --project FILE  the tsconfig (or its directory)

Exit codes: 0 done (also when nothing changes), 1 FILE or the options are unusable, 2 usage error.
`;

/** `tracewright diff FILE`: what instrumentation changes in one file. */
export const command: CliCommand = {
  summary: 'show a file before and after instrumentation as a unified diff',
  usage: USAGE,
  run: (args, io) => withUsage('diff', USAGE, io, async () => {
    const { project: projectArg, positionals } = parseProjectArgs(args, [], { min: 1, max: 1 });
    const file = existingFile(io, positionals[0]!);
    const project = openProject(io, projectArg);
    const { before, after } = instrumentFile(project, file);
    const name = projectRelative(project.config.projectRoot, file);
    const what = project.tsc ? 'tsc output' : 'bundler output';
    const diff = unifiedDiff(before, after, { fromLabel: `a/${name} (${what})`, toLabel: `b/${name} (${what}, instrumented)`, color: io.isTty });
    if (diff === '') {
      const why = exclusionReason(project, file) ?? `no rule matched a site in this file; \`tracewright explain ${name}:LINE\` tells why`;
      io.out(`${name}: no change (${why})\n`);
      return 0;
    }
    io.out(diff);
    for (const w of project.session.report.toJSON().warnings) if (w.file === name) io.err(`${name}:${w.line ?? 1}:${w.column ?? 1}: warning: ${w.message}\n`);
    return 0;
  }),
};
