// Result mode "install" (server roots): installCall / installMethod / installNew perform the
// plain call (same `this`, arguments, returned object, thrown error; the method looked up once),
// open no span, and hand the result — a plain native promise's value, through a derived promise —
// to the hook's install(result, { spec, thisArg, args }). A throwing hook never reaches user code.
// Without an SDK: installNoSdk.test.ts; unhandled rejections: installUnhandled.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import type { InstallCall } from '../../src/runtime/hooks/types.js';
import { finishedSpans, resetSpans, setupOtel, startedSpanCount } from '../helpers/otel.js';
import { captureDiag, endedSpanMisuse } from './_diag.js';
import { site } from './_sites.js';

let installed: { target: unknown; call: InstallCall }[] = [];
let install: (target: unknown, call: InstallCall) => void = () => undefined;
registerHooks('test.install', { install: (target, call) => install(target, call) });
registerHooks('test.no-install', { onStart: () => undefined });

const S = site({ r: 'lib.server', n: 'lib.server', h: 'test.install', m: 'install' });
let diagMessages: string[] = [];

beforeAll(() => {
  setupOtel();
  diagMessages = captureDiag();
});
beforeEach(() => {
  resetSpans();
  installed = [];
  install = (target, call) => installed.push({ target, call });
});
afterAll(() => {
  expect(endedSpanMisuse(diagMessages)).toEqual([]);
});

describe('installCall', () => {
  it('calls with the same this and arguments, returns the same object, installs on it once, opens no span', () => {
    const server = { kind: 'server' };
    const self = { name: 'self' };
    let seen: unknown[] = [];
    const createServer = function (this: unknown, ...args: unknown[]) {
      seen = [this, ...args];
      return server;
    };
    const listener = () => undefined;
    const args = [listener, 42];
    expect(tw.installCall(S, createServer, self, args)).toBe(server);
    expect(seen).toEqual([self, listener, 42]);
    expect(seen[1]).toBe(listener);
    expect(installed).toHaveLength(1);
    expect(installed[0]!.target).toBe(server);
    expect(installed[0]!.call.spec).toBe(S.spec);
    expect(installed[0]!.call.thisArg).toBe(self);
    expect(installed[0]!.call.args).toEqual([listener, 42]);
    expect(startedSpanCount()).toBe(0);
    expect(finishedSpans()).toEqual([]);
  });

  it('rethrows the same error and installs nothing', () => {
    const error = new RangeError('no port');
    expect(() => tw.installCall(S, () => { throw error; }, undefined, [])).toThrow(error);
    expect(installed).toEqual([]);
  });

  it('throws the TypeError of the plain call for a target that is not callable', () => {
    expect(() => tw.installCall(S, 42 as never, undefined, [])).toThrow(TypeError);
    expect(installed).toEqual([]);
  });

  it('keeps primitive and undefined results, installing on them as they are', () => {
    expect(tw.installCall(S, () => undefined, undefined, [])).toBeUndefined();
    expect(tw.installCall(S, () => 7, undefined, [])).toBe(7);
    expect(installed.map((i) => i.target)).toEqual([undefined, 7]);
  });

  it('a throwing install hook never reaches the caller', () => {
    install = () => {
      throw new Error('hook bug');
    };
    const server = {};
    expect(tw.installCall(S, () => server, undefined, [])).toBe(server);
  });

  it('returns the result untouched when the hook module is not registered or has no install()', () => {
    const promise = Promise.resolve(1);
    const unknownHook = site({ h: 'not.registered', m: 'install' });
    const withoutInstall = site({ h: 'test.no-install', m: 'install' });
    expect(tw.installCall(unknownHook, () => promise, undefined, [])).toBe(promise);
    expect(tw.installCall(withoutInstall, () => promise, undefined, [])).toBe(promise);
    expect(tw.installCall(undefined as never, () => promise, undefined, [])).toBe(promise);
    expect(startedSpanCount()).toBe(0);
  });
});

