/**
 * Where an Express request is: the mount templates of the routers and sub-apps
 * it is inside (`app.use('/users/:id', router)`), so a route handler deep in
 * nested routers, registered in another file, records the full template
 * (`/users/:id/posts/:postId`).
 *
 * A mounted router pushes its template when the request enters it and pops it
 * when the router calls `next` out (a request that is answered inside never
 * leaves; its state goes with the request). Beside each template this module
 * keeps the concrete `req.baseUrl` Express set on entry: a route handler only
 * records a template when the innermost entry's `baseUrl` is the request's
 * `baseUrl` now, and a mount only counts when the part of `baseUrl` it added
 * fits its template. A router mounted where no wrapper saw it (by code in
 * `node_modules`, or through a path array) therefore makes its routes carry no
 * route rather than a wrong, shortened one.
 */
import { mountedRoute, popMount, pushMount, setRoute } from '../server/route.js';

/** One router or sub-app the request is inside. @internal */
export interface MountEntry {
  /** `req.baseUrl` when the request entered (concrete: `/users/42`). */
  readonly base: string;
  /** Whether the template is known and fits `base`. */
  readonly known: boolean;
}

/** The request's entries, outermost first; parallel to route.ts's mount prefixes. */
const stacks = new WeakMap<object, MountEntry[]>();

/** An Express request: Node's `IncomingMessage` with Express's fields. @internal */
export interface ExpressRequest {
  baseUrl?: unknown;
  route?: { path?: unknown } | undefined;
}

function baseUrlOf(req: ExpressRequest): string {
  return typeof req.baseUrl === 'string' ? req.baseUrl : '';
}

/**
 * A path as given to Express (`'/users/:id'`, a RegExp, an array of paths) as
 * a route template: a string as is, a RegExp as its source text (as the
 * official instrumentation writes it), anything else (a path array: which one
 * matched is not known) `undefined`.
 * @internal
 */
export function templateOf(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path) && path.length === 1) return templateOf(path[0]);
  return undefined;
}

/** The request enters a router or sub-app mounted at `template` (`undefined`: unknown). @internal */
export function enterMount(req: object, template: string | undefined): MountEntry {
  const base = baseUrlOf(req as ExpressRequest);
  let entries = stacks.get(req);
  if (entries === undefined) stacks.set(req, (entries = []));
  const parent = entries.length === 0 ? '' : entries[entries.length - 1]!.base;
  const known = template !== undefined && fits(template, base, parent);
  const entry: MountEntry = { base, known };
  entries.push(entry);
  pushMount(req, known ? template : '');
  return entry;
}

/** The request leaves the router `entry` stands for (and any entry left above it by a router that never called out). @internal */
export function leaveMount(req: object, entry: MountEntry): void {
  const entries = stacks.get(req);
  if (entries === undefined) return;
  const at = entries.lastIndexOf(entry);
  if (at < 0) return;
  while (entries.length > at) {
    entries.pop();
    popMount(req);
  }
}

/**
 * Records the route of a handler registered at `path` (its own template): the
 * Route Express is dispatching (`req.route.path`) or `path`, under the mount
 * templates the request is inside, when those are known and consistent.
 * @internal
 */
export function recordRoute(req: object, path: unknown): void {
  const route = (req as ExpressRequest).route;
  const own = templateOf(route !== undefined && route !== null && route.path !== undefined ? route.path : path);
  if (own === undefined) return;
  const entries = stacks.get(req);
  const base = baseUrlOf(req as ExpressRequest);
  if (entries === undefined || entries.length === 0) {
    if (base === '') setRoute(req, own);
    return;
  }
  if (entries[entries.length - 1]!.base !== base) return;
  for (const entry of entries) if (!entry.known) return;
  setRoute(req, mountedRoute(req, own));
}

const SIMPLE_SEGMENT = /^(?::[A-Za-z0-9_$]+|[^:*?(){}[\]+\\]*)$/;

/**
 * Whether a mount at `template` can have moved `baseUrl` from `parent` to
 * `base`: `parent` is a prefix, and for templates made only of literal and
 * `:param` segments, the added part has as many segments, literals equal (case
 * aside). Templates with wildcards, optional parts or regex syntax are only
 * checked for the prefix.
 */
function fits(template: string, base: string, parent: string): boolean {
  if (!base.startsWith(parent)) return false;
  const want = segments(template);
  if (!want.every((s) => SIMPLE_SEGMENT.test(s))) return true;
  const got = segments(base.slice(parent.length));
  if (got.length !== want.length) return false;
  return want.every((s, i) => s.startsWith(':') || sameLiteral(s, got[i]!));
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function sameLiteral(literal: string, concrete: string): boolean {
  if (literal.toLowerCase() === concrete.toLowerCase()) return true;
  try {
    return literal.toLowerCase() === decodeURIComponent(concrete).toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The route template of a request whose route no wrapped handler recorded:
 * the Route Express matched last (`req.route.path`), only while `req.baseUrl`
 * is `''` — at the application's own level, where the Route's path is the whole
 * template. Routes matched inside mounted routers name no route here (their
 * mount prefix is only known to the wrapper that mounted them).
 * @internal
 */
export function expressRouteFallback(req: object): string | undefined {
  const r = req as ExpressRequest;
  const route = r.route;
  if (typeof route !== 'object' || route === null || !Array.isArray((route as { stack?: unknown }).stack)) return undefined;
  if (r.baseUrl !== '') return undefined;
  return templateOf(route.path);
}
