/**
 * Runs `npm run demo` the way CI does: `node scripts/demo.mjs` with no
 * DATABASE_URL / REDIS_URL / OTLP endpoint (embedded PGlite, in-process
 * cache), NO_COLOR, writing the HTML page and the span JSON under test/.tmp/demo.
 * Tests never touch the repository's dist/ or examples/demo/: the app is a copy
 * under test/.tmp/demo/app and tracewright the package the bundler tests build
 * (`--app`, `--package`).
 */
import { execFile } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SpanData } from '../../src/waterfall/spanData.js';
import { ensurePackage } from '../bundlers/package.js';

export const REPO = join(import.meta.dirname, '../..');
export const OUT = join(REPO, 'test/.tmp/demo');

/** What one run printed and wrote. */
export interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  spans: SpanData[];
  htmlFile: string;
}

/** Runs the demo in `test/.tmp/demo/<name>`; `env` adds to (or, with undefined, removes from) the CI environment. */
export async function runDemo(name: string, extraEnv: Record<string, string | undefined> = {}): Promise<DemoRun> {
  const tool = await ensurePackage();
  const dir = join(OUT, name);
  rmSync(dir, { recursive: true, force: true });
  const app = join(dir, 'app');
  for (const entry of ['src', 'build.mjs', 'package.json']) cpSync(join(REPO, 'examples/demo', entry), join(app, entry), { recursive: true });
  const htmlFile = join(dir, 'trace.html');
  const jsonFile = join(dir, 'spans.json');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']) delete env[name];
  for (const [name, value] of Object.entries(extraEnv)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/demo.mjs', '--html', htmlFile, '--json', jsonFile, '--app', app, '--package', tool], { cwd: REPO, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      let spans: SpanData[] = [];
      try {
        spans = JSON.parse(readFileSync(jsonFile, 'utf8')) as SpanData[];
      } catch {
        // The run failed before writing it; the exit code and stderr say why.
      }
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, spans, htmlFile });
    });
  });
}

/** The rows of each trace block of the terminal waterfall: `[header, ["<branch><name> <kind>", ...]]`. */
export function waterfallBlocks(stdout: string): { header: string; rows: string[] }[] {
  return stdout.split(/\n(?=trace [0-9a-f]{8} )/).filter((b) => b.startsWith('trace ')).map((block) => {
    const [header, ...lines] = block.split('\n');
    const rows = lines.map((line) => /^ {2}(.*?) +(server|client|internal|producer|consumer) +│/.exec(line)).filter((m) => m !== null).map((m) => `${m[1]} ${m[2]}`);
    return { header: header!, rows };
  });
}
