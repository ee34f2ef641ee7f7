/**
 * How a started span ends: success or failure, exactly once, with the hooks'
 * say. Calls that need no per-call state (no hook, no callback, no iterable)
 * pass `record === undefined` and the span is ended directly. A hook's metric
 * (`db.client.operation.duration`, see metrics/operation.ts) is measured from
 * the record's creation, right after the span started, to the span's end here.
 */
import type { Span } from '@opentelemetry/api';
import type { CallMeasurement, CallMetric, CallStart, Hooks } from './hooks/types.js';
import { recordError } from './errors.js';
import { endSpan } from './tracer.js';

/**
 * Per-call state of a span whose end is not decided by one code path: hooked
 * calls (a hook may take over ending), callbacks and iterables (the end comes
 * later, maybe from several places). The first outcome wins; `end` is
 * idempotent, so a hook calling it twice, or after a failure, is harmless.
 * @internal
 */
export class CallRecord {
  /** Ends the span once; handed to `onResult` when a hook takes over. */
  readonly end: () => void;
  /** The span the hooks see (a metric's measurement may stand in for it, see metrics/operation.ts). */
  readonly span: Span;
  private settled = false;

  constructor(
    span: Span,
    readonly hooks: Hooks | undefined,
    readonly call: CallStart | undefined,
  ) {
    const measurement = hooks?.metric !== undefined && call !== undefined ? startMeasurement(hooks.metric, span, call) : undefined;
    this.span = measurement === undefined ? span : measurement.span;
    let ended = false;
    this.end = () => {
      if (ended) return;
      ended = true;
      if (measurement === undefined) endSpan(span);
      else endMeasured(span, measurement);
    };
  }

  /** The call produced `value` (returned, fulfilled, called back, completed). */
  succeed(value: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const hooks = this.hooks;
    if (hooks !== undefined && typeof hooks.onResult === 'function') {
      let takesOver = false;
      try {
        takesOver = hooks.onResult(this.span, value, this.end, this.call as CallStart) === true;
      } catch {
        takesOver = false; // a throwing hook never reaches user code; the span ends now
      }
      if (takesOver) return;
    }
    this.end();
  }

  /** The call failed with `error` (threw, rejected, called back with an error). */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    recordError(this.span, error, this.hooks, this.call);
    this.end();
  }
}

/** @internal A hook's metric measurement of this call, if it records one; never throws. */
function startMeasurement(metric: CallMetric, span: Span, call: CallStart): CallMeasurement | undefined {
  try {
    return metric.start(span, call);
  } catch {
    return undefined; // a broken metric never stops the call, nor its span
  }
}

/** @internal The measurement ends the span and records; if it throws, the span still ends. */
function endMeasured(span: Span, measurement: CallMeasurement): void {
  try {
    measurement.end();
  } catch {
    endSpan(span);
  }
}

/** @internal Success: through the record when there is one, else end now. */
export function settleOk(span: Span, record: CallRecord | undefined, value: unknown): void {
  if (record === undefined) endSpan(span);
  else record.succeed(value);
}

/** @internal Failure: through the record when there is one, else record and end now. */
export function settleError(span: Span, record: CallRecord | undefined, error: unknown): void {
  if (record === undefined) {
    recordError(span, error, undefined, undefined);
    endSpan(span);
  } else {
    record.fail(error);
  }
}
