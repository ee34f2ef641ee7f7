/**
 * Finding the OpenTelemetry globals cheaply: the no-SDK test of the hot path.
 */
import type { ContextManager } from '@opentelemetry/api';

/**
 * Where `@opentelemetry/api` (any 1.x copy) registers its globals.
 * @internal
 */
export const API_KEY: unique symbol = Symbol.for('opentelemetry.js.api.1') as never;
/**
 * The OpenTelemetry globals object, as far as the runtime reads it: the
 * registered tracer provider (the API's proxy), context manager and meter
 * provider (registered as is: the metrics API has no proxy).
 * @internal
 */
export type OtelApiGlobal = { trace?: unknown; context?: ContextManager; metrics?: unknown };
/** @internal The slice of `globalThis` the runtime reads. */
export type OtelGlobals = { [API_KEY]?: OtelApiGlobal };
const G = globalThis as unknown as OtelGlobals;

/**
 * How the runtime learns whether an SDK is registered, cheaply.
 *
 * Reading a property that does not exist on the global object is slow in V8
 * (about 8–12 ns: no inline cache for misses on the dictionary-mode global),
 * and that miss would be the whole cost of an instrumented call when no SDK is
 * registered. So while the OpenTelemetry globals object does not exist yet,
 * the runtime watches its slot: an accessor that stores what the API assigns
 * (`_global[KEY] = _global[KEY] ?? { version }`, the only way the API creates
 * it) and at once turns itself back into the plain data property the API
 * expects. The hot path then reads `watch.api`, a field of an ordinary object.
 *
 * Only the property's shape differs while watching (`KEY in globalThis` is
 * true, the value still `undefined`). If the slot already exists at load time,
 * or the global cannot be extended, the runtime reads `globalThis[KEY]`
 * directly. If something deletes or redefines the accessor, a recheck every
 * {@link RECHECK_EVERY} untraced calls notices and falls back to direct reads.
 * @internal
 */
export interface OtelWatch {
  /** True while the accessor is installed and authoritative. */
  watching: boolean;
  /** What the API assigned to the slot (while watching). */
  api: OtelApiGlobal | undefined;
  /** Untraced calls left before the next {@link recheckWatch}. */
  countdown: number;
}

/** @internal */
export const RECHECK_EVERY = 1024;

/** @internal The one watch of this runtime copy. */
export const watch: OtelWatch = { watching: false, api: undefined, countdown: RECHECK_EVERY };

function readWatched(): OtelApiGlobal | undefined {
  return watch.api;
}

function writeWatched(value: OtelApiGlobal | undefined): void {
  watch.api = value;
  try {
    Object.defineProperty(G, API_KEY, { value, writable: true, enumerable: true, configurable: true });
    watch.watching = false;
  } catch {
    // A frozen global: keep serving the value through the accessor.
  }
}

function installWatch(): void {
  // Present already (an SDK or the API loaded first, or another runtime copy watches it).
  if (Object.getOwnPropertyDescriptor(G, API_KEY) !== undefined) return;
  try {
    Object.defineProperty(G, API_KEY, { get: readWatched, set: writeWatched, enumerable: true, configurable: true });
    watch.watching = true;
  } catch {
    // A non-extensible global: read the slot directly.
  }
}
installWatch();

/**
 * Called every {@link RECHECK_EVERY} untraced calls while watching: if the
 * accessor is gone (deleted, redefined), stop watching and read directly.
 * @internal
 */
export function recheckWatch(): OtelApiGlobal | undefined {
  watch.countdown = RECHECK_EVERY;
  const descriptor = Object.getOwnPropertyDescriptor(G, API_KEY);
  if (descriptor !== undefined && descriptor.get === readWatched) return watch.api;
  watch.watching = false;
  return G[API_KEY];
}

/**
 * The OpenTelemetry globals object, or `undefined` when none exists.
 * @internal
 */
export function otelGlobal(): OtelApiGlobal | undefined {
  if (!watch.watching) return G[API_KEY];
  if (watch.api !== undefined || --watch.countdown > 0) return watch.api;
  return recheckWatch();
}

/**
 * True when no tracer provider is registered: the instrumented call then runs
 * directly, with no context work and no span. Skipping the context is safe:
 * with no provider, a span would be a no-op that only carries its parent.
 * (invoke.ts repeats this test inline, see there.)
 * @internal
 */
export function noSdk(): boolean {
  const api = otelGlobal();
  return api === undefined || api.trace === undefined;
}
