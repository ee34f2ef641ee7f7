// Step messages for `npm run demo`: each step says what it is doing when it
// starts, keeps saying so every few seconds while it runs (PGlite's first start
// or a full build can take a while on a busy machine), and says how long it took.
const HEARTBEAT_MS = 3000;

/** Runs `work()` as a named step; rethrows its error after saying which step failed. */
export async function step(label, work, { log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  log(`› ${label}…`);
  const timer = setInterval(() => log(`  … still ${label.charAt(0).toLowerCase()}${label.slice(1)} (${seconds()} s)`), HEARTBEAT_MS);
  try {
    const result = await work();
    log(`✓ ${label} (${seconds()} s)`);
    return result;
  } catch (error) {
    log(`✗ ${label} failed after ${seconds()} s`);
    throw error;
  } finally {
    clearInterval(timer);
  }
}
