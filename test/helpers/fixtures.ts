/**
 * Fixture discovery and snapshot files, in the spirit of Babel's
 * helper-fixtures: `fixtures/<area>/<case>/` holds `input.*` (plus any other
 * source files of the case, also in subfolders), optional `rules.json` and `options.json`, and the
 * expected outputs this module compares and (outside CI, or with UPDATE=1)
 * writes.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { NativeModuleName, ServiceName } from './services.js';

export const FIXTURES_DIR = resolve(fileURLToPath(import.meta.url), '../../../fixtures');
export const UPDATE_COMMAND = 'UPDATE=1 npx vitest run test/fixtures';

/** `options.json` of a case (merged root → area → case). */
export interface FixtureOptions {
  /** Plugin options (as in tsconfig `plugins[]`). */
  plugin?: Record<string, unknown>;
  /** Compiler options for the snapshot build (the executed build always uses CommonJS). */
  compilerOptions?: Record<string, unknown>;
  /** The build must fail: no execution, `error.txt` holds the message. */
  throws?: boolean;
  /** Do not execute (type-level or report-only cases). */
  noExecute?: boolean;
  /** Local services the run talks to: down, the run is skipped with a message (a failure under `CI=true`). */
  services?: ServiceName[];
  /** Native modules the run loads (`better-sqlite3`): not built, the run is skipped with a message (a failure under `CI=true`). */
  requires?: NativeModuleName[];
}

/** One fixture case. */
export interface FixtureCase {
  area: string;
  name: string;
  dir: string;
  input: string;
  /** Every source file of the case, relative to its folder → text. */
  files: Record<string, string>;
  options: FixtureOptions;
  rulesJson?: string;
}

/** The case's tsconfig `paths` (targets relative to the case folder), for the loader that executes it. */
export function fixturePaths(c: FixtureCase): { paths?: Record<string, string[]> } {
  const paths = c.options.compilerOptions?.paths as Record<string, string[]> | undefined;
  return paths ? { paths } : {};
}

/** Why a case's program is not run (undefined: it is), for the skip message. */
export function executionSkipReason(c: FixtureCase, down: ReadonlySet<ServiceName | NativeModuleName>): string | undefined {
  const name = `${c.area}/${c.name}`;
  if (c.options.throws) return `${name}: not executed, the build is expected to fail (options "throws")`;
  if (c.options.noExecute) return `${name}: not executed, its options say "noExecute"`;
  const missing = [...(c.options.services ?? []), ...(c.options.requires ?? [])].filter((n) => down.has(n));
  return missing.length > 0 ? `${name}: not executed, needs ${missing.join(', ')}, which is not available here` : undefined;
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const OUTPUT = /^output\./;

function readJson(path: string): Record<string, unknown> {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> : {};
}

function mergeOptions(...layers: Record<string, unknown>[]): FixtureOptions {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' ? { ...(out[k] as object), ...(v as object) } : v;
    }
  }
  return out as FixtureOptions;
}

/** The case's source files, `/`-separated relative paths: its folder's, and those of its subfolders (`src/x/a.ts`). */
function sourceFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(dir, rel));
    else if (SOURCE.test(entry.name) && !(prefix === '' && OUTPUT.test(entry.name))) out.push(rel);
  }
  return out;
}

/** Every case under fixtures/, sorted. */
export function discoverFixtures(): FixtureCase[] {
  const root = readJson(join(FIXTURES_DIR, 'options.json'));
  const cases: FixtureCase[] = [];
  for (const area of readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const areaDir = join(FIXTURES_DIR, area);
    const areaOptions = readJson(join(areaDir, 'options.json'));
    for (const name of readdirSync(areaDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const dir = join(areaDir, name);
      const entries = readdirSync(dir);
      const input = entries.find((f) => /^input\./.test(f) && SOURCE.test(f) && !OUTPUT.test(f));
      if (!input) throw new Error(`fixture ${area}/${name} has no input.* file`);
      const files: Record<string, string> = {};
      for (const f of sourceFiles(dir)) files[f] = readFileSync(join(dir, f), 'utf8');
      const rulesPath = join(dir, 'rules.json');
      cases.push({
        area, name, dir, input, files,
        options: mergeOptions(root, areaOptions, readJson(join(dir, 'options.json'))),
        rulesJson: existsSync(rulesPath) ? readFileSync(rulesPath, 'utf8') : undefined,
      });
    }
  }
  return cases;
}

/**
 * Compares `actual` with the expected file. A missing file is written (never
 * under CI=true); UPDATE=1 rewrites; a mismatch fails with a diff and the
 * command that refreshes snapshots.
 */
export function matchFile(path: string, actual: string): void {
  const update = process.env.UPDATE === '1';
  if (update || (!existsSync(path) && process.env.CI !== 'true')) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing expected file ${path}; run \`${UPDATE_COMMAND}\` locally and review it`);
  expect(actual, `${path} differs; if the change is intended run \`${UPDATE_COMMAND}\` and review the diff`).toBe(readFileSync(path, 'utf8'));
}

/** Port attributes whose value a fixture's spans mask when the port is ephemeral. */
const PORT_ATTRIBUTE = /"((?:server|client|network\.peer|network\.local)\.port)": (\d+)/g;
const LOOPBACK_PORT = /(127\.0\.0\.1|localhost):(\d+)/g;
/** Linux's default ephemeral range: ports a test server got from `listen(0)`, or a client's source port. */
const isEphemeral = (port: string): boolean => Number(port) >= 32768;

/**
 * A fixture's spans as the text compared with spans.json: the test server's port, and any
 * ephemeral port (a server the case started itself, the client side of a connection it
 * accepted), become `<port>`; fixed service ports (5432, 6379, ...) stay.
 */
export function maskPorts(spansJson: string, testServerPort: number): string {
  return spansJson
    .split(testServerPort.toString())
    .join('<port>')
    .replace(PORT_ATTRIBUTE, (all, name: string, port: string) => (isEphemeral(port) ? `"${name}": <port>` : all))
    .replace(LOOPBACK_PORT, (all, host: string, port: string) => (isEphemeral(port) ? `${host}:<port>` : all));
}
