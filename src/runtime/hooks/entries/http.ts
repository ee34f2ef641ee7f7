/**
 * `@tracewright/runtime/hooks/http`: registers the `node:http` / `node:https` client hooks.
 * Imported by instrumented files whose sites name them.
 */
import { httpHooks } from '../http.js';
import { registerHooks } from '../index.js';

registerHooks('http', httpHooks);
