/**
 * `@tracewright/runtime/hooks/httpServer`: registers the `http.server` hook, the server root of
 * `http`/`https` `createServer(...)` and `new http.Server(...)` sites (`result: "install"`): the
 * server the call returns gets request handling installed once (SERVER span per request, see
 * `src/runtime/server/httpServer.ts`), with the site's options (`ignorePaths`). Imported by
 * instrumented files whose sites name it.
 */
import { registerHooks } from '../index.js';
import { installHttpServer } from '../../server/httpServer.js';

registerHooks('http.server', {
  install(target, call) {
    if (typeof target === 'object' && target !== null) installHttpServer(target, call.spec.o);
  },
});
