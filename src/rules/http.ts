/**
 * Node's `http`/`https` client calls (`node:` spellings match too: module names
 * are normalised). Result mode `sync`: the call returns a `ClientRequest`; the
 * `http` hook takes over ending the span when the response ends (or the
 * request fails), and computes every HTTP attribute at run time — `http.get`
 * may still carry another method in its options, so not even the method is
 * static.
 */
import { defineRule } from './defineRule.js';

/** `http.request(url | options, [options], [callback])`. */
export const httpRequest = defineRule({
  id: 'http.request',
  join: 'call',
  module: 'http',
  export: 'request',
  span: { kind: 'client' },
  hooks: 'http',
  result: 'sync',
});

/** `http.get(...)`: `request` with GET by default and `end()` called for you. */
export const httpGet = defineRule({
  id: 'http.get',
  join: 'call',
  module: 'http',
  export: 'get',
  span: { kind: 'client' },
  hooks: 'http',
  result: 'sync',
});

/** `https.request(...)`. */
export const httpsRequest = defineRule({
  id: 'https.request',
  join: 'call',
  module: 'https',
  export: 'request',
  span: { kind: 'client' },
  hooks: 'http',
  result: 'sync',
});

/** `https.get(...)`. */
export const httpsGet = defineRule({
  id: 'https.get',
  join: 'call',
  module: 'https',
  export: 'get',
  span: { kind: 'client' },
  hooks: 'http',
  result: 'sync',
});
