/**
 * The data contract between the writers (build time) and the runtime.
 *
 * Each instrumented file carries one JSON string describing its sites; the
 * runtime parses it once, on the first instrumented call of that file.
 * Keep this file free of imports: the writers and the runtime both use it.
 */

/** Span kind numbers as in `@opentelemetry/api`'s `SpanKind`. */
export const SPAN_KIND = { internal: 0, server: 1, client: 2, producer: 3, consumer: 4 } as const;

/** Result mode codes (short in the emitted JSON). */
export type ResultModeCode = 'auto' | 'promise' | 'callback' | 'sync' | 'iterable' | 'install';

/** What the span of one rule (or one `@span` function) looks like. */
export interface SpanSpec {
  /** rule id (or `span` for `@span` functions) */
  r: string;
  /** static span name */
  n: string;
  /** SpanKind number */
  k: number;
  /** static attributes */
  a?: Record<string, string | number | boolean>;
  /** attributes from args: [attributeName, alternatives: ArgPath[]][] */
  g?: [string, (number | string)[][]][];
  /** hook module id */
  h?: string;
  /** result mode */
  m: ResultModeCode;
  /**
   * options for the site's hook, from the build's plugin options (e.g. the
   * server hooks' `ignorePaths`); JSON data, read by the hook from `spec.o`
   */
  o?: Record<string, unknown>;
  /**
   * `callback-arg` sites: which arguments are the callbacks — `i` the (first)
   * argument index, `r: 1` every argument from `i` on, `p` the property of the
   * options object at `i` that holds the callback
   */
  b?: { i: number; r?: 1; p?: string };
}

/** The per-file payload: `__tw.sites(JSON.stringify(FileSites))`. */
export interface FileSites {
  /** format version */
  v: 1;
  /** file path relative to the project root, `/`-separated */
  f: string;
  /** distinct span specs used in this file */
  s: SpanSpec[];
  /** sites: [specIndex, line (1-based), column (1-based)] */
  c: [number, number, number][];
}
