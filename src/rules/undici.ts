/**
 * The `undici` package's top-level API. HTTP attributes are computed by the
 * hooks at run time; nothing here is static. `>=5`: the first major with both
 * `fetch` and `request` as stable exports.
 */
import { defineRule } from './defineRule.js';

/** `undici.fetch(input, init)`: same shape and hook as the global `fetch`. */
export const undiciFetch = defineRule({
  id: 'undici.fetch',
  join: 'call',
  module: 'undici',
  export: 'fetch',
  versions: '>=5',
  span: { kind: 'client' },
  hooks: 'fetch',
  result: 'promise',
});

/** `undici.request(url, options)`: resolves with `{ statusCode, headers, body }`. */
export const undiciRequest = defineRule({
  id: 'undici.request',
  join: 'call',
  module: 'undici',
  export: 'request',
  versions: '>=5',
  span: { kind: 'client' },
  hooks: 'undici.request',
  result: 'promise',
});
