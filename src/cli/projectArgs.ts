/**
 * Argument parsing for the commands that inspect a project (`report`, `diff`, `explain`):
 * `-p/--project <tsconfig>`, boolean flags, positionals. A mistake is a {@link UsageError},
 * which those commands turn into exit code 2 with the usage text.
 */
import { parseArgs } from 'node:util';
import type { CliIo } from './io.js';

/** A command line the command cannot run: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a project command was given. */
export interface ProjectArgs {
  /** `-p/--project`: a tsconfig file (or the directory holding `tsconfig.json`). */
  project?: string;
  flags: Set<string>;
  positionals: string[];
}

/**
 * Parses `args`; `flags` are the boolean options the command takes (without `--`).
 * @throws UsageError naming the unknown option or the missing value
 */
export function parseProjectArgs(args: string[], flags: readonly string[], positionals: { min: number; max: number }): ProjectArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args, allowPositionals: true, strict: true,
      options: { project: { type: 'string', short: 'p' }, ...Object.fromEntries(flags.map((f) => [f, { type: 'boolean' as const }])) },
    });
  } catch (error) {
    // Node's messages name the option and say what is wrong; drop its own hint about `--`.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { project, ...rest } = parsed.values as Record<string, string | boolean | undefined>;
  if (parsed.positionals.length < positionals.min) throw new UsageError('missing argument');
  if (parsed.positionals.length > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return {
    ...(typeof project === 'string' ? { project } : {}),
    flags: new Set(Object.entries(rest).filter(([, v]) => v === true).map(([k]) => k)),
    positionals: parsed.positionals,
  };
}

/** Runs a project command, turning a {@link UsageError} into exit code 2 with the usage text. */
export async function withUsage(name: string, usage: string, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`tracewright ${name}: ${error.message}\n${usage.trimEnd()}\n`);
    return 2;
  }
}
