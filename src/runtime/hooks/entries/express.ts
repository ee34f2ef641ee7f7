/**
 * `@tracewright/runtime/hooks/express`: registers the Express hooks (server
 * install for `app.listen()`, route templates from route registrations and
 * mounts) and the `req.route.path` fallback for routes registered outside user
 * code. Imported by instrumented files whose sites name them.
 */
import { expressHooks, expressRouteFallback } from '../express.js';
import { registerHooks } from '../index.js';
import { addRouteFallback } from '../../server/routeFallback.js';

registerHooks('express', expressHooks);
addRouteFallback(expressRouteFallback);
