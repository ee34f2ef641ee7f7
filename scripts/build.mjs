// Builds both packages of this repository: `tracewright` into dist/ and `@tracewright/runtime`
// into packages/runtime/dist/ (see buildDist.mjs). Each package's `prepack` builds just
// its own: `--tool-only` (tracewright) and `--runtime-only` (@tracewright/runtime).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntimeDist, buildToolDist, REPO } from './buildDist.mjs';

const builds = [];
if (!process.argv.includes('--tool-only')) {
  const runtimeDist = join(REPO, 'packages/runtime/dist');
  rmSync(runtimeDist, { recursive: true, force: true });
  builds.push(buildRuntimeDist(runtimeDist));
}
if (!process.argv.includes('--runtime-only')) {
  rmSync(join(REPO, 'dist'), { recursive: true, force: true });
  builds.push(buildToolDist(join(REPO, 'dist')));
}
try {
  await Promise.all(builds);
} catch (error) {
  process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.stack}\n`);
  process.exit(1);
}
