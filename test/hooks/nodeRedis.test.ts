// The `redis` (node-redis) hooks against the real Redis on 127.0.0.1:6379,
// driven through the runtime's own call helpers: commands in camel case, upper
// case and raw `sendCommand` form, errors with their Redis prefix, `multi()`
// executed as a transaction or a pipeline as one span, the database index,
// credentials never read, and results left unchanged.
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
import { nodeRedisHooks } from '../../src/runtime/hooks/redis.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { codeOf, COMMAND, EXEC, redisSites, spans, uniqueKey } from './redisHelpers.js';

const up = await service('redis');
const S = redisSites('redis');

type Client = ReturnType<typeof createClient>;

/** What every span of a site on db `db` carries. */
function base(site: number, db = '0'): Record<string, string | number> {
  return { ...codeOf(site), 'db.system.name': 'redis', 'db.namespace': db, 'server.address': '127.0.0.1', 'server.port': 6379 };
}

describe.skipIf(!up)('node-redis hooks (real Redis)', () => {
  let client: Client;
  const keys: string[] = [];
  beforeAll(async () => {
    setupOtel();
    client = createClient({ socket: { host: '127.0.0.1', port: 6379 } });
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
  });
  beforeEach(() => resetSpans());
  afterEach(async () => {
    if (keys.length > 0) await client.del(keys.splice(0));
  });

  it('SET and GET: span per command, redacted text, results unchanged', async () => {
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

  it('camel case, upper case and raw forms name the same command', async () => {
    const h = uniqueKey(keys, 'hash');
    expect(await rt.method2(S[COMMAND]!, client, 'hSet', h, { f1: 'a', f2: 'b' })).toBe(2);
    expect(await rt.method3(S[COMMAND]!, client, 'HSET', h, 'f3', 'c')).toBe(1);
    expect(await rt.method1(S[COMMAND]!, client, 'sendCommand', ['HSET', h, 'f4', 'd'])).toBe(1);
    expect(await rt.method1(S[COMMAND]!, client, 'hGetAll', h)).toEqual({ f1: 'a', f2: 'b', f3: 'c', f4: 'd' });
    expect(spans().map((s) => [s.name, s.attributes['db.operation.name'], s.attributes['db.query.text']])).toEqual([
      ['HSET', 'HSET', `HSET ${h} f1 ? f2 ?`],
      ['HSET', 'HSET', `HSET ${h} f3 ?`],
      ['HSET', 'HSET', `HSET ${h} f4 ?`],
      ['HGETALL', 'HGETALL', `HGETALL ${h}`],
    ]);
    for (const s of spans()) expect(s.attributes).toMatchObject(base(COMMAND));
  });

  it('a Redis error: status code and error.type are its prefix, the error is rethrown', async () => {
    const h = uniqueKey(keys, 'wrong');
    await client.hSet(h, 'f', 'v');
    const err = await rt.method1(S[COMMAND]!, client, 'get', h).catch((e: unknown) => e);
    expect(String(err)).toMatch(/^Error: WRONGTYPE/);
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

  it('an error that is no Redis reply gets its class name', async () => {
    const closed = createClient({ socket: { host: '127.0.0.1', port: 6379 } });
    const err = await rt.method1(S[COMMAND]!, closed, 'get', 'k').catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('ClientClosedError');
    expect(spans()[0]).toMatchObject({ name: 'GET', status: 'error', attributes: { 'error.type': 'ClientClosedError' } });
    expect(spans()[0]?.attributes['db.response.status_code']).toBeUndefined();
  });

  it('multi().exec() is one MULTI span; the connection comes from node-redis\' batch channel', async () => {
    const k = uniqueKey(keys, 'multi');
    const m = client.multi().set(k, '1').incr(k).get(k);
    expect(await rt.method0(S[EXEC]!, m, 'exec')).toEqual(['OK', 2, '2']);
    // node-redis keeps the queued commands private: no db.query.text.
    expect(spans()).toEqual([
      {
        name: 'MULTI',
        kind: 'client',
        attributes: { ...base(EXEC), 'db.operation.name': 'MULTI', 'db.operation.batch.size': 3 },
        status: 'unset',
        events: [],
        parent: null,
      },
    ]);
  });

  it('execAsPipeline() and exec(true) are PIPELINE spans', async () => {
    const k = uniqueKey(keys, 'pipe');
    expect(await rt.method0(S[EXEC]!, client.multi().set(k, 'a').get(k), 'execAsPipeline')).toEqual(['OK', 'a']);
    expect(await rt.method1(S[EXEC]!, client.multi().get(k).get(k), 'exec', true)).toEqual(['a', 'a']);
    expect(spans().map((s) => [s.name, s.attributes['db.operation.batch.size'], s.attributes['server.address']])).toEqual([
      ['PIPELINE', 2, '127.0.0.1'],
      ['PIPELINE', 2, '127.0.0.1'],
    ]);
  });

  it('a failed transaction: the first failed reply gives the prefix, the replies the size', async () => {
    const h = uniqueKey(keys, 'multihash');
    await client.hSet(h, 'f', 'v');
    const err = await rt.method0(S[EXEC]!, client.multi().ping().get(h), 'exec').catch((e: unknown) => e);
    expect((err as Error).constructor.name).toBe('MultiErrorReply');
    expect(spans()[0]).toMatchObject({
      name: 'MULTI',
      status: 'error',
      events: ['exception'],
      attributes: { 'db.operation.batch.size': 2, 'db.response.status_code': 'WRONGTYPE', 'error.type': 'WRONGTYPE' },
    });
  });

  it('db.namespace: the database the client was created with (batches: the one selected now)', async () => {
    const other = createClient({ socket: { host: '127.0.0.1', port: 6379 }, database: 1 });
    await other.connect();
    const k = `tw:test:${process.pid}:db`;
    try {
      await rt.method2(S[COMMAND]!, other, 'set', k, 'v');
      await other.select(3);
      await rt.method0(S[EXEC]!, other.multi().get(k).get(k), 'exec');
      await rt.method1(S[COMMAND]!, other, 'get', k);
      expect(spans().map((s) => [s.name, s.attributes['db.namespace']])).toEqual([
        ['SET', '1'],
        ['MULTI', '3'], // node-redis' batch channel knows the database selected now
        ['GET', '1'], // a client keeps it private: the documented fallback
      ]);
    } finally {
      await other.select(1);
      await other.del(k);
      await other.close();
    }
  });
});

describe('node-redis hooks without a server', () => {
  it('read host, port and database from the URL, never its credentials', () => {
    const c = createClient({ url: 'redis://user:s3cr3t@127.0.0.1:6390/5' });
    const call: CallStart = { spec: S[COMMAND]!.spec, thisArg: c, key: 'get', args: ['k'], name: 'redis', attributes: {} };
    nodeRedisHooks.onStart?.(call);
    expect(call.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.query.text': 'GET k',
      'db.namespace': '5',
      'server.address': '127.0.0.1',
      'server.port': 6390,
    });
    expect(JSON.stringify([call.name, call.attributes])).not.toContain('s3cr3t');
  });

  it('fall back to the URL when the options hold only a url', () => {
    const call: CallStart = {
      spec: S[COMMAND]!.spec,
      thisArg: { options: { url: 'rediss://:pw@cache.example:6380/2' } },
      key: 'configSet',
      args: ['requirepass', 'hunter2'],
      name: 'redis',
      attributes: {},
    };
    nodeRedisHooks.onStart?.(call);
    expect(call.name).toBe('CONFIG');
    expect(call.attributes).toMatchObject({
      'db.query.text': 'CONFIG SET ? ?',
      'server.address': 'cache.example',
      'server.port': 6380,
      'db.namespace': '2',
    });
  });
});
