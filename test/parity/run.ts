/**
 * Runs a scenario both ways and returns each operation's spans:
 * - official: the program compiled without the plugin, run in a child process
 *   (`officialRunner.cjs`) under the library's official instrumentation with
 *   `OTEL_SEMCONV_STABILITY_OPT_IN=database`;
 * - tracewright: the same program compiled through the tsc plugin (built-in
 *   catalog), run in this process with the runtime under test and the test
 *   SDK (call `setupOtel()` first).
 * A span belongs to the operation whose marker span (`parity <id>`) it
 * descends from; spans of the setup and teardown belong to none and are dropped.
 */
import type { AttributeValue } from '@opentelemetry/api';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProject, ensureDir, type CompileOutput } from '../helpers/compile.js';
import { loadCompiled } from '../helpers/execute.js';
import { finishedSpans, resetSpans, startOrder } from '../helpers/otel.js';
import { OPERATION_SPAN, programSource, type Library, type Scenario } from './scenario.js';

/** A finished span, as both runs report it. */
export interface RecordedSpan {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  attributes: Record<string, AttributeValue | undefined>;
  status: 'unset' | 'ok' | 'error';
  events: string[];
  /** Start order within its run. */
  order: number;
}

/** The spans of one operation, in start order. */
export interface OperationSpans {
  id: string;
  official: RecordedSpan[];
  ours: RecordedSpan[];
}

/** Both runs of one scenario. */
export interface ScenarioRun {
  scenario: Scenario;
  /** The unique names the two runs used (replaced by the scenario's placeholder in the doc). */
  names: string[];
  versions: { instrumentation: string; library: string };
  operations: OperationSpans[];
}

/** The scenarios' programs compiled both ways (one project each, every scenario in it). */
export interface CompiledScenarios {
  plain: CompileOutput;
  instrumented: CompileOutput;
}

const RUNNER = fileURLToPath(new URL('./officialRunner.cjs', import.meta.url));
const fileOf = (library: Library) => `${library}.ts`;
const outputOf = (library: Library) => `out/${library}.js`;

/** Compiles every scenario's program without and with the plugin; fails on a type error. */
export function compileScenarios(scenarios: readonly Scenario[]): CompiledScenarios {
  const files = Object.fromEntries(scenarios.map((s) => [fileOf(s.library), programSource(s)]));
  const plain = compileProject({ name: 'parity-plain', files, plugin: false });
  const instrumented = compileProject({ name: 'parity-tracewright', files, plugin: {} });
  for (const out of [plain, instrumented]) {
    if (out.errors.length > 0) throw new Error(`the parity programs do not compile:\n${out.errors.join('\n')}`);
  }
  // The plain build runs in a child process: it must exist on disk (its requires resolve from the repository).
  for (const s of scenarios) {
    const path = join(plain.root, outputOf(s.library));
    ensureDir(path);
    writeFileSync(path, plain.outputs[outputOf(s.library)]!);
  }
  return { plain, instrumented };
}

/** A name no other run (or concurrent test) uses: a valid SQL identifier and Redis key prefix. */
export function uniqueName(side: 'o' | 't'): string {
  return `tw_parity_${process.pid}_${Math.random().toString(36).slice(2, 8)}_${side}`;
}

/** Runs the plain program under the official instrumentation, in a child process. */
function runOfficial(scenario: Scenario, program: string, t: string): Promise<{ spans: RecordedSpan[]; versions: ScenarioRun['versions'] }> {
  const input = JSON.stringify({ program, t, official: scenario.official, module: scenario.module });
  const env = { ...process.env, OTEL_SEMCONV_STABILITY_OPT_IN: 'database' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [RUNNER, input], { env, timeout: 30_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('PARITY_RESULT '));
      if (error || line === undefined) {
        reject(new Error(`the official run of ${scenario.library} failed: ${error?.message ?? 'no result'}\n${stderr}`));
        return;
      }
      resolve(JSON.parse(line.slice('PARITY_RESULT '.length)) as { spans: RecordedSpan[]; versions: ScenarioRun['versions'] });
    });
  });
}

/** What a scenario program's `run(t, op)` gets as `op` (see {@link programSource}). */
type Op = (id: string, fails: boolean, fn: () => Promise<unknown>) => Promise<void>;

// Shared with officialRunner.cjs so both sides mark operations and record spans alike.
const { op, recordSpan } = createRequire(import.meta.url)('./spanRecord.cjs') as typeof import('./spanRecord.cjs');

/** Runs the instrumented program in this process and returns its spans in start order. */
async function runOurs(compiled: CompileOutput, scenario: Scenario, t: string): Promise<RecordedSpan[]> {
  resetSpans();
  const program = loadCompiled(compiled.outputs, outputOf(scenario.library), compiled.root);
  await (program.run as (t: string, op: Op) => Promise<void>)(t, op);
  await new Promise((r) => setTimeout(r, 20)); // spans ending on the next turn
  return finishedSpans()
    .map((span) => recordSpan(span, startOrder(span)))
    .sort((a, b) => a.order - b.order);
}

/** Each operation's spans: the descendants of its marker span, in start order. */
function byOperation(scenario: Scenario, spans: readonly RecordedSpan[]): Map<string, RecordedSpan[]> {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const operationOf = (span: RecordedSpan): string | undefined => {
    for (let p = span.parentId === null ? undefined : byId.get(span.parentId); p !== undefined; p = p.parentId === null ? undefined : byId.get(p.parentId)) {
      if (p.name.startsWith(OPERATION_SPAN)) return p.name.slice(OPERATION_SPAN.length);
    }
    return undefined;
  };
  const out = new Map<string, RecordedSpan[]>(scenario.operations.map((o) => [o.id, []]));
  for (const span of spans) {
    if (span.name.startsWith(OPERATION_SPAN)) continue;
    const id = operationOf(span);
    if (id !== undefined) out.get(id)?.push(span);
  }
  return out;
}

/** Runs `scenario` under the official instrumentation, then under tracewright. */
export async function runScenario(scenario: Scenario, compiled: CompiledScenarios): Promise<ScenarioRun> {
  const names = [uniqueName('o'), uniqueName('t')] as const;
  const official = await runOfficial(scenario, join(compiled.plain.root, outputOf(scenario.library)), names[0]);
  const ours = await runOurs(compiled.instrumented, scenario, names[1]);
  const officialOps = byOperation(scenario, official.spans);
  const ourOps = byOperation(scenario, ours);
  return {
    scenario,
    names: [...names],
    versions: official.versions,
    operations: scenario.operations.map((o) => ({ id: o.id, official: officialOps.get(o.id) ?? [], ours: ourOps.get(o.id) ?? [] })),
  };
}
