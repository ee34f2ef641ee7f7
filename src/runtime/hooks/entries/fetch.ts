/**
 * `@tracewright/runtime/hooks/fetch`: registers the undici-based client hooks (`fetch`,
 * `undici.request`). Imported by instrumented files whose sites name them.
 */
import { fetchHooks, undiciRequestHooks } from '../fetch.js';
import { registerHooks } from '../index.js';

registerHooks('fetch', fetchHooks);
registerHooks('undici.request', undiciRequestHooks);
