/**
 * The span of a `pg` submittable: `client.query(new Query(...))` or
 * `client.query(new Cursor(...))` (`pg-cursor`) returns the submittable itself,
 * and the operation goes on after the call: a cursor until it is closed or
 * exhausted, a `Query` until its `end`/`error`. The span ends then, not when
 * `client.query` returns.
 *
 * The client drives a submittable through pg's Submittable interface
 * (`handleRowDescription`, `handleDataRow`, ..., `handleReadyForQuery`,
 * `handleError`): ready-for-query is the end of the operation (a cursor gets it
 * once closed or exhausted, after its portal is closed), an error report ends
 * it with that error (SQLSTATE through the pg hook's `onError`). While the span
 * is open those methods are wrapped by own properties of the submittable
 * (non-enumerable, unless they replace an own enumerable method), removed again (the prototype's methods, or the submittable's own
 * ones, restored) when the span ends; nothing is wrapped on a submittable that
 * cannot take them (frozen): its span then ends at return, as before. A cursor
 * closed before the client submitted it never hears from the server: its span
 * ends at `close()`.
 *
 * Everything the submittable does for its user from those methods (`row`,
 * `end` and `error` events, a `Query`'s callback, a cursor's read callbacks,
 * which it schedules from them) runs in the context that was active around
 * `client.query`, never under the leaf's suppression, which is released when
 * `client.query` returns: what the client does later happens on its socket.
 */
import { context, type Context, type Span } from '@opentelemetry/api';
import { recordError } from '../errors.js';
import type { CallStart, Hooks } from './types.js';
import { isObj, type Obj } from './dbSpan.js';

/** The Submittable interface methods pg's client calls (those a submittable lacks are skipped). */
const PROTOCOL = [
  'handleRowDescription',
  'handleDataRow',
  'handlePortalSuspended',
  'handleCommandComplete',
  'handleEmptyQuery',
  'handleCopyInResponse',
  'handleCopyData',
  'handleReadyForQuery',
  'handleError',
] as const;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** One submittable between `client.query` returning it and the end of its span. */
class Watch {
  private done = false;
  /** What each wrapped name held before: an own property's descriptor, or undefined (the prototype's). */
  private readonly saved = new Map<string, PropertyDescriptor | undefined>();

  constructor(
    private readonly target: Obj,
    private readonly span: Span,
    private readonly end: () => void,
    private readonly call: CallStart,
    private readonly hooks: Hooks,
    private readonly caller: Context,
  ) {}

  /** Wraps the protocol methods (and `close`); false when the submittable cannot take them. */
  install(): boolean {
    try {
      for (const name of [...PROTOCOL, 'close']) {
        const original = this.target[name];
        if (typeof original !== 'function') continue;
        const own = Object.getOwnPropertyDescriptor(this.target, name);
        this.saved.set(name, own);
        // an own method stays as enumerable as it was; one from the prototype is shadowed invisibly
        Object.defineProperty(this.target, name, { value: this.wrap(name, original as Method), writable: true, configurable: true, enumerable: own?.enumerable ?? false });
      }
      if (this.saved.has('handleReadyForQuery') && this.saved.has('handleError')) return true;
    } catch {
      // frozen, or a throwing getter: restored below, the span ends at return
    }
    this.restore(); // not a submittable whose end can be seen
    return false;
  }

  private wrap(name: string, original: Method): Method {
    const watch = this;
    if (name === 'close') {
      // the user's call: it keeps the user's context
      return function (this: unknown, ...args: unknown[]): unknown {
        watch.observe(name, this, args);
        return original.apply(this, args);
      };
    }
    return function (this: unknown, ...args: unknown[]): unknown {
      watch.observe(name, this, args);
      return context.with(watch.caller, original, this, ...args);
    };
  }

  /** What a protocol call says about the operation, before the submittable handles it. */
  private observe(name: string, self: unknown, args: unknown[]): void {
    if (this.done) return;
    try {
      // (a Query that failed parsing a row reports that error instead of the server's)
      if (name === 'handleError') this.finish(true, (isObj(self) && self._canceledDueToError) || args[0]);
      // a Query that failed parsing a row reports that error from its handleReadyForQuery
      else if (name === 'handleReadyForQuery' && !(isObj(self) && self._canceledDueToError)) this.finish(false);
      // closed before the client submitted it: no server message will come
      else if (name === 'close' && isObj(self) && self.connection == null) this.finish(false);
    } catch {
      // a hostile submittable: telemetry never breaks the query
    }
  }

  private finish(failed: boolean, error?: unknown): void {
    if (this.done) return;
    this.done = true;
    this.restore();
    if (failed) recordError(this.span, error, this.hooks, this.call);
    this.end();
  }

  private restore(): void {
    for (const [name, descriptor] of this.saved) {
      try {
        if (descriptor === undefined) delete this.target[name];
        else Object.defineProperty(this.target, name, descriptor);
      } catch {
        // nothing better to do: the wrapper only forwards once the span ended
      }
    }
    this.saved.clear();
  }
}

/**
 * `onResult` of `client.query(submittable)`: when the call returned the
 * submittable it was given, takes over ending the span (returns true).
 * @internal
 */
export function submittableResult(span: Span, result: unknown, end: () => void, call: CallStart, hooks: Hooks): boolean {
  if (!isObj(result) || result !== call.args[0] || typeof result.submit !== 'function') return false;
  call.suppression?.release();
  return new Watch(result, span, end, call, hooks, context.active()).install();
}
