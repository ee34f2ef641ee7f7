/**
 * The wrappers the Express hook puts in place of registered functions. All are
 * Proxies of the original: `length` (Express tells error handlers by arity 4),
 * `name`, own properties, the prototype (an `AsyncFunction` stays one) are the
 * original's; the call passes `this` and the arguments through and returns
 * what the original returns (sync stays sync, a promise is the same promise).
 *
 * - route handlers (`app.get(p, h)`, `router.post(p, h)`, `app.route(p).put(h)`):
 *   record the route template, then call through;
 * - routers and sub-apps mounted with a path (`app.use('/v1', router)`): enter
 *   the mount for the time the request is inside (expressMounts.ts). A sub-app
 *   is entered through its `handle` (Express calls `fn.handle(req, res, cb)` on
 *   functions with `handle` and `set`), a router through the call;
 * - plain middleware: only wrapped for handler spans.
 */
import { noSdk } from '../otelGlobal.js';
import { enterMount, leaveMount, recordRoute, templateOf, type MountEntry } from './expressMounts.js';
import { callInHandlerSpan } from './expressSpans.js';

type Fn = (...args: any[]) => any;

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** A route handler that records its route (`path`: the path it was registered with, if any). @internal */
export function routeHandler(fn: Fn, path: unknown, spans: boolean): Fn {
  return new Proxy(fn, {
    apply(target, thisArg, args: unknown[]) {
      // Express calls request handlers with (req, res, next), error handlers with (err, req, res, next).
      const req = args[args.length >= 4 ? 1 : 0];
      if (!isObject(req)) return Reflect.apply(target, thisArg, args);
      try {
        recordRoute(req, path);
      } catch {
        // never into user code
      }
      if (!spans || noSdk()) return Reflect.apply(target, thisArg, args);
      return callInHandlerSpan(target, thisArg, args, 'request_handler', routeTemplateFor(req, path));
    },
  });
}

/** The template just recorded, for the handler span's name. */
function routeTemplateFor(req: object, path: unknown): string | undefined {
  const route = (req as { route?: { path?: unknown } }).route;
  return templateOf(route?.path ?? path);
}

/** Plain middleware in an INTERNAL span of its own. @internal */
export function middlewareInSpan(fn: Fn): Fn {
  return new Proxy(fn, {
    apply(target, thisArg, args: unknown[]) {
      if (noSdk()) return Reflect.apply(target, thisArg, args);
      return callInHandlerSpan(target, thisArg, args, 'middleware', undefined);
    },
  });
}

/** Whether `fn` is an Express application (what `app.use` mounts through `handle`). @internal */
export function isApplication(fn: Fn): boolean {
  const f = fn as unknown as { handle?: unknown; set?: unknown };
  return typeof f.handle === 'function' && typeof f.set === 'function';
}

/** Whether `fn` is an Express router (a function with its layer `stack`). @internal */
export function isRouter(fn: Fn): boolean {
  const f = fn as unknown as { handle?: unknown; stack?: unknown };
  return typeof f.handle === 'function' && Array.isArray(f.stack);
}

/** Wraps the callback the request leaves a mount through so that it leaves the mount first. */
function leavingThrough(req: object, entry: MountEntry, next: Fn): Fn {
  return function leaveMountThen(this: unknown) {
    leaveMount(req, entry);
    return Reflect.apply(next, this, arguments as unknown as unknown[]);
  };
}

/**
 * Runs `call` with the request inside the mount at `template` (the callback at
 * `args[nextAt]` leaves it); a synchronous throw leaves it too.
 */
function insideMount(req: object, template: string | undefined, args: unknown[], nextAt: number, call: () => unknown): unknown {
  let entry: MountEntry;
  try {
    entry = enterMount(req, template);
    args[nextAt] = leavingThrough(req, entry, args[nextAt] as Fn);
  } catch {
    return call();
  }
  try {
    return call();
  } catch (error) {
    leaveMount(req, entry);
    throw error;
  }
}

/**
 * A router or sub-app mounted at `path` (as given to `use`: a string, a RegExp,
 * an array). The request is inside the mount from the call (router) or the
 * `handle` call (sub-app) until the callback Express passed is called.
 * @internal
 */
export function mountedRouter(fn: Fn, path: unknown): Fn {
  const template = templateOf(path);
  const mountedAt = template !== undefined && !(path instanceof RegExp) ? template : undefined;
  let handle: Fn | undefined;
  let originalHandle: unknown;
  return new Proxy(fn, {
    apply(target, thisArg, args: unknown[]) {
      const req = args[0];
      if (args.length !== 3 || !isObject(req) || typeof args[2] !== 'function') return Reflect.apply(target, thisArg, args);
      return insideMount(req, mountedAt, args, 2, () => Reflect.apply(target, thisArg, args));
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'handle' || typeof value !== 'function' || !isApplication(target)) return value;
      const own = Object.getOwnPropertyDescriptor(target, key);
      if (own !== undefined && !own.configurable && !own.writable) return value; // a Proxy must report a frozen value as is
      if (handle === undefined || originalHandle !== value) {
        originalHandle = value;
        const appHandle = value as Fn;
        handle = function handle(this: unknown, req: unknown, res: unknown, callback: unknown) {
          const args = Array.prototype.slice.call(arguments) as unknown[];
          if (!isObject(req) || typeof callback !== 'function') return Reflect.apply(appHandle, this, args);
          return insideMount(req, mountedAt, args, 2, () => Reflect.apply(appHandle, this, args));
        };
      }
      return handle;
    },
  });
}
