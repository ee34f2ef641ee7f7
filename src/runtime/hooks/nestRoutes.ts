/**
 * Where a NestJS app's routes come from at run time. Nest registers every
 * controller route itself, inside `@nestjs/core` (`app.init()`, run by
 * `listen()`), on its HTTP adapter: `adapter.get(fullPath, handler)` with the
 * global prefix, the `RouterModule` path, the controller and method paths and,
 * for URI versioning, the version already joined (`/api/v1/users/:id`). No
 * user code is involved, so the hook installs the route noting on the app
 * returned by `NestFactory.create()`, before `init()` runs:
 *
 * - Fastify adapter (`adapter.getType() === 'fastify'`): an `onRequest` hook
 *   on the Fastify instance reads `request.routeOptions.url` (Fastify matched
 *   the route before any hook runs; a 404 has none). Nothing of Nest's is
 *   wrapped, and the route is known before Nest's middleware and guards.
 * - Express adapter (and any other): the adapter's route methods (`get`,
 *   `post`, … as Nest's RouterMethodFactory names them), as own properties of
 *   the adapter object, wrap the handler Nest passes so that it notes Express's
 *   `req.route.path` (the path the route was registered with; the registered
 *   path itself if the request object has none) before Nest's pipeline runs —
 *   guards included, so a guard's 403 carries the route. The wrapper keeps
 *   the handler's own properties (Nest's `version`) and the reflect-metadata
 *   Nest copies onto handlers (adapters read route config from it), as Nest's
 *   own handler wrapper does.
 *
 * Controllers, their methods and their decorator metadata are never touched.
 */
import { setRoute, mountedRoute } from '../server/route.js';
import { withBeforeCall } from '../server/beforeCall.js';

type Obj = Record<string, unknown>;
type Fn = (...args: any[]) => any;

/** The adapter method names Nest registers routes with (`RequestMethod` → method, Nest 12's `REQUEST_METHOD_MAP`). */
const ROUTE_METHODS = [
  'get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head', 'search',
  'propfind', 'proppatch', 'mkcol', 'copy', 'move', 'lock', 'unlock', 'query',
] as const;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null;
}

/** Adapters already set up: an app created twice on one adapter notes each route once. */
const prepared = new WeakSet<object>();

/** Installs route noting on a Nest HTTP adapter (`app.getHttpAdapter()`); a second call is a no-op. @internal */
export function noteNestRoutes(adapter: unknown): void {
  if (!isObject(adapter) || prepared.has(adapter)) return;
  prepared.add(adapter);
  const type = typeof adapter.getType === 'function' ? (adapter.getType as () => unknown)() : undefined;
  if (type === 'fastify' && noteFastifyRoutes(adapter)) return;
  wrapRouteMethods(adapter);
}

/** Fastify: `onRequest` reads the matched route's URL; false when the instance takes no hooks. */
function noteFastifyRoutes(adapter: Obj): boolean {
  const instance = typeof adapter.getInstance === 'function' ? (adapter.getInstance as () => unknown).call(adapter) : undefined;
  if (!isObject(instance) || typeof instance.addHook !== 'function') return false;
  try {
    (instance.addHook as Fn).call(instance, 'onRequest', noteFastifyRoute);
    return true;
  } catch {
    return false; // already listening: the routes are registered; wrapping their methods is too late as well
  }
}

/** A callback-style `onRequest` hook (three parameters: Fastify waits for `done`). */
function noteFastifyRoute(request: Obj, _reply: unknown, done: () => void): void {
  try {
    const raw = request.raw;
    const options = request.routeOptions;
    const url = isObject(options) ? options.url : undefined;
    if (isObject(raw) && typeof url === 'string' && url !== '') setRoute(raw, url);
  } catch {
    // Never in the way of the request.
  }
  done();
}

/** Express and other adapters: the route methods, as own properties of this adapter, wrap the handler they are given. */
function wrapRouteMethods(adapter: Obj): void {
  for (const name of ROUTE_METHODS) {
    const original = adapter[name];
    if (typeof original !== 'function') continue;
    const register = function (this: unknown, ...args: unknown[]): unknown {
      const last = args.length - 1;
      if (last >= 1 && typeof args[last] === 'function') {
        args[last] = routeNotingHandler(args[last] as Fn, typeof args[0] === 'string' ? args[0] : undefined);
      }
      return Reflect.apply(original as Fn, this, args);
    };
    Object.defineProperty(register, 'name', { value: (original as Fn).name, configurable: true });
    // A method of the adapter's class becomes an own property nobody enumerates; an own one keeps its attributes.
    const own = Object.getOwnPropertyDescriptor(adapter, name);
    Object.defineProperty(adapter, name, own !== undefined && 'value' in own
      ? { ...own, value: register }
      : { value: register, writable: true, configurable: true, enumerable: false });
  }
}

/** Nest's route handler `(req, res, next)`, noting `req.route.path` (else `registered`) first. */
function routeNotingHandler(handler: Fn, registered: string | undefined): Fn {
  const wrapped = withBeforeCall(handler, (_this, args) => {
    const req = args[0];
    if (!isObject(req)) return;
    const route = isObject(req.route) && typeof req.route.path === 'string' ? req.route.path : registered;
    const node = isObject(req.raw) ? req.raw : req; // Express's req is Node's; other adapters keep it on `raw`
    if (route !== undefined) setRoute(node, mountedRoute(node, route));
  });
  copyReflectMetadata(handler, wrapped);
  return wrapped;
}

/**
 * reflect-metadata keys and values of `from` defined on `to`, as Nest's own
 * `copyMetadataToCallback` does when it wraps handlers (metadata is keyed by
 * object identity, so a Proxy does not see its target's). A no-op without
 * reflect-metadata loaded.
 */
function copyReflectMetadata(from: object, to: object): void {
  const R = Reflect as unknown as {
    getMetadataKeys?: (target: object) => unknown[];
    getMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (typeof R.getMetadataKeys !== 'function' || typeof R.getMetadata !== 'function' || typeof R.defineMetadata !== 'function') return;
  try {
    for (const key of R.getMetadataKeys(from)) R.defineMetadata(key, R.getMetadata(key, from), to);
  } catch {
    // A metadata polyfill that refuses: the route still works, without its copied metadata.
  }
}
