// A throw or a rejection: the same error object reaches the caller; the span
// records the exception, status ERROR with the message, error.type, and ends.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tw from '../../src/runtime/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans } from '../helpers/otel.js';
import { site } from './_sites.js';

const S = site({ n: 'op' });

class DatabaseError extends Error {}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
});

describe('a synchronous throw', () => {
  it('rethrows the same error object and records it on the ended span', () => {
    const error = new DatabaseError('connection refused');
    expect(thrown(() => tw.call1(S, () => { throw error; }, undefined, 1))).toBe(error);
    const [span] = finishedSpans();
    expect(span?.status).toEqual({ code: 2, message: 'connection refused' });
    expect(span?.attributes['error.type']).toBe('DatabaseError');
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
    expect(span?.events[0]?.attributes?.['exception.message']).toBe('connection refused');
  });

  it('uses the constructor name for built-in errors, _OTHER for non-errors', () => {
    const cases: [unknown, string][] = [
      [new TypeError('t'), 'TypeError'],
      ['a string', '_OTHER'],
      [{ code: 'E' }, '_OTHER'],
      [42, '_OTHER'],
      [null, '_OTHER'],
      [undefined, '_OTHER'],
    ];
    for (const [value] of cases) {
      expect(thrown(() => tw.call0(S, () => { throw value; }, undefined))).toBe(value);
    }
    expect(finishedSpans().map((s) => s.attributes['error.type'])).toEqual(cases.map(([, type]) => type));
    expect(finishedSpans().every((s) => s.status.code === 2)).toBe(true);
    expect(finishedSpans()[1]?.status.message).toBe('a string');
  });

  it('survives errors whose properties throw when read', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    expect(thrown(() => tw.method0(S, { m: () => { throw hostile; } }, 'm'))).toBe(hostile);
    const [span] = simplifySpans(finishedSpans());
    expect(span?.status).toBe('error');
    expect(span?.attributes['error.type']).toBe('_OTHER');
  });

  it('records a throw from a constructor', () => {
    const error = new RangeError('bad');
    class C {
      constructor() {
        throw error;
      }
    }
    expect(thrown(() => tw.construct(S, C, []))).toBe(error);
    expect(finishedSpans()[0]?.attributes['error.type']).toBe('RangeError');
  });
});

describe('a rejection', () => {
  it('rejects with the same reason and records it when the promise settles', async () => {
    const error = new DatabaseError('timeout');
    const p = tw.call0(S, async () => { throw error; }, undefined) as Promise<unknown>;
    expect(finishedSpans()).toHaveLength(0);
    await expect(p).rejects.toBe(error);
    const [span] = simplifySpans(finishedSpans());
    expect(span).toMatchObject({ status: 'error', events: ['exception'], attributes: { 'error.type': 'DatabaseError' } });
  });
});
