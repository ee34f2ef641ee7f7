/**
 * Why a test is skipped, said where `npm test` shows it. vitest's default
 * reporter prints only a count of skipped tests (not `ctx.skip(note)` notes),
 * but it does print what a test file writes to the console, so every skip
 * goes through here: `test.skipIf(skipBecause(reason))(...)`.
 */
const printed = new Set<string>();

/**
 * True when there is a reason to skip; prints `[skipped] <reason>` once per
 * test file and reason. A falsy reason means "run" and prints nothing.
 */
export function skipBecause(reason: string | false | undefined): boolean {
  if (!reason) return false;
  if (!printed.has(reason)) {
    printed.add(reason);
    console.warn(`[skipped] ${reason}`);
  }
  return true;
}
