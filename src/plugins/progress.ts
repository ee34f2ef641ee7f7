/**
 * Progress of a long build, where the host has a convention for it: vite's
 * logger (an info line every {@link progressEvery} files, hidden at
 * `logLevel: 'warn'`), webpack's ProgressPlugin reporter (our stage in
 * `--progress`). rspack's ProgressPlugin is native and takes no reports.
 * @internal
 */

/** Files between two progress lines: `TRACEWRIGHT_PROGRESS_EVERY` (tests), else 500. */
export function progressEvery(): number {
  const every = Number(process.env.TRACEWRIGHT_PROGRESS_EVERY);
  return Number.isInteger(every) && every > 0 ? every : 500;
}

/** The line for `files` seen and `sites` instrumented so far. */
export function progressLine(progress: { files: number; sites: number }): string {
  return `[tracewright] instrumenting: ${progress.files} files read, ${progress.sites} sites so far`;
}

type Reporter = (percentage: number, ...args: string[]) => void;

/**
 * Reports `message` as our stage to webpack's ProgressPlugin (the reporter exists only while one
 * of our hooks runs inside a hook the plugin intercepts, and only when it is installed).
 */
export function reportWebpackProgress(compiler: unknown, message: string): void {
  const webpack = (compiler as { webpack?: { ProgressPlugin?: { getReporter?(c: unknown): Reporter | undefined } } } | undefined)?.webpack;
  try {
    webpack?.ProgressPlugin?.getReporter?.(compiler)?.(0, message);
  } catch {
    // progress is a courtesy: never fail a build for it
  }
}
