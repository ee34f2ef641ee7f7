/**
 * Request handling installed on a Node `http`/`https` server object, once per
 * server: a SERVER span per request (see requestSpan.ts). Framework install
 * hooks (Express, Koa, Fastify, Hono, Nest) call this with the `http.Server`
 * they reach.
 *
 * How: the server gets an own `emit` (non-enumerable, writable, configurable:
 * user code may still replace it) that wraps the events carrying a request —
 * `'request'`, and `'checkContinue'` / `'checkExpectation'`, which Node emits
 * instead of `'request'` when such listeners exist. So every request listener
 * — `createServer(listener)`'s and any added later with
 * `server.on('request', l)` — runs inside the request's span context; other
 * events (`'connection'`, `'upgrade'`, `'connect'`, ...) pass straight
 * through. Nothing is patched on a prototype, so other servers (and the
 * `http` module) are untouched.
 *
 * Per request, in this order:
 * 1. no tracer provider registered: the event is emitted as is (one global
 *    read more than the plain call);
 * 2. the request already has a span of ours (an event re-emitted from a
 *    `'checkContinue'` listener): emitted as is, in the context it runs in;
 * 3. `@opentelemetry/instrumentation-http` patched `Server.prototype.emit`
 *    (see officialHttp.ts): emitted as is, its span is the one;
 * 4. `url.path` matches `ignorePaths`: emitted as is, no span at all;
 * 5. otherwise our span. A listener that throws: the error continues to Node
 *    untouched (not even caught and rethrown), uncaught as without us, and
 *    the span ends with it recorded when it reaches the process (see
 *    `endOnUncaught`).
 */
import { context } from '@opentelemetry/api';
import { noSdk } from '../otelGlobal.js';
import { isShimmerWrapped } from './officialHttp.js';
import { splitTarget } from './requestAttributes.js';
import { endOnUncaught, hasRequestSpan, startRequestSpan } from './requestSpan.js';
import { serverSettings, type ServerSettings } from './serverOptions.js';

type EmitFn = (this: unknown, event: unknown, ...args: unknown[]) => unknown;

/** Servers this runtime copy installed on. */
const installed = new WeakSet<object>();
/**
 * Marks our `emit` wrappers, across runtime copies (two bundles of one
 * process each carrying the runtime): a server already wrapped by another
 * copy is not wrapped twice, so there is still one span per request.
 */
const WRAPPER_MARK: unique symbol = Symbol.for('tracewright.httpServer.emit') as never;

/** @internal Whether `event` carries a request (`(req, res)` follow). */
function isRequestEvent(event: unknown): boolean {
  return event === 'request' || event === 'checkContinue' || event === 'checkExpectation';
}

/** @internal A request event, traced (steps 2–5 of the module comment). */
function traceRequest(next: EmitFn, inherited: unknown, thisArg: unknown, args: IArguments, settings: ServerSettings): unknown {
  const req: unknown = args[1];
  const res: unknown = args[2];
  if (typeof req !== 'object' || req === null || typeof res !== 'object' || res === null || hasRequestSpan(req)) {
    return Reflect.apply(next, thisArg, args);
  }
  if (isShimmerWrapped(next) || isShimmerWrapped(inherited)) return Reflect.apply(next, thisArg, args);
  if (settings.ignore !== undefined && ignored(settings, req)) return Reflect.apply(next, thisArg, args);
  const started = startRequestSpan(req, res);
  if (started === undefined) return Reflect.apply(next, thisArg, args);
  // try/finally, not catch and rethrow: a rethrow would move the location Node
  // prints for an uncaught error from the user's throw to this line.
  let threw = true;
  try {
    const result = context.with(started.ctx, Reflect.apply, undefined, next, thisArg, args);
    threw = false;
    return result;
  } finally {
    if (threw) endOnUncaught(started.request);
  }
}

/** @internal Whether the request's path is one of `ignorePaths`. Never throws. */
function ignored(settings: ServerSettings, req: object): boolean {
  try {
    return settings.ignore !== undefined && settings.ignore(splitTarget((req as { url?: unknown }).url).path);
  } catch {
    return false;
  }
}

/**
 * Installs request handling on `server` (an `http.Server` or `https.Server`,
 * or anything emitting `'request'` with Node's `(req, res)`); a second call
 * for the same server is a no-op (its first options stay). `options` is the
 * site's `spec.o` (`{ ignorePaths?: string[] }`): framework install hooks pass
 * theirs. Works with or without an SDK registered (each request checks). Never throws.
 */
export function installHttpServer(server: object, options?: unknown): void {
  try {
    if (typeof server !== 'object' || server === null || installed.has(server)) return;
    const current = (server as { emit?: unknown }).emit;
    if (typeof current !== 'function' || (current as { [WRAPPER_MARK]?: unknown })[WRAPPER_MARK] === true) return;
    const own = Object.getOwnPropertyDescriptor(server, 'emit');
    if (own !== undefined && (own.configurable !== true || typeof own.value !== 'function')) return; // an accessor or a locked emit: leave it
    const ownEmit = own?.value as EmitFn | undefined;
    const proto = Object.getPrototypeOf(server) as { emit?: unknown } | null;
    if (ownEmit === undefined && (proto === null || typeof proto.emit !== 'function')) return;
    const settings = serverSettings(options);

    // The prototype's emit is looked up per event: a later patch of it (the
    // official instrumentation enabled after this install) is seen and deferred to.
    const emit = function emit(this: unknown, event: unknown): unknown {
      const inherited = proto === null ? undefined : proto.emit;
      const next = (ownEmit ?? inherited) as EmitFn;
      if (!isRequestEvent(event) || noSdk()) return Reflect.apply(next, this, arguments);
      return traceRequest(next, inherited, this, arguments, settings);
    };
    Object.defineProperty(emit, WRAPPER_MARK, { value: true });
    Object.defineProperty(server, 'emit', { value: emit, writable: true, configurable: true, enumerable: own?.enumerable ?? false });
    installed.add(server);
  } catch {
    // a frozen or exotic server: it runs untraced
  }
}
