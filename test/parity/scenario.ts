/**
 * The shape of a parity scenario: one table per library (`scenarios/<library>.ts`)
 * lists the operations to run and the calls each makes. The same table builds
 * the program that runs under the official OpenTelemetry instrumentation (in a
 * child process) and under tracewright (compiled through the tsc plugin), so
 * the two runs can never drift apart.
 */
import type { ServiceName } from '../helpers/services.js';

/** The libraries with an official OpenTelemetry instrumentation. */
export type Library = 'pg' | 'mysql2' | 'ioredis' | 'redis';

/** One operation of a scenario. */
export interface Operation {
  /** Stable id: the program's marker, the doc's row and a difference's `operations` entry. */
  readonly id: string;
  /** What it exercises, for the doc. */
  readonly title: string;
  /**
   * TypeScript statements run inside the operation, with the scenario's setup
   * variables in scope and `t`, this run's unique name (table name, key prefix).
   */
  readonly code: string;
  /** The operation must fail (the harness catches the error); otherwise it must succeed. */
  readonly fails?: boolean;
  /**
   * The operation is a batch (pipeline, transaction): tracewright gives it one
   * span, the official instrumentation one per command; each official span is
   * compared with that one span.
   */
  readonly batch?: boolean;
}

/** The official instrumentation of a library. */
export interface OfficialInstrumentation {
  /** npm package, e.g. `@opentelemetry/instrumentation-pg`. */
  readonly package: string;
  /** Exported class, e.g. `PgInstrumentation`. */
  readonly className: string;
  /** Its configuration (defaults when absent: what a user gets out of the box). */
  readonly config?: Record<string, unknown>;
}

/** One library's parity scenario. */
export interface Scenario {
  readonly library: Library;
  /** Heading in the doc, e.g. `pg (node-postgres)`. */
  readonly title: string;
  /** The npm package whose version the doc reports. */
  readonly module: string;
  /** The local service it talks to. */
  readonly service: ServiceName;
  readonly official: OfficialInstrumentation;
  /** How the unique name `t` reads in the doc (`<table>`, `<key>`). */
  readonly placeholder: string;
  /** Module header: imports and constants. */
  readonly imports: string;
  /** Statements run before the operations, outside any of them (clients, tables). */
  readonly setup: string;
  /** Statements run after them, always (drop tables, delete keys, close every client). */
  readonly teardown: string;
  readonly operations: readonly Operation[];
  /**
   * Which spans of one operation correspond across the two runs: spans are
   * paired in start order within a role. Default: one role for every span.
   */
  readonly role?: (spanName: string) => string;
}

/** Prefix of the span that marks an operation: `parity <id>`. */
export const OPERATION_SPAN = 'parity ';

/**
 * The program of a scenario: `run(t, op)` runs the setup, then each operation
 * through `op(id, fails, fn)` (which opens the operation's marker span and
 * checks the outcome), then the teardown.
 */
export function programSource(scenario: Scenario): string {
  const indent = (code: string, by: string) => code.trim().split('\n').map((l) => (l ? by + l : l)).join('\n');
  const operations = scenario.operations.map((o) => [
    `    // ${o.title}`,
    `    await op(${JSON.stringify(o.id)}, ${o.fails === true}, async () => {`,
    indent(o.code, '      '),
    '    });',
  ].join('\n'));
  return [
    `// Generated from test/parity/scenarios/${scenario.library}.ts: the parity scenario of ${scenario.title}.`,
    scenario.imports.trim(),
    '',
    '/** Runs one operation inside its marker span; the harness checks that it failed or succeeded as declared. */',
    'export type Op = (id: string, fails: boolean, fn: () => Promise<unknown>) => Promise<void>;',
    '',
    'export async function run(t: string, op: Op): Promise<void> {',
    indent(scenario.setup, '  '),
    '  try {',
    operations.join('\n'),
    '  } finally {',
    indent(scenario.teardown, '    '),
    '  }',
    '}',
    '',
  ].join('\n');
}
