/**
 * Site descriptors: what the emitted `__tw.sites(json)` returns. Each
 * instrumented file calls it once (from a hoisted function, on its first
 * instrumented call) and indexes the result by site number.
 */
import { diag, type Attributes, type SpanKind, type SpanOptions } from '@opentelemetry/api';
import type { FileSites, SpanSpec } from './siteSpec.js';
import type { ArgAttribute } from './argPath.js';
import { siteAttributes } from './attributes.js';
import { isLeafKind } from './suppress.js';

/** @internal How a site's span ends (the spec's `m`; `promise` behaves as `auto`). */
export type Mode = typeof MODE_AUTO | typeof MODE_SYNC | typeof MODE_CALLBACK | typeof MODE_ITERABLE | typeof MODE_INSTALL;
/** @internal End when the call returns, or when its native promise settles. */
export const MODE_AUTO = 0;
/** @internal End when the call returns. */
export const MODE_SYNC = 1;
/** @internal End when the last function argument is first called. */
export const MODE_CALLBACK = 2;
/** @internal End when the returned iterable completes, returns or throws. */
export const MODE_ITERABLE = 3;
/** @internal No span: the call's result is handed to the hook's `install()` (install.ts). */
export const MODE_INSTALL = 4;

function modeOf(code: string): Mode {
  switch (code) {
    case 'sync':
      return MODE_SYNC;
    case 'callback':
      return MODE_CALLBACK;
    case 'iterable':
      return MODE_ITERABLE;
    case 'install':
      return MODE_INSTALL;
    default:
      return MODE_AUTO; // 'auto', 'promise', and anything a newer writer may add
  }
}

/**
 * One instrumented call site (or `@span` function). Everything the hot path
 * needs is computed here once: the span name, kind, the merged static
 * attributes, and the `startSpan` options object shared by every call of a
 * site that needs nothing per call.
 */
export class Site {
  /** The span spec shared by all sites of the same rule in this file. */
  readonly spec: SpanSpec;
  /** Static span name. */
  readonly name: string;
  /** OpenTelemetry span kind. */
  readonly kind: SpanKind;
  /** Spec attributes plus `code.file.path`, `code.line.number`, `code.column.number`. */
  readonly attributes: Attributes;
  /**
   * `{ kind, attributes }`, passed to `startSpan` as is. Sharing one object is
   * safe with the OpenTelemetry SDK, which copies (sanitises) attributes at start.
   */
  readonly options: SpanOptions;
  /** @internal CLIENT/PRODUCER: the call runs with tracing suppressed (suppress.ts). */
  readonly leaf: boolean;
  /** @internal */
  readonly mode: Mode;
  /** @internal Attributes read from arguments (`spec.g`), if any. */
  readonly argAttributes: readonly ArgAttribute[] | undefined;
  /** @internal Hook module id (`spec.h`), if any. */
  readonly hookId: string | undefined;
  /**
   * @internal True when a call needs no per-call work besides the span: no
   * hook, no argument attributes, result mode auto/promise/sync. Such calls
   * take the fixed-arity path with no argument array.
   */
  readonly fast: boolean;

  constructor(spec: SpanSpec, file: string, line: number, column: number) {
    this.spec = spec;
    this.name = spec.n;
    this.kind = spec.k as SpanKind;
    this.attributes = siteAttributes(spec.a, file, line, column);
    this.options = { kind: this.kind, attributes: this.attributes };
    this.leaf = isLeafKind(spec.k);
    this.mode = modeOf(spec.m);
    this.argAttributes = spec.g !== undefined && spec.g.length > 0 ? spec.g : undefined;
    this.hookId = typeof spec.h === 'string' && spec.h !== '' ? spec.h : undefined;
    this.fast =
      this.argAttributes === undefined &&
      this.hookId === undefined &&
      (this.mode === MODE_AUTO || this.mode === MODE_SYNC);
  }
}

function isSpec(value: unknown): value is SpanSpec {
  const spec = value as SpanSpec;
  return typeof value === 'object' && value !== null && typeof spec.n === 'string' && typeof spec.k === 'number';
}

/**
 * Build the site descriptors of one file from the JSON the writer embedded
 * (`FileSites`, see `siteSpec.ts`); index `i` of the result is site number `i`.
 *
 * Never throws into the instrumented module: a payload this runtime cannot
 * read (a writer/runtime version skew) is reported through OpenTelemetry's
 * `diag` and yields no sites. The call helpers treat a missing site as
 * "call through without a span", so the program still runs unchanged.
 */
export function sites(json: string): Site[] {
  let payload: FileSites;
  try {
    payload = JSON.parse(json) as FileSites;
  } catch (error) {
    diag.error(`[tracewright] unreadable site table: ${String(error)}`);
    return [];
  }
  if (payload === null || typeof payload !== 'object' || payload.v !== 1 || !Array.isArray(payload.c)) {
    const version = payload !== null && typeof payload === 'object' ? String(payload.v) : 'none';
    diag.error(
      `[tracewright] site table format v${version} is not supported by this runtime (v1); ` +
        'install matching versions of the tracewright build plugin and runtime',
    );
    return [];
  }
  const file = typeof payload.f === 'string' ? payload.f : '';
  const specs = Array.isArray(payload.s) ? payload.s : [];
  const out: Site[] = [];
  for (let i = 0; i < payload.c.length; i++) {
    const entry = payload.c[i];
    const spec = Array.isArray(entry) ? specs[entry[0]] : undefined;
    // A malformed entry becomes a hole: that one site calls through untraced.
    out[i] = isSpec(spec) && entry !== undefined ? new Site(spec, file, entry[1], entry[2]) : (undefined as unknown as Site);
  }
  return out;
}
