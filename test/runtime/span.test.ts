// @span functions, written exactly as the writers emit them: span(site, body)
// for plain and async functions, spanGenerator(site, iterator) behind yield*
// for generators. this/arguments keep working; spans end exactly once.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount } from '../helpers/otel.js';
import { site } from './_sites.js';

const activeName = () => (trace.getActiveSpan() as unknown as ReadableSpan | undefined)?.name;
const tick = () => new Promise((r) => setImmediate(r));

const S_LOAD = site({ r: 'span', n: 'Users.load' });
const S_GEN = site({ r: 'span', n: 'Users.scan' });

/* eslint-disable prefer-rest-params */
class Users {
  prefix = 'u';
  /** @span */
  load(id: number, ..._rest: unknown[]): [string, number, number, string | undefined] {
    return tw.span(S_LOAD, () => [this.prefix, id, arguments.length, activeName()] as [string, number, number, string | undefined]);
  }
  /** @span */
  async loadAsync(id: number): Promise<[number, string | undefined]> {
    return tw.span(S_LOAD, async () => {
      await tick();
      return [id, activeName()] as [number, string | undefined];
    });
  }
  /** @span */
  fail(error: unknown): never {
    return tw.span(S_LOAD, () => {
      throw error;
    });
  }
  /** @span */
  *scan(n: number): Generator<string, string, unknown> {
    return yield* tw.spanGenerator(
      S_GEN,
      function* (this: Users, count: number): Generator<string, string, unknown> {
        for (let i = 0; i < count; i++) {
          const sent = yield `${this.prefix}${i}:${activeName()}`;
          if (sent === 'stop') return 'stopped';
        }
        return `${arguments.length} args`;
      }.apply(this, arguments as unknown as [number]),
    );
  }
  /** @span */
  async *scanAsync(n: number): AsyncGenerator<string, string, unknown> {
    return yield* tw.spanGenerator(
      S_GEN,
      async function* (this: Users, count: number): AsyncGenerator<string, string, unknown> {
        for (let i = 0; i < count; i++) {
          await tick();
          yield `${this.prefix}${i}:${activeName()}`;
        }
        return 'end';
      }.apply(this, arguments as unknown as [number]),
    );
  }
}
/* eslint-enable prefer-rest-params */

const users = new Users();

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('span(site, body)', () => {
  it('keeps this and arguments, runs the body in the span, ends at return', () => {
    expect(users.load(7, 'extra')).toEqual(['u', 7, 2, 'Users.load']);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ name: 'Users.load', kind: 'internal', status: 'unset', parent: null }]);
  });

  it('ends an async body when its promise settles', async () => {
    const pending = users.loadAsync(3);
    expect(finishedSpans()).toHaveLength(0);
    expect(await pending).toEqual([3, 'Users.load']);
    expect(finishedSpans()).toHaveLength(1);
  });

  it('rethrows the same error and records it', () => {
    const error = new SyntaxError('bad');
    expect(() => users.fail(error)).toThrow(error);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error', attributes: { 'error.type': 'SyntaxError' } }]);
  });

  it('nests @span functions', () => {
    const S_OUTER = site({ r: 'span', n: 'outer' });
    tw.span(S_OUTER, () => users.load(1));
    expect(simplifySpans(finishedSpans()).map((s) => [s.name, s.parent])).toEqual([
      ['outer', null],
      ['Users.load', 'outer'],
    ]);
  });
});

describe('spanGenerator(site, iterator)', () => {
  it('starts the span on first resume, runs each step in it, propagates the return value', () => {
    const gen = users.scan(2);
    expect(startedSpanCount()).toBe(0);
    expect(gen.next()).toEqual({ value: 'u0:Users.scan', done: false });
    expect(startedSpanCount()).toBe(1);
    expect(gen.next()).toEqual({ value: 'u1:Users.scan', done: false });
    expect(finishedSpans()).toHaveLength(0);
    expect(gen.next()).toEqual({ value: '1 args', done: true });
    expect(finishedSpans()).toHaveLength(1);
  });

  it('passes sent values through yield*', () => {
    const gen = users.scan(5);
    gen.next();
    expect(gen.next('stop')).toEqual({ value: 'stopped', done: true });
    expect(finishedSpans()).toHaveLength(1);
  });

  it('ends the span on return() (early exit)', () => {
    const seen: string[] = [];
    for (const v of users.scan(10)) {
      seen.push(v);
      if (seen.length === 2) break;
    }
    expect(seen).toHaveLength(2);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ name: 'Users.scan', status: 'unset' }]);
  });

  it('ends the span with an error on throw()', () => {
    const gen = users.scan(3);
    gen.next();
    const error = new Error('abort');
    expect(() => gen.throw(error)).toThrow(error);
    expect(simplifySpans(finishedSpans())).toMatchObject([{ status: 'error' }]);
  });

  it('works for async generators', async () => {
    const seen: string[] = [];
    const gen = users.scanAsync(2);
    for await (const v of gen) seen.push(v);
    expect(seen).toEqual(['u0:Users.scan', 'u1:Users.scan']);
    expect(finishedSpans()).toHaveLength(1);
    const second = users.scanAsync(3);
    await second.next();
    expect(await second.return('early')).toEqual({ value: 'early', done: true });
    expect(finishedSpans()).toHaveLength(2);
  });

  it('returns async generator results through yield* (return value)', async () => {
    const gen = users.scanAsync(1);
    await gen.next();
    expect(await gen.next()).toEqual({ value: 'end', done: true });
  });
});
