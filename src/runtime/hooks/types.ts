import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { SpanSpec } from '../siteSpec.js';

/**
 * One instrumented call as a hook sees it. Created only when an SDK is
 * registered and the site's spec names a hook.
 */
export interface CallStart {
  /** The site's span spec (rule id, static name, kind, attributes). */
  readonly spec: SpanSpec;
  /** The receiver (`this`) of the call; `undefined` for plain calls. */
  readonly thisArg: unknown;
  /**
   * The property called on the receiver (`"get"` for `client.get(k)`, the
   * run-time value for `client[k](...)`); `undefined` for plain calls and
   * `new`. Lets one hook serve a rule matching many methods (`name: "*"`),
   * whose functions may be anonymous.
   */
  readonly key?: PropertyKey;
  /**
   * The arguments the callee will receive. A hook may replace elements (for
   * example a copied options object carrying `traceparent`), never mutate the
   * caller's objects.
   */
  args: unknown[];
  /** Span name used at start; a hook may overwrite it in `onStart`. */
  name: string;
  /** Attributes passed to `startSpan`; a hook may add to them in `onStart`. */
  attributes: Attributes;
  /**
   * A leaf (CLIENT/PRODUCER) site's call runs with tracing suppressed until its
   * span ends; `release()` ends that earlier, when the operation beneath is
   * over but the caller's code runs inside the span (HTTP response listeners).
   */
  suppression?: { release(): void };
}

/**
 * Runtime advice for one library family, referenced from rules by id
 * (`"hooks": "http"`). Every hook is called inside a try/catch by the runtime:
 * a throwing hook never reaches user code, and the span still ends.
 */
export interface Hooks {
  /** Before the span starts: compute name and attributes from the arguments. */
  onStart?(call: CallStart): void;
  /**
   * After the span started, before the callee runs: inject trace context.
   * `ctx` is the context carrying the new span.
   */
  onInject?(call: CallStart, ctx: Context): void;
  /**
   * The call returned (or its promise fulfilled, or its callback was called
   * without error). Return `true` to take over ending the span: the hook then
   * calls `end()` exactly once, later (e.g. when an HTTP response ends).
   */
  onResult?(span: Span, result: unknown, end: () => void, call: CallStart): boolean | void;
  /**
   * The call threw, its promise rejected, or its callback got an error.
   * Set attributes such as `error.type`. Return `false` when this is not an
   * error (an abort): the runtime then records no exception and leaves the
   * status unset.
   */
  onError?(span: Span, error: unknown, call: CallStart): boolean | void;
  /**
   * A metric recorded for each call whose span started (sampled or not), such
   * as `db.client.operation.duration` (see `metrics/operation.ts`).
   */
  metric?: CallMetric;
  /**
   * `result: "install"` sites (server roots such as `http.createServer(...)`,
   * `app.listen()`, `fastify()`): called once per call with the call's result
   * (a native promise's fulfilment value), whether or not an SDK is registered
   * yet, to install request handling on it. Opens no span of its own. Must be
   * idempotent per target and never throw (the runtime catches anyway).
   */
  install?(target: unknown, call: InstallCall): void;
  /**
   * `callback-arg` sites (route registrations, consumers): the value to pass in
   * place of the function argument `fn` — a wrapper that keeps `length`, `name`,
   * `this`, return value and sync/async-ness — or `fn` itself to leave it.
   * Called when the registering call runs, with or without an SDK.
   */
  wrapCallback?(fn: (...args: any[]) => any, call: CallbackCall): unknown;
}

/** What an `install` hook sees of the call whose result it installs on. */
export interface InstallCall {
  readonly spec: SpanSpec;
  /** The receiver (`app` of `app.listen()`); `undefined` for plain calls and `new`. */
  readonly thisArg: unknown;
  readonly args: readonly unknown[];
}

/** What a `wrapCallback` hook sees of the registering call. */
export interface CallbackCall {
  readonly spec: SpanSpec;
  /** Every argument of the registering call, as evaluated (`['/users/:id', h1, h2]`). */
  readonly args: readonly unknown[];
  /** Position of the function being wrapped in `args`. */
  readonly index: number;
  /** When the function is a property of an options argument (`{ callback }`), its key. */
  readonly property?: string;
}

/**
 * A metric measured from a span's start to its end. The runtime asks
 * {@link start} right after the span started and, when it answers, lets the
 * measurement end the span.
 */
export interface CallMetric {
  /**
   * A measurement of this call, or `undefined` when nothing is to be recorded
   * (no meter provider registered). Cheap in that case: it runs on every call.
   */
  start(span: Span, call: CallStart): CallMeasurement | undefined;
}

/** One call's measurement, from {@link CallMetric.start}. */
export interface CallMeasurement {
  /**
   * The span the call's hooks are given: `span` itself, or a stand-in that
   * forwards to it and keeps what the hooks set (`error.type`, ...) where the
   * span does not expose its attributes (not sampled).
   */
  readonly span: Span;
  /** Ends the span (exactly once) and records. Never throws. */
  end(): void;
}
