/**
 * `@tracewright/runtime/hooks/hono`: registers the Hono hooks (`serve()` of
 * `@hono/node-server` as a server root, route handlers noting their route).
 * Imported by instrumented files whose sites name them.
 */
import { honoHooks } from '../hono.js';
import { registerHooks } from '../index.js';

registerHooks('hono', honoHooks);
