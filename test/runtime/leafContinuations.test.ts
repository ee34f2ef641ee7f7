// Suppression beneath a leaf (CLIENT) span never reaches the caller's own code
// through the runtime's paths: a callback (result mode callback), a `.then` or
// `await` continuation on the returned promise (derived or observed), the
// error paths, and the consumer's loop body over a traced iterable all run in
// the caller's context, and a span started there is the caller's child. What
// the runtime does not rebind — listeners on an emitter the library returns —
// fire in the context the library emits from; the last block documents that.
import { EventEmitter } from 'node:events';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import * as tw from '../../src/runtime/index.js';
import { registerHooks } from '../../src/runtime/hooks/index.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans } from '../helpers/otel.js';
import { site } from './_sites.js';

const AUTO = site({ n: 'client', k: 2, m: 'auto' });
const CALLBACK = site({ n: 'client', k: 2, m: 'callback' });
const ITERABLE = site({ n: 'client', k: 2, m: 'iterable' });

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Where user code ran: suppressed or not; a 'user' span is started there. */
const seen: Record<string, boolean> = {};
function user(label: string): void {
  seen[label] = isTracingSuppressed(context.active());
  trace.getTracer('user').startSpan(label).end();
}

/** Runs `fn` inside an active 'caller' span; returns `fn`'s promise once the span ended. */
async function asCaller(fn: () => Promise<unknown> | unknown): Promise<void> {
  const caller = trace.getTracer('test').startSpan('caller');
  try {
    await context.with(trace.setSpan(context.active(), caller), fn);
  } finally {
    caller.end();
  }
}

/** `[name, parent]` of every finished span but the caller. */
function tree(): [string, string | null][] {
  return simplifySpans(finishedSpans())
    .filter((s) => s.name !== 'caller')
    .map((s) => [s.name, s.parent]);
}

beforeAll(() => {
  setupOtel();
});
beforeEach(() => {
  resetSpans();
  for (const key of Object.keys(seen)) delete seen[key];
});

describe('callbacks (result mode callback)', () => {
  it('called synchronously, later from the library, or with an error: never suppressed, spans parented to the caller', async () => {
    await asCaller(async () => {
      tw.call1(CALLBACK, (cb: (e: unknown) => void) => cb(null), undefined, () => user('sync'));
      await new Promise<void>((done) => {
        // The library's own continuation (scheduled inside the call) is suppressed; the callback is not.
        const lib = (cb: (e: unknown, v?: unknown) => void) => setImmediate(() => cb(null, isTracingSuppressed(context.active())));
        tw.call1(CALLBACK, lib, undefined, (_e: unknown, libSuppressed: unknown) => {
          user('later');
          seen.library = libSuppressed === true;
          done();
        });
      });
      await new Promise<void>((done) =>
        tw.call1(CALLBACK, (cb: (e: unknown) => void) => void Promise.resolve().then(() => cb(new Error('no'))), undefined, () => {
          user('error');
          done();
        }),
      );
    });
    expect(seen).toEqual({ sync: false, later: false, library: true, error: false });
    expect(tree()).toEqual([['client', 'caller'], ['sync', 'caller'], ['client', 'caller'], ['later', 'caller'], ['client', 'caller'], ['error', 'caller']]);
  });
});

describe('promise continuations', () => {
  async function library(fail: boolean): Promise<string> {
    await tick();
    // Still beneath the span: the driver's own async work stays suppressed.
    seen.library = isTracingSuppressed(context.active());
    if (fail) throw new Error('no');
    return 'rows';
  }

  it('derived promise: .then and await continuations run in the caller context', async () => {
    await asCaller(async () => {
      const p = tw.call1(AUTO, library, undefined, false) as Promise<string>;
      await p.then(() => user('then'));
      expect(await (tw.call1(AUTO, library, undefined, false) as Promise<string>)).toBe('rows');
      user('await');
    });
    expect(seen).toEqual({ library: true, then: false, await: false });
    expect(tree()).toEqual([['client', 'caller'], ['then', 'caller'], ['client', 'caller'], ['await', 'caller']]);
  });

  it('rejections: .catch and try/catch around await run in the caller context', async () => {
    await asCaller(async () => {
      await (tw.call1(AUTO, library, undefined, true) as Promise<string>).catch(() => user('catch'));
      try {
        await tw.call1(AUTO, library, undefined, true);
      } catch {
        user('try/catch');
      }
    });
    expect(seen).toEqual({ library: true, catch: false, 'try/catch': false });
    expect(tree().filter(([name]) => name !== 'client')).toEqual([['catch', 'caller'], ['try/catch', 'caller']]);
  });

  it('observed promises (a subclass, a hybrid) keep their identity; continuations still run in the caller context', async () => {
    class Sub<T> extends Promise<T> {}
    await asCaller(async () => {
      const sub = Sub.resolve(1);
      expect(tw.call0(AUTO, () => sub, undefined)).toBe(sub);
      await sub.then(() => user('subclass then'));
      const hybrid = Object.assign(library(false), { cancel() {} });
      expect(tw.call0(AUTO, () => hybrid, undefined)).toBe(hybrid);
      await hybrid;
      user('hybrid await');
    });
    expect(seen).toMatchObject({ 'subclass then': false, 'hybrid await': false });
    expect(tree().filter(([name]) => name !== 'client')).toEqual([['subclass then', 'caller'], ['hybrid await', 'caller']]);
  });
});

