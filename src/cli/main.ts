/**
 * The `tracewright` command line: one dispatcher, one module per subcommand
 * under `commands/`. Each command gets its arguments and an output channel and
 * returns the exit code, so tests run them in-process as well as through the
 * real binary (`bin/tracewright.mjs`).
 */
import type { CliIo } from './io.js';
import { processIo } from './io.js';
import { TracewrightError } from '../errors.js';

/** One subcommand: `tracewright <name> ...args`. */
export interface CliCommand {
  /** One line for `tracewright --help`. */
  summary: string;
  /** The usage text printed for `tracewright <name> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Subcommands by name, loaded on first use so `tracewright tsc` pays for nothing else. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  diff: async () => (await import('./commands/diff.js')).command,
  explain: async () => (await import('./commands/explain.js')).command,
  init: async () => (await import('./commands/init.js')).command,
  report: async () => (await import('./commands/report.js')).command,
  rules: async () => (await import('./commands/rules.js')).command,
  tsc: async () => (await import('./commands/tsc.js')).command,
};

/** The subcommands' names, sorted. @internal */
export function commandNames(): string[] {
  return Object.keys(COMMANDS).sort();
}

function help(io: CliIo, lines: string[]): void {
  io.out('Usage: tracewright <command> [options]\n\nCommands:\n');
  for (const line of lines) io.out(`${line}\n`);
  io.out('\nRun `tracewright <command> --help` for the options of one command.\n');
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines: string[] = [];
    for (const n of commandNames()) lines.push(`  ${n.padEnd(10)}${(await COMMANDS[n]!()).summary}`);
    help(io, lines);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${(await import('../runtime/version.js')).TRACER_VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    const { suggestion } = await import('../util/didYouMean.js');
    io.err(`tracewright: unknown command "${name}"${suggestion(name, commandNames())}; run \`tracewright --help\` for the list\n`);
    return 2;
  }
  const command = await load();
  // After `--` the arguments belong to the tool a command runs (`tracewright tsc -- --help`).
  const ownArgs = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    io.out(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // Our own errors are the user's problem (bad option, bad rule, missing file): no stack.
    if (error instanceof TracewrightError) {
      io.err(`tracewright ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
