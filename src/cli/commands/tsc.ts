import type { CliCommand } from '../main.js';
import { locateCompiler } from '../tsc/locateCompiler.js';
import { ensurePatchedCompiler } from '../tsc/patchedCompiler.js';
import { runPatchedCompiler } from '../tsc/runPatchedCompiler.js';

/**
 * `tracewright tsc [tsc arguments]`: tsc with the `tracewright/tsc` plugin of
 * the tsconfig (ts-patch's transformer plugins), like `tspc`, without its cost
 * of patching and compiling the compiler on every run. Every argument goes to
 * tsc unchanged; output, diagnostics and exit codes are tsc's.
 */
export const command: CliCommand = {
  summary: 'tsc with the tracewright plugin (tspc without its start-up cost)',
  usage: `Usage: tracewright tsc [tsc arguments]

Runs the project's TypeScript (5.x with ts-patch 3, 6.x with ts-patch 4) with the
transformer plugins of its tsconfig, as \`tspc\` does. Every argument is tsc's:
-p, --watch, --noEmit, -b, ... The patched compiler is built once into
node_modules/.cache/tracewright/tsc/ and loaded with a V8 code cache.

Environment: TSP_COMPILER_TS_PATH (a typescript directory), TRACEWRIGHT_TS_PATCH
(a ts-patch directory) override the packages resolved from the current directory.
`,
  async run(args, io) {
    // Only \`tracewright tsc --help\` is ours (main.ts answers it); tsc's own \`--help\` is \`tracewright tsc -- --help\`.
    const tscArgs = args[0] === '--' ? args.slice(1) : args;
    const location = locateCompiler(io.cwd);
    const patched = ensurePatchedCompiler(location, () =>
      io.err(`tracewright tsc: patching TypeScript ${location.typescriptVersion} with ts-patch ${location.tsPatchVersion} (once, into ${location.cacheDir})\n`),
    );
    runPatchedCompiler(location, patched, tscArgs);
    // tsc ends the process itself (process.exit with its exit code), and in watch mode keeps it
    // running; should it ever just return, its process.exitCode stands.
    return new Promise<number>((resolve) => process.once('beforeExit', () => resolve(Number(process.exitCode ?? 0))));
  },
};
