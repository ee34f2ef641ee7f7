/**
 * Whether `@opentelemetry/instrumentation-http` (or another runtime
 * instrumentation built the same way) makes the SERVER spans of a server: it
 * patches `http.Server.prototype.emit` / `https.Server.prototype.emit` with
 * shimmer, which marks the wrapper (`__wrapped: true`, `__original`,
 * `__unwrap`). Asked per request, because that patch may come after our
 * install (an SDK started after the app's modules loaded) or be undone
 * (`disable()` unwraps, and the marks go with the wrapper).
 *
 * When it is there we defer: no span of ours, the request runs through its
 * wrapper, and `setRoute` reaches its span through the RPC metadata it puts
 * in the context (see route.ts). Exactly one SERVER span either way.
 */

/** @internal Whether `fn` is a shimmer wrapper. Never throws. */
export function isShimmerWrapped(fn: unknown): boolean {
  if (typeof fn !== 'function') return false;
  try {
    const marked = fn as { __wrapped?: unknown; __original?: unknown };
    return marked.__wrapped === true && typeof marked.__original === 'function';
  } catch {
    return false;
  }
}
