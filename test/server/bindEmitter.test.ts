/**
 * bindEmitter (runtime/server/bindEmitter.ts): the request's and response's listeners run in the
 * span's context, and Node's own listener bookkeeping (once, removeListener/off by the original
 * function, listeners(), removeAllListeners) behaves exactly as on an unbound emitter.
 */
import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindEmitter } from '../../src/runtime/server/bindEmitter.js';
import { setupOtel } from '../helpers/otel.js';

const KEY = createContextKey('test.bind');
const ctx = ROOT_CONTEXT.setValue(KEY, 'span');
const seen = (): unknown => context.active().getValue(KEY);

beforeAll(() => {
  setupOtel();
});

function bound(): EventEmitter {
  const emitter = new EventEmitter();
  bindEmitter(ctx, emitter);
  return emitter;
}

describe('bindEmitter', () => {
  it('runs listeners added through on, addListener, prependListener, once and prependOnceListener in the context', () => {
    const emitter = bound();
    const got: unknown[] = [];
    emitter.on('e', () => got.push(['on', seen()]));
    emitter.addListener('e', () => got.push(['addListener', seen()]));
    emitter.prependListener('e', () => got.push(['prependListener', seen()]));
    emitter.once('e', () => got.push(['once', seen()]));
    emitter.prependOnceListener('e', () => got.push(['prependOnceListener', seen()]));
    emitter.emit('e');
    emitter.emit('e');
    expect(got).toEqual([
      ['prependOnceListener', 'span'], ['prependListener', 'span'], ['on', 'span'], ['addListener', 'span'], ['once', 'span'],
      ['prependListener', 'span'], ['on', 'span'], ['addListener', 'span'],
    ]);
    expect(seen()).toBeUndefined();
  });

  it('passes this, the arguments and the return value through', () => {
    const emitter = bound();
    let args: unknown[] = [];
    let self: unknown;
    emitter.on('e', function (this: unknown, ...a: unknown[]) { self = this; args = a; });
    emitter.emit('e', 1, 'two');
    expect(self).toBe(emitter);
    expect(args).toEqual([1, 'two']);
  });

  it('removes by the original function (on and a pending once), reports originals, and removes all', () => {
    const emitter = bound();
    const calls: string[] = [];
    const a = (): void => { calls.push('a'); };
    const b = (): void => { calls.push('b'); };
    emitter.on('e', a);
    emitter.once('e', b);
    expect(emitter.listenerCount('e')).toBe(2);
    expect(emitter.listeners('e')[0]).toBe(a);
    emitter.off('e', a);
    emitter.removeListener('e', b);
    emitter.emit('e');
    expect(calls).toEqual([]);
    expect(emitter.listenerCount('e')).toBe(0);
    emitter.on('e', a);
    emitter.on('f', b);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
  });

  it('binds an emitter once, leaves emitters with methods of their own alone, and never throws', () => {
    const emitter = bound();
    const other = ROOT_CONTEXT.setValue(KEY, 'other');
    bindEmitter(other, emitter);
    let got: unknown;
    emitter.on('e', () => (got = seen()));
    emitter.emit('e');
    expect(got).toBe('span');
    const own = new EventEmitter();
    const ownOn = own.on.bind(own);
    own.on = ownOn;
    bindEmitter(ctx, own);
    expect(own.on).toBe(ownOn);
    expect(() => bindEmitter(ctx, Object.freeze(new EventEmitter()))).not.toThrow();
    expect(() => bindEmitter(ctx, {})).not.toThrow();
  });
});