describe('iterables (result mode iterable)', () => {
  it('sync: each step runs suppressed inside our span, the loop body in the caller context', async () => {
    const steps: boolean[] = [];
    function* rows() {
      for (let i = 0; i < 2; i++) {
        steps.push(isTracingSuppressed(context.active()));
        yield i;
      }
    }
    await asCaller(() => {
      for (const row of tw.call0(ITERABLE, rows, undefined) as Iterable<number>) user(`row ${row}`);
    });
    expect(steps).toEqual([true, true]);
    expect(seen).toEqual({ 'row 0': false, 'row 1': false });
    expect(tree()).toEqual([['client', 'caller'], ['row 0', 'caller'], ['row 1', 'caller']]);
  });

  it('async: the same across awaits inside the generator and in the loop body', async () => {
    const steps: boolean[] = [];
    async function* rows() {
      for (let i = 0; i < 2; i++) {
        await tick();
        steps.push(isTracingSuppressed(context.active()));
        yield i;
      }
    }
    await asCaller(async () => {
      for await (const row of tw.call0(ITERABLE, rows, undefined) as AsyncIterable<number>) {
        await tick();
        user(`row ${row}`);
      }
    });
    expect(steps).toEqual([true, true]);
    expect(seen).toEqual({ 'row 0': false, 'row 1': false });
    expect(tree()).toEqual([['client', 'caller'], ['row 0', 'caller'], ['row 1', 'caller']]);
  });

  it('a non-leaf iterable: steps are not suppressed (lazy work gets child spans)', () => {
    const INTERNAL = site({ n: 'rows', k: 0, m: 'iterable' });
    const steps: boolean[] = [];
    function* rows() {
      steps.push(isTracingSuppressed(context.active()));
      yield 1;
    }
    expect([...(tw.call0(INTERNAL, rows, undefined) as Iterable<number>)]).toEqual([1]);
    expect(steps).toEqual([false]);
  });
});

describe('emitters the library returns (left alone: documented behaviour)', () => {
  // A driver-like call returning an emitter that fires from work it scheduled during the call.
  function query(): EventEmitter {
    const rows = new EventEmitter();
    setImmediate(() => {
      rows.emit('row', 1);
      rows.emit('end');
    });
    return rows;
  }

  it('listeners fire in the context the library emits from: after the span ended, unsuppressed, children of our span', async () => {
    await asCaller(() => new Promise<void>((done) => {
      const rows = tw.call0(AUTO, query, undefined) as EventEmitter; // not a promise: the span ends at return
      rows.on('row', () => user('row listener'));
      rows.on('end', done);
    }));
    expect(seen).toEqual({ 'row listener': false });
    // The parent is our (ended) span, as it was before leaf spans: the runtime does not rebind listeners.
    expect(tree()).toEqual([['client', 'caller'], ['row listener', 'client']]);
  });

  it('while the span is still open (a hook ends it later), listeners are suppressed unless the hook releases', async () => {
    let release = false;
    registerHooks('test.leaf.emitter', {
      onResult(_span, rows, end, call) {
        if (release) call.suppression?.release();
        (rows as EventEmitter).once('end', end);
        return true;
      },
    });
    const S = site({ n: 'client', k: 2, m: 'sync', h: 'test.leaf.emitter' });
    for (const released of [false, true]) {
      release = released;
      await asCaller(() => new Promise<void>((done) => {
        const rows = tw.call0(S, query, undefined) as EventEmitter;
        rows.on('row', () => user(released ? 'released' : 'in flight'));
        rows.on('end', done);
      }));
    }
    expect(seen).toEqual({ 'in flight': true, released: false });
    expect(tree()).toEqual([['client', 'caller'], ['client', 'caller'], ['released', 'client']]);
  });

  it("binding the emitter to the caller's context (the caller's choice, on its own object) parents listener spans to the caller", async () => {
    await asCaller(() => new Promise<void>((done) => {
      const rows = context.bind(context.active(), tw.call0(AUTO, query, undefined) as EventEmitter);
      rows.on('row', () => user('bound listener'));
      rows.on('end', done);
    }));
    expect(seen).toEqual({ 'bound listener': false });
    expect(tree()).toEqual([['client', 'caller'], ['bound listener', 'caller']]);
  });
});
