/**
 * What happens to a call's result once the callee returned: the result mode
 * decides when the span ends and whether the caller gets the value itself or
 * a derived promise / traced iterator.
 */
import type { Context, Span } from '@opentelemetry/api';
import { MODE_ITERABLE, MODE_SYNC, type Mode } from './sites.js';
import { settleError, settleOk, type CallRecord } from './record.js';
import { derivePromise, NOT_PROMISE, observePromise, PLAIN_PROMISE, promiseKind } from './promise.js';
import { traceIterableValue } from './iterable.js';

const promiseThen = Promise.prototype.then;

/**
 * `auto` (and `promise`): a plain native promise is replaced by a derived one,
 * another promise is observed and returned as is, anything else ends the span
 * now and is returned untouched (never probed for `then`).
 * @internal
 */
export function completeAuto(span: Span, record: CallRecord | undefined, result: unknown): unknown {
  const kind = promiseKind(result);
  if (kind === NOT_PROMISE) {
    settleOk(span, record, result);
    return result;
  }
  try {
    if (kind === PLAIN_PROMISE) return derivePromise(result as Promise<unknown>, span, record);
    observePromise(result as Promise<unknown>, span, record);
  } catch {
    // Not really a promise after all (e.g. a Proxy whose prototype is Promise.prototype).
    settleOk(span, record, result);
  }
  return result;
}

/**
 * Settle a returned result according to `mode`. `ctx` is the context the
 * callee ran in (the span's, suppressed for a leaf site), used by the
 * `iterable` mode to run each step in it.
 * @internal
 */
export function complete(mode: Mode, span: Span, record: CallRecord | undefined, result: unknown, ctx: Context): unknown {
  if (mode === MODE_SYNC) {
    settleOk(span, record, result);
    return result;
  }
  if (mode === MODE_ITERABLE && record !== undefined) return completeIterable(span, record, result, ctx);
  return completeAuto(span, record, result);
}

/**
 * `iterable`: a plain native promise is derived so that it fulfils with the
 * traced iterable; another promise is observed (the span ends when it
 * settles, its value is not wrapped); any other value is wrapped.
 */
function completeIterable(span: Span, record: CallRecord, result: unknown, ctx: Context): unknown {
  const kind = promiseKind(result);
  if (kind === NOT_PROMISE) return traceIterableValue(result, record, ctx);
  try {
    if (kind === PLAIN_PROMISE) {
      return promiseThen.call(
        result as Promise<unknown>,
        (value) => traceIterableValue(value, record, ctx),
        (error: unknown) => {
          settleError(span, record, error);
          throw error;
        },
      );
    }
    observePromise(result as Promise<unknown>, span, record);
  } catch {
    settleOk(span, record, result);
  }
  return result;
}
