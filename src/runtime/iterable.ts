/**
 * Iterators whose span ends when iteration ends: result mode `iterable`, and
 * `@span` generator functions (`spanGenerator`). Each `next`/`return`/`throw`
 * of the inner iterator runs inside the span's context, so work done lazily
 * while iterating is parented to the span (suppressed for a leaf: the next page
 * is the same operation). The consumer's loop body runs in its own context.
 */
import { context, type Context } from '@opentelemetry/api';
import type { CallRecord } from './record.js';
import { NOT_PROMISE, promiseKind } from './promise.js';

type Method = (this: unknown, value?: unknown) => unknown;
type IteratorLike = { next: Method; return?: Method; throw?: Method };

const callMethod = Function.prototype.call;
const promiseThen = Promise.prototype.then;

/** Calls `method` on `target` with `this === target`; `context.with` gets no closure. */
function invoke(method: Method, target: unknown, value: unknown): unknown {
  return callMethod.call(method, target, value);
}

/**
 * Wraps one iterator. The first of these ends the span: a step reporting
 * `done`, a `return()` that completes, a throw from any method (an error), or
 * a step that is not an object (an error, as the consumer will find).
 * `next` is read once, at wrapping time, as `for...of` and `yield*` do;
 * `return` and `throw` are read when called.
 * @internal
 */
abstract class TracedIterator {
  protected readonly inner: IteratorLike;
  private readonly nextMethod: Method;
  private readonly record: CallRecord;
  private readonly ctx: Context;
  private readonly isAsync: boolean;

  constructor(inner: IteratorLike, nextMethod: Method, record: CallRecord, ctx: Context, isAsync: boolean) {
    this.inner = inner;
    this.nextMethod = nextMethod;
    this.record = record;
    this.ctx = ctx;
    this.isAsync = isAsync;
  }

  next(value?: unknown): unknown {
    return this.step(this.nextMethod, value);
  }

  return(value?: unknown): unknown {
    let method: Method | undefined;
    try {
      method = this.inner.return ?? undefined;
    } catch (error) {
      return this.failed(error);
    }
    if (method === undefined) {
      // Nothing to close: the iteration is over as far as the consumer is concerned.
      this.record.succeed(undefined);
      const result = { value, done: true };
      return this.isAsync ? Promise.resolve(result) : result;
    }
    return this.step(method, value);
  }

  throw(error?: unknown): unknown {
    let method: Method | undefined;
    try {
      method = this.inner.throw ?? undefined;
    } catch (readError) {
      return this.failed(readError);
    }
    if (method === undefined) {
      // What `yield*` does for an iterator without `throw`: close it, then a TypeError.
      try {
        const close = this.inner.return;
        if (typeof close === 'function') invoke(close, this.inner, undefined);
      } catch {
        // the TypeError below is what the consumer sees
      }
      return this.failed(new TypeError("The iterator does not provide a 'throw' method"));
    }
    return this.step(method, error);
  }

  private failed(error: unknown): unknown {
    this.record.fail(error);
    if (this.isAsync) return Promise.reject(error);
    throw error;
  }

  private step(method: Method, value: unknown): unknown {
    let result: unknown;
    try {
      result = context.with(this.ctx, invoke, undefined, method, this.inner, value);
    } catch (error) {
      this.record.fail(error);
      throw error;
    }
    if (promiseKind(result) === NOT_PROMISE) return this.settle(result);
    // An async step: a native promise for the step result, settling alike.
    return promiseThen.call(
      result as Promise<unknown>,
      (step) => this.settle(step),
      (error: unknown) => {
        this.record.fail(error);
        throw error;
      },
    );
  }

  private settle(step: unknown): unknown {
    if ((typeof step !== 'object' && typeof step !== 'function') || step === null) {
      this.record.fail(new TypeError(`Iterator result ${String(step)} is not an object`));
      return step;
    }
    let done: unknown;
    try {
      done = (step as { done?: unknown }).done;
    } catch (error) {
      this.record.fail(error);
      throw error;
    }
    if (done) this.record.succeed(step);
    return step;
  }
}

/** @internal A traced sync iterator (iterable: returns itself). */
export class TracedSyncIterator extends TracedIterator {
  [Symbol.iterator](): this {
    return this;
  }
}

/** @internal A traced async iterator (async iterable: returns itself). */
export class TracedAsyncIterator extends TracedIterator {
  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Wrap an iterator (`next` is a function): async when `isAsync` says so, or by
 * default when it is an async iterable (has `Symbol.asyncIterator`).
 * @internal
 */
export function traceIterator(iterator: object, record: CallRecord, ctx: Context, isAsync?: boolean): object {
  const it = iterator as IteratorLike & { [Symbol.asyncIterator]?: unknown };
  const next = it.next;
  const asyncIterator = isAsync ?? typeof it[Symbol.asyncIterator] === 'function';
  return asyncIterator
    ? new TracedAsyncIterator(it, next, record, ctx, true)
    : new TracedSyncIterator(it, next, record, ctx, false);
}

/** The iterable half of `traceIterableValue`: wrap each iterator it hands out. */
function traceIterable(iterable: object, factory: Method, record: CallRecord, ctx: Context, isAsync: boolean): object {
  const open = (): object => {
    try {
      return traceIterator(callMethod.call(factory, iterable) as object, record, ctx, isAsync);
    } catch (error) {
      record.fail(error);
      throw error;
    }
  };
  return isAsync ? { [Symbol.asyncIterator]: open } : { [Symbol.iterator]: open };
}

/**
 * The `iterable` result mode for a value that is not a promise. Iterators are
 * wrapped directly; iterables that are not iterators (arrays, streams) become
 * an iterable whose iterator is wrapped when iteration starts. Anything else
 * ends the span now and is returned unchanged.
 *
 * Identity changes in this mode: the caller gets the wrapper, which has only
 * the iteration protocol (`next`/`return`/`throw` and the iterator symbol), not
 * the original's other members. Rules use `iterable` only for results that
 * are consumed by iterating. A wrapper that is never iterated to its end (and
 * never `return`ed) never ends its span.
 * @internal
 */
export function traceIterableValue(value: unknown, record: CallRecord, ctx: Context): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) {
    record.succeed(value);
    return value;
  }
  try {
    const v = value as { next?: unknown; [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown };
    if (typeof v.next === 'function') return traceIterator(v, record, ctx);
    const asyncFactory = v[Symbol.asyncIterator];
    if (typeof asyncFactory === 'function') return traceIterable(value, asyncFactory as Method, record, ctx, true);
    const syncFactory = v[Symbol.iterator];
    if (typeof syncFactory === 'function') return traceIterable(value, syncFactory as Method, record, ctx, false);
  } catch {
    // a throwing getter on the result: leave it alone
  }
  record.succeed(value);
  return value;
}
