/**
 * `@tracewright/runtime/hooks/koa`: registers the Koa hooks (server span on `app.listen()`'s
 * server, route template from `@koa/router`'s verbs). Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { koaHooks } from '../koa.js';

registerHooks('koa', koaHooks);
