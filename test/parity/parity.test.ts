// Parity is measured, not claimed (DESIGN §8): each library's scenario runs under its official
// OpenTelemetry instrumentation (child process, OTEL_SEMCONV_STABILITY_OPT_IN=database) and
// built with tracewright, against the real servers. Fails when an attribute the official sets is
// missing from ours, or anything else differs, without an entry in differences.ts; when an entry
// no longer applies; and when docs/parity.md is stale (`npm run parity` rewrites it).
// Skipped per library when its service is down, failed under CI=true.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { setupOtel } from '../helpers/otel.js';
import { downServices } from '../helpers/services.js';
import { compareRun } from './compare.js';
import { DIFFERENCES } from './differences.js';
import { REFRESH_COMMAND, renderParity, type ComparedRun } from './render.js';
import { compileScenarios, runScenario, type CompiledScenarios } from './run.js';
import type { Library } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';
import { describeFinding, explanationOf, isMissingAttribute, unusedEntries } from './verdict.js';
import { skipBecause } from '../helpers/skips.js';

const DOC = fileURLToPath(new URL('../../docs/parity.md', import.meta.url));
const down = await downServices(SCENARIOS.map((s) => s.service));
const runnable = SCENARIOS.filter((s) => !down.has(s.service));
const compared = new Map<Library, ComparedRun>();
let compiled: CompiledScenarios;

beforeAll(() => {
  setupOtel();
  if (runnable.length > 0) compiled = compileScenarios(runnable);
});

/** The compared run of `library` (its first test must have passed). */
function comparedRun(library: Library): ComparedRun {
  const c = compared.get(library);
  if (c === undefined) throw new Error(`the ${library} scenario did not run (see the first test of its suite)`);
  return c;
}

describe.each(SCENARIOS.map((s) => [s.title, s] as const))('%s', (_title, scenario) => {
  const skip = skipBecause(down.has(scenario.service) && `${scenario.title}: needs ${scenario.service}, which is not reachable`);

  test.skipIf(skip)('runs under the official instrumentation and under tracewright, every operation traced by both', async () => {
    const run = await runScenario(scenario, compiled);
    compared.set(scenario.library, { run, operations: compareRun(run) });
    const untraced = run.operations.flatMap((o) => [
      ...(o.official.length === 0 ? [`${o.id}: no official span`] : []),
      ...(o.ours.length === 0 ? [`${o.id}: no span of ours`] : []),
    ]);
    expect(untraced).toEqual([]);
  });

  test.skipIf(skip)('no attribute the official instrumentation sets is missing from ours, unless listed with its reason', () => {
    const findings = comparedRun(scenario.library).operations.flatMap((o) => o.findings);
    const unexplained = findings.filter((f) => isMissingAttribute(f) && explanationOf(f, DIFFERENCES) === undefined);
    expect(unexplained.map(describeFinding)).toEqual([]);
  });

  test.skipIf(skip)('every other difference (span name, kind, status, value, a span only one side has) is listed with its reason', () => {
    const findings = comparedRun(scenario.library).operations.flatMap((o) => o.findings);
    const unexplained = findings.filter((f) => !isMissingAttribute(f) && explanationOf(f, DIFFERENCES) === undefined);
    expect(unexplained.map(describeFinding)).toEqual([]);
  });
});

describe('docs/parity.md', () => {
  const complete = down.size === 0;

  test.skipIf(skipBecause(!complete && `docs/parity.md checks: need every service (${[...down].join(', ')} not reachable)`))('every listed difference is still observed', () => {
    const findings = SCENARIOS.flatMap((s) => comparedRun(s.library).operations.flatMap((o) => o.findings));
    expect(unusedEntries(DIFFERENCES, findings), 'remove or narrow these entries of test/parity/differences.ts').toEqual([]);
  });

  test.skipIf(skipBecause(!complete && `docs/parity.md checks: need every service (${[...down].join(', ')} not reachable)`))(`is up to date (\`${REFRESH_COMMAND}\` rewrites it)`, () => {
    const text = renderParity(SCENARIOS.map((s) => comparedRun(s.library)), DIFFERENCES);
    if (process.env.PARITY_UPDATE === '1' || (!existsSync(DOC) && process.env.CI !== 'true')) {
      mkdirSync(dirname(DOC), { recursive: true });
      writeFileSync(DOC, text);
      return;
    }
    expect(existsSync(DOC), `docs/parity.md is missing; run \`${REFRESH_COMMAND}\` and commit it`).toBe(true);
    expect(text, `docs/parity.md is stale; run \`${REFRESH_COMMAND}\` and review the diff`).toBe(readFileSync(DOC, 'utf8'));
  });
});
