// Prints the last line of `.ci/run`: `N passed, M failed`, summed over every vitest run, and
// exits 10 when M > 0 (any other non-zero exit means this script broke). Usage: node .ci/summary.mjs RESULTS_DIR FAILED_STEPS SCRIPT_STATUS
// RESULTS_DIR holds NAME.exit (vitest's exit code) and NAME.json (vitest --reporter=json).
// Failures vitest does not count as failed tests still count here, one each: a test file that
// failed to load or whose hook threw, a run without a JSON report, a non-zero exit with no failed
// test, a failed setup step (FAILED_STEPS), the script dying for another reason (SCRIPT_STATUS).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, failedSteps = '0', scriptStatus = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(failedSteps) || 0;
const notes = [];

for (const name of readdirSync(dir).filter((f) => f.endsWith('.exit')).sort()) {
  const run = name.slice(0, -'.exit'.length);
  const exitCode = Number(readFileSync(join(dir, name), 'utf8').trim());
  const jsonFile = join(dir, `${run}.json`);
  let runPassed = 0;
  let runFailed = 0;
  if (existsSync(jsonFile)) {
    try {
      const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
      runPassed = report.numPassedTests ?? 0;
      runFailed = report.numFailedTests ?? 0;
      for (const file of report.testResults ?? []) {
        const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
        if (file.status === 'failed' && failedTests === 0) {
          runFailed += 1;
          notes.push(`${run}: ${relative(process.cwd(), file.name)} failed outside its tests: ${String(file.message ?? '').split('\n')[0]}`);
        }
      }
    } catch (error) {
      notes.push(`${run}: unreadable ${jsonFile}: ${error.message}`);
      runFailed += 1;
    }
  } else {
    notes.push(`${run}: no JSON report (vitest exit ${exitCode})`);
    runFailed += 1;
  }
  if (exitCode !== 0 && runFailed === 0) {
    notes.push(`${run}: vitest exited ${exitCode} with no failed test`);
    runFailed = 1;
  }
  console.log(`${run}: ${runPassed} passed, ${runFailed} failed (vitest exit ${exitCode})`);
  passed += runPassed;
  failed += runFailed;
}
if (Number(failedSteps) > 0) notes.push(`${failedSteps} setup step(s) failed`);
if (Number(scriptStatus) !== 0 && failed === 0) {
  notes.push(`.ci/run exited ${scriptStatus}`);
  failed = 1;
}
for (const note of notes) console.log(`note: ${note}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 10 : 0);
