/**
 * The global `fetch` (Node's built-in, undici underneath). The `fetch` hook
 * computes the HTTP client attributes (`http.request.method`, `url.full`,
 * `server.address`, ...) at run time, renames the span to the method, and
 * injects `traceparent` into a copy of the request headers.
 */
import { defineRule } from './defineRule.js';

/** `fetch(input, init)` on the global object (never a shadowing local binding). */
export const globalFetch = defineRule({
  id: 'fetch',
  join: 'call',
  module: 'global',
  export: 'fetch',
  span: { name: 'fetch', kind: 'client' },
  hooks: 'fetch',
  result: 'promise',
});
