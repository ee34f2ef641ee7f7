/**
 * Route templates read from a framework's own request state when the request
 * ends, for requests whose route no wrapped registration in user code named
 * (routes registered inside `node_modules`, e.g. by Nest on Express). The
 * server span asks {@link fallbackRoute} only when {@link routeOf} has
 * nothing; framework hook entries add their reader once.
 */

/** Reads a route template from a request object, or `undefined`. Must not throw (a throw counts as `undefined`). */
export type RouteReader = (req: object) => string | undefined;

const readers: RouteReader[] = [];

/** Adds `reader` (once: adding the same function again is a no-op). */
export function addRouteFallback(reader: RouteReader): void {
  if (!readers.includes(reader)) readers.push(reader);
}

/** The first template a registered reader finds for `req`, or `undefined`. Never throws. */
export function fallbackRoute(req: object): string | undefined {
  for (const reader of readers) {
    try {
      const template = reader(req);
      if (typeof template === 'string' && template !== '') return template;
    } catch {
      // A reader meeting an unexpected request shape names no route.
    }
  }
  return undefined;
}
