/**
 * NestJS, for the catalog's `nest.create` rule (`NestFactory.create(AppModule,
 * adapter?)`, result mode `install`): the app the promise fulfils with gets
 * - request handling on its Node server, `app.getHttpServer()` (created by the
 *   adapter inside `create()`, listening only after `app.listen()`), through
 *   the server core ({@link installHttpServer});
 * - route noting on its HTTP adapter (`nestRoutes.ts`), installed before
 *   `app.init()` registers the controllers' routes.
 * The app itself (a Proxy of Nest's) is only read, never changed.
 */
import { installHttpServer } from '../server/httpServer.js';
import { noteNestRoutes } from './nestRoutes.js';
import type { Hooks } from './types.js';

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null;
}

/** Calls `target[name]()` if it is a method; undefined when absent or throwing. */
function callOptional(target: Obj, name: string): unknown {
  try {
    const method = target[name];
    return typeof method === 'function' ? (method as () => unknown).call(target) : undefined;
  } catch {
    return undefined; // e.g. an application context without HTTP
  }
}

/** Installs on a Nest HTTP application (anything with `getHttpServer()`); others are left alone. @internal */
export function installNestApp(app: unknown): void {
  if (!isObject(app) || typeof app.getHttpServer !== 'function') return;
  // Routes first: `getHttpServer()` of an adapter without a server would throw, the adapter is still there.
  noteNestRoutes(callOptional(app, 'getHttpAdapter'));
  const server = callOptional(app, 'getHttpServer');
  if (isObject(server)) installHttpServer(server);
}

/** The `nest` hooks. */
export const nestHooks: Hooks = {
  install(target) {
    installNestApp(target);
  },
};
