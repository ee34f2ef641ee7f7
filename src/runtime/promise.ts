/**
 * Promise results. A plain native promise is replaced by a derived native
 * promise that settles the same way (like Node's `TracingChannel.tracePromise`
 * and the official instrumentations), so Node's unhandled-rejection behaviour
 * is exactly as without instrumentation. Other promises keep their identity
 * and are only observed. Nothing else is ever probed for `then`.
 */
import type { Span } from '@opentelemetry/api';
import { settleError, settleOk, type CallRecord } from './record.js';

const PromisePrototype = Promise.prototype;
// The intrinsic `then`, as `await` uses it: a patched or overridden `then`
// (lazy thenables, subclasses) is never called by the runtime.
const promiseThen = PromisePrototype.then;

/** @internal Not a native promise: never probed, the span ends at return. */
export const NOT_PROMISE = 0;
/** @internal Prototype `Promise.prototype` and no own string-keyed property. */
export const PLAIN_PROMISE = 1;
/** @internal A subclass instance, or a promise carrying own properties (hybrid). */
export const OTHER_PROMISE = 2;

/**
 * Classify a call's result without reading any of its properties: only its
 * prototype chain and own keys are inspected (a Proxy's traps for those may
 * run; a throwing trap means "not a promise").
 *
 * Own *symbol* keys are ignored: on Node ≤ 22, `async_hooks` and
 * `AsyncLocalStorage` put bookkeeping symbols on every promise, which the
 * SDK's context manager enables. Hybrid objects (cancelable promises and the
 * like) carry string-keyed members, which this check sees.
 * @internal
 */
export function promiseKind(value: unknown): number {
  if (typeof value !== 'object' || value === null) return NOT_PROMISE;
  try {
    if (Object.getPrototypeOf(value) === PromisePrototype) {
      return Object.getOwnPropertyNames(value).length === 0 ? PLAIN_PROMISE : OTHER_PROMISE;
    }
    return value instanceof Promise ? OTHER_PROMISE : NOT_PROMISE;
  } catch {
    return NOT_PROMISE;
  }
}

/**
 * A derived native promise settling with `promise`'s value or reason (the same
 * object), ending the span first. `promise` itself becomes handled; the
 * derived one rejects exactly when it did, so an unhandled rejection is
 * reported for the derived promise with the same reason, and a handled one is
 * not reported at all. Only the promise's identity changes.
 * @internal
 */
export function derivePromise(promise: Promise<unknown>, span: Span, record: CallRecord | undefined): Promise<unknown> {
  return promiseThen.call(
    promise,
    (value) => {
      settleOk(span, record, value);
      return value;
    },
    (error: unknown) => {
      settleError(span, record, error);
      throw error;
    },
  );
}

/**
 * Observe a promise that must keep its identity (a subclass or a hybrid): the
 * span ends when it settles, and the caller gets the very same object.
 *
 * Caveat: the observer's handlers do not rethrow (rethrowing would add an
 * unhandled rejection of our own), and attaching them marks the promise as
 * handled. So if the caller never handles such a promise and it rejects,
 * Node's unhandled-rejection report for it is hidden. Plain native promises
 * (the common case) do not have this caveat: they are derived instead.
 * @internal
 */
export function observePromise(promise: Promise<unknown>, span: Span, record: CallRecord | undefined): void {
  promiseThen.call(
    promise,
    (value) => settleOk(span, record, value),
    (error: unknown) => settleError(span, record, error),
  );
}
