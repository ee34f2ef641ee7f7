// The `ioredis` hooks against the real Redis on 127.0.0.1:6379, driven through
// the runtime's own call helpers as instrumented code would call them:
// command spans (name, db.*, server.*, redacted text), errors with their
// Redis prefix, raw `call`/`sendCommand`, the callback form, pipelines and
// transactions as one span, the database index, and results left unchanged.
import { Redis, Command } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { ioredisHooks } from '../../src/runtime/hooks/redis.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { resetSpans, setupOtel, startedSpanCount } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { codeOf, COMMAND, COMMAND_CALLBACK, EXEC, redisSites, spans, uniqueKey } from './redisHelpers.js';

const up = await service('redis');
const S = redisSites('ioredis');

/** What every span of a command site on db `db` carries. */
function base(site: number, db = '0'): Record<string, string | number> {
  return { ...codeOf(site), 'db.system.name': 'redis', 'db.namespace': db, 'server.address': '127.0.0.1', 'server.port': 6379 };
}

describe.skipIf(!up)('ioredis hooks (real Redis)', () => {
  let client: Redis;
  const keys: string[] = [];
  beforeAll(() => {
    setupOtel();
    client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false });
  });
  afterAll(async () => {
    await client.quit();
  });
  beforeEach(() => resetSpans());
  afterEach(async () => {
    if (keys.length > 0) await client.del(keys.splice(0));
  });

  it('GET and SET: span per command, redacted text, results unchanged', async () => {
    const k = uniqueKey(keys, 'str');
    expect(await rt.method2(S[COMMAND]!, client, 'set', k, 'secret-value')).toBe('OK');
    expect(await rt.method1(S[COMMAND]!, client, 'get', k)).toBe('secret-value');
    expect(spans()).toEqual([
      {
        name: 'SET',
        kind: 'client',
        attributes: { ...base(COMMAND), 'db.operation.name': 'SET', 'db.query.text': `SET ${k} ?` },
        status: 'unset',
        events: [],
        parent: null,
      },
      {
        name: 'GET',
        kind: 'client',
        attributes: { ...base(COMMAND), 'db.operation.name': 'GET', 'db.query.text': `GET ${k}` },
        status: 'unset',
        events: [],
        parent: null,
      },
    ]);
  });

  it('a Redis error: status code and error.type are its prefix, the same error is rethrown', async () => {
    const h = uniqueKey(keys, 'hash');
    await client.hset(h, 'f', 'v');
    const plain = await client.get(h).catch((e: unknown) => e);
    const traced = await rt.method1(S[COMMAND]!, client, 'get', h).catch((e: unknown) => e);
    expect(String(traced)).toBe(String(plain));
    expect(spans()).toEqual([
      {
        name: 'GET',
        kind: 'client',
        attributes: {
          ...base(COMMAND),
          'db.operation.name': 'GET',
          'db.query.text': `GET ${h}`,
          'db.response.status_code': 'WRONGTYPE',
          'error.type': 'WRONGTYPE',
        },
        status: 'error',
        events: ['exception'],
        parent: null,
      },
    ]);
  });

  it('raw commands: call(name, ...args) and sendCommand(command)', async () => {
    const k = uniqueKey(keys, 'raw');
    expect(await rt.method3(S[COMMAND]!, client, 'call', 'set', k, 'v')).toBe('OK');
    const cmd = new Command('get', [k], { replyEncoding: 'utf8' });
    const sent = rt.method1(S[COMMAND]!, client, 'sendCommand', cmd);
    expect(await sent).toBe('v');
    const [set, get] = spans();
    expect(set?.name).toBe('SET');
    expect(set?.attributes['db.query.text']).toBe(`SET ${k} ?`);
    expect(get?.name).toBe('GET');
    expect(get?.attributes['db.query.text']).toBe(`GET ${k}`);
  });

  it('the callback form ends the span when called back, and the callback sees the result', async () => {
    const k = uniqueKey(keys, 'cb');
    await client.set(k, 'v');
    const h = uniqueKey(keys, 'cbhash');
    await client.hset(h, 'f', 'v');
    const got = await new Promise((resolve) => {
      rt.method2(S[COMMAND_CALLBACK]!, client, 'get', k, (err: unknown, v: unknown) => resolve([err, v]));
    });
    expect(got).toEqual([null, 'v']);
    const failed = await new Promise((resolve) => {
      rt.method2(S[COMMAND_CALLBACK]!, client, 'get', h, (err: unknown) => resolve(err));
    });
    expect(String(failed)).toMatch(/^ReplyError: WRONGTYPE/);
    const [ok, bad] = spans();
    expect(ok).toMatchObject({ name: 'GET', status: 'unset', attributes: { ...base(COMMAND_CALLBACK), 'db.query.text': `GET ${k}` } });
    expect(bad).toMatchObject({ name: 'GET', status: 'error', attributes: { 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' } });
  });

  it('a pipeline is one span: PIPELINE, batch size, the commands in db.query.text', async () => {
    const k = uniqueKey(keys, 'pipe');
    const p = client.pipeline().set(k, '1').incr(k).get(k);
    expect(await rt.method0(S[EXEC]!, p, 'exec')).toEqual([[null, 'OK'], [null, 2], [null, '2']]);
    expect(spans()).toEqual([
      {
        name: 'PIPELINE',
        kind: 'client',
        attributes: {
          ...base(EXEC),
          'db.operation.name': 'PIPELINE',
          'db.operation.batch.size': 3,
          'db.query.text': `SET ${k} ?; INCR ${k}; GET ${k}`,
        },
        status: 'unset',
        events: [],
        parent: null,
      },
    ]);
  });

  it('a pipeline of one command kind is named after it; equal texts are given once', async () => {
    const k = uniqueKey(keys, 'same');
    await rt.method0(S[EXEC]!, client.pipeline().incr(k).incr(k), 'exec');
    const [span] = spans();
    expect(span?.name).toBe('PIPELINE INCR');
    expect(span?.attributes).toMatchObject({ 'db.operation.name': 'PIPELINE INCR', 'db.operation.batch.size': 2, 'db.query.text': `INCR ${k}` });
  });

  it('a pipeline whose commands failed is an error, though exec() fulfils', async () => {
    const h = uniqueKey(keys, 'pipehash');
    await client.hset(h, 'f', 'v');
    const replies = (await rt.method0(S[EXEC]!, client.pipeline().ping().get(h), 'exec')) as [unknown, unknown][];
    expect(replies[0]).toEqual([null, 'PONG']);
    expect(String(replies[1]?.[0])).toMatch(/WRONGTYPE/);
    const [span] = spans();
    expect(span).toMatchObject({
      name: 'PIPELINE',
      status: 'error',
      attributes: { 'db.operation.batch.size': 2, 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' },
    });
  });

  it('multi() ... exec() is one MULTI span without the MULTI/EXEC wrappers', async () => {
    const k = uniqueKey(keys, 'multi');
    const m = client.multi().set(k, 'a').append(k, 'b').get(k);
    expect(await rt.method0(S[EXEC]!, m, 'exec')).toEqual([[null, 'OK'], [null, 2], [null, 'ab']]);
    expect(spans()).toEqual([
      {
        name: 'MULTI',
        kind: 'client',
        attributes: {
          ...base(EXEC),
          'db.operation.name': 'MULTI',
          'db.operation.batch.size': 3,
          'db.query.text': `SET ${k} ?; APPEND ${k} ?; GET ${k}`,
        },
        status: 'unset',
        events: [],
        parent: null,
      },
    ]);
  });

  it('an aborted transaction (EXECABORT) rejects and is recorded with its prefix', async () => {
    const k = uniqueKey(keys, 'abort');
    const m = client.multi().set(k, 'a').call('nosuchcommand');
    const err = await rt.method0(S[EXEC]!, m, 'exec').catch((e: unknown) => e);
    expect(String(err)).toMatch(/EXECABORT/);
    const [span] = spans();
    expect(span).toMatchObject({
      name: 'MULTI',
      status: 'error',
      events: ['exception'],
      attributes: {
        'db.operation.batch.size': 2,
        'db.query.text': `SET ${k} ?; NOSUCHCOMMAND`,
        'db.response.status_code': 'EXECABORT',
        'error.type': 'EXECABORT',
      },
    });
  });

  it('db.namespace follows the database of the connection, SELECT included', async () => {
    const other = new Redis({ host: '127.0.0.1', port: 6379, db: 1 });
    try {
      const k = uniqueKey(keys, 'db');
      await rt.method2(S[COMMAND]!, other, 'set', k, 'v');
      await rt.method1(S[COMMAND]!, other, 'select', 2);
      await rt.method1(S[COMMAND]!, other, 'del', k);
      expect(spans().map((s) => [s.name, s.attributes['db.namespace'], s.attributes['db.query.text']])).toEqual([
        ['SET', '1', `SET ${k} ?`],
        ['SELECT', '1', 'SELECT 2'],
        ['DEL', '2', `DEL ${k}`],
      ]);
      await other.select(1);
      await other.del(k);
    } finally {
      await other.quit();
    }
    expect(startedSpanCount()).toBe(3);
  });
});

describe('ioredis hooks without a server', () => {
  it('never read the password or URL credentials', () => {
    const c = new Redis('redis://user:s3cr3t@127.0.0.1:6390/4', { lazyConnect: true });
    try {
      const call: CallStart = { spec: S[COMMAND]!.spec, thisArg: c, key: 'auth', args: ['user', 's3cr3t'], name: 'redis', attributes: {} };
      ioredisHooks.onStart?.(call);
      expect(call.attributes).toEqual({
        'db.system.name': 'redis',
        'db.operation.name': 'AUTH',
        'db.query.text': 'AUTH ? ?',
        'db.namespace': '4',
        'server.address': '127.0.0.1',
        'server.port': 6390,
      });
      expect(JSON.stringify([call.name, call.attributes])).not.toContain('s3cr3t');
    } finally {
      c.disconnect();
    }
  });

  it('skip a server they cannot know (Cluster, Sentinel); a Unix socket is the address', () => {
    const attributesOf = (thisArg: unknown) => {
      const call: CallStart = { spec: S[COMMAND]!.spec, thisArg, key: 'get', args: ['k'], name: 'redis', attributes: {} };
      ioredisHooks.onStart?.(call);
      const { 'db.system.name': _s, 'db.operation.name': _o, 'db.query.text': _t, ...rest } = call.attributes;
      return rest;
    };
    expect(attributesOf({ isCluster: true, options: { scaleReads: 'master' } })).toEqual({ 'db.namespace': '0' });
    expect(attributesOf({ options: { sentinels: [{ host: 's1', port: 26379 }], host: 'localhost', port: 6379, db: 2 } })).toEqual({
      'db.namespace': '2',
    });
    expect(attributesOf({ options: { path: '/tmp/redis.sock', host: 'localhost', port: 6379, db: 0 } })).toEqual({
      'db.namespace': '0',
      'server.address': '/tmp/redis.sock',
    });
  });

  it('survive hostile receivers: the rule name stays, nothing throws', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    for (const thisArg of [undefined, null, 42, hostile, { _queue: 'x' }, { options: hostile }]) {
      const call: CallStart = { spec: S[COMMAND]!.spec, thisArg, key: 'exec', args: [], name: 'redis', attributes: {} };
      expect(() => ioredisHooks.onStart?.(call)).not.toThrow();
      expect(call.attributes['db.system.name']).toBe('redis');
    }
  });
});
