// No SDK registered (this file never calls setupOtel; vitest runs each file in its own
// process): server roots are still installed on (a server created before the SDK starts is
// traced once it does), and callback arguments are still wrapped when they are registered; the
// default wrapper then only calls through: same value, same promise object, no span.
import { expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import { noSdk } from '../../src/runtime/otelGlobal.js';
import { site } from './_sites.js';

const installed: unknown[] = [];
registerHooks('test.install', { install: (target) => void installed.push(target) });
const wrapped: number[] = [];
registerHooks('test.wrap', { wrapCallback: (fn, call) => (wrapped.push(call.index), fn) });

it('runs without an SDK', () => {
  expect(noSdk()).toBe(true);
});

it('installs on call, method and new results, and on a promise\'s value', async () => {
  const S = site({ h: 'test.install', m: 'install' });
  const server = {};
  expect(tw.installCall(S, () => server, undefined, [])).toBe(server);
  expect(tw.installMethod(S, { listen: () => server }, 'listen', [])).toBe(server);
  class Server {}
  const constructed = tw.installNew(S, Server, []);
  expect(await tw.installCall(S, async () => server, undefined, [])).toBe(server);
  expect(installed).toEqual([server, server, constructed, server]);
});

it('asks wrapCallback hooks at registration', () => {
  const S = site({ h: 'test.wrap', b: { i: 1, r: 1 } });
  tw.callbackArgs(S, ['/p', () => 1, 'x', () => 2]);
  expect(wrapped).toEqual([1, 3]);
});

it('the default wrapper calls straight through: same this, value and promise object', () => {
  const S = site({ n: 'handler', b: { i: 0 } });
  const promise = Promise.resolve(1);
  const self = {};
  const [asyncish] = tw.callbackArgs(S, [function (this: unknown) {
    return this === self ? promise : undefined;
  }]) as [() => unknown];
  expect(asyncish.call(self)).toBe(promise);
  const error = new Error('thrown');
  const [throwing] = tw.callbackArgs(S, [() => {
    throw error;
  }]) as [() => unknown];
  expect(() => throwing()).toThrow(error);
});
