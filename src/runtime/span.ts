/**
 * `@span` functions. Their bodies move into an arrow (`span`) or an inner
 * generator (`spanGenerator`) so that `this` and `arguments` keep working.
 */
import { noSdk } from './otelGlobal.js';
import { startSpan, started } from './tracer.js';
import type { Site } from './sites.js';
import { CallRecord } from './record.js';
import { traceIterator } from './iterable.js';
import { call0 } from './invoke.js';

/**
 * `/** @span *\/ function f() { body }` → `function f() { return span(S, () => { body }); }`
 * (or `async () => ...` for an async function). The body runs inside the
 * span's context; the span ends as for a call in `auto` mode: at return, on a
 * throw, or when the async body's promise settles (a derived promise is
 * returned, settling alike).
 */
export function span<R>(site: Site, body: () => R): R {
  return call0(site, body, undefined) as R;
}

/**
 * `/** @span *\/ function* g() { body }` →
 * `function* g() { return yield* spanGenerator(S, function* () { body }.apply(this, arguments)); }`
 * (likewise for `async function*`). Called when the generator is first
 * resumed; returns an iterator (async if `iterator` is an async iterable)
 * that runs each `next`/`throw`/`return` of the body inside the span's
 * context and ends the span once: on completion (the return value flows
 * through `yield*`), on `return()`, or on a throw. With no SDK the body's own
 * iterator is returned.
 */
export function spanGenerator<T extends object>(site: Site, iterator: T): T {
  if (noSdk() || site === undefined) return iterator;
  try {
    if (typeof (iterator as { next?: unknown }).next !== 'function') return iterator;
  } catch {
    return iterator;
  }
  const span = startSpan(site.name, site.options, site.leaf);
  if (span === undefined) return iterator;
  return traceIterator(iterator, new CallRecord(span, undefined, undefined), started.run) as T;
}