describe('installMethod', () => {
  it('looks the method up once, calls it on the receiver, installs with thisArg = receiver', () => {
    let lookups = 0;
    const app = {
      name: 'app',
      get listen() {
        lookups++;
        return function (this: { name: string }, port: number) {
          return { server: this.name, port };
        };
      },
    };
    const server = tw.installMethod(S, app, 'listen', [3000]);
    expect(server).toEqual({ server: 'app', port: 3000 });
    expect(lookups).toBe(1);
    expect(installed).toHaveLength(1);
    expect(installed[0]!.target).toBe(server);
    expect(installed[0]!.call.thisArg).toBe(app);
    expect(installed[0]!.call.args).toEqual([3000]);
  });

  it('works with symbol and computed keys, and no arguments', () => {
    const key = Symbol('start');
    const target = { started: true };
    expect(tw.installMethod(S, { [key]: () => target }, key, [])).toBe(target);
    expect(installed[0]!.target).toBe(target);
  });
});

describe('installNew', () => {
  it('constructs with new.target = C and the same arguments, installs on the instance', () => {
    let newTarget: unknown;
    class Server {
      constructor(readonly listener: unknown) {
        newTarget = new.target;
      }
    }
    const listener = () => undefined;
    const server = tw.installNew(S, Server, [listener]);
    expect(server).toBeInstanceOf(Server);
    expect(server.listener).toBe(listener);
    expect(newTarget).toBe(Server);
    expect(installed[0]!.target).toBe(server);
    expect(installed[0]!.call.thisArg).toBeUndefined();
  });

  it('throws the TypeError of the plain `new` for an arrow function', () => {
    expect(() => tw.installNew(S, (() => ({})) as never, [])).toThrow(TypeError);
    expect(installed).toEqual([]);
  });
});

describe('promise results', () => {
  it('a plain native promise: the caller gets a derived promise with the same value, installed on once fulfilled', async () => {
    const app = { kind: 'nest app' };
    const original = Promise.resolve(app);
    const returned = tw.installCall(S, () => original, undefined, []) as Promise<unknown>;
    expect(returned).toBeInstanceOf(Promise);
    expect(returned).not.toBe(original);
    expect(installed).toEqual([]);
    expect(await returned).toBe(app);
    expect(installed).toHaveLength(1);
    expect(installed[0]!.target).toBe(app);
  });

  it('a rejected plain promise: same rejection reason, nothing installed', async () => {
    const error = new Error('cannot start');
    const returned = tw.installCall(S, () => Promise.reject(error), undefined, []) as Promise<unknown>;
    await expect(returned).rejects.toBe(error);
    expect(installed).toEqual([]);
  });

  it('a promise subclass keeps its identity and is installed on when it fulfils', async () => {
    class Deferred<T> extends Promise<T> {}
    const app = {};
    const original = Deferred.resolve(app);
    expect(tw.installCall(S, () => original, undefined, [])).toBe(original);
    await original;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(installed.map((i) => i.target)).toEqual([app]);
  });

  it('a promise carrying own properties (a hybrid) keeps its identity', () => {
    const hybrid = Object.assign(Promise.resolve({}), { cancel() {} });
    expect(tw.installCall(S, () => hybrid, undefined, [])).toBe(hybrid);
  });

  it('a thenable that is not a promise is never probed for then: installed on as the object', () => {
    let thenReads = 0;
    const lazy = {
      get then() {
        thenReads++;
        return undefined;
      },
    };
    expect(tw.installCall(S, () => lazy, undefined, [])).toBe(lazy);
    expect(thenReads).toBe(0);
    expect(installed[0]!.target).toBe(lazy);
  });
});

describe('the site table', () => {
  it('a site in mode install reached through a traced helper calls through, with no span', () => {
    const f = (x: number) => x + 1;
    expect(tw.call1(S, f, undefined, 1)).toBe(2);
    expect(tw.method(S, { f }, 'f', [2])).toBe(3);
    expect(startedSpanCount()).toBe(0);
  });
});
