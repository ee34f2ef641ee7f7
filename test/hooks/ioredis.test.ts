// The `ioredis` hooks against the real Redis on 127.0.0.1:6379, for every
// installed major (ioredis 6, and 5 as `ioredis5`), driven through the
// runtime's own call helpers as instrumented code would call them: the
// scenario table of `redisScenarios.ts` (command spans, errors with their Redis
// prefix, raw `call`/`sendCommand`, the callback form, pipelines and
// transactions as one span, the database index, results left unchanged), then
// the client shapes no server is needed for.
import { createRequire } from 'node:module';
import { Command as Command6, Redis as Redis6 } from 'ioredis';
import { Command as Command5, Redis as Redis5 } from 'ioredis5';
import { describe, expect, it } from 'vitest';
import { ioredisHooks } from '../../src/runtime/hooks/redis.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { service } from '../helpers/services.js';
import { COMMAND, realServerScenarios, redisSites, type AnyClient, type RedisDriver } from './redisHelpers.js';
import { IOREDIS_SCENARIOS, type IoredisCommandArg } from './redisScenarios.js';

const up = await service('redis');
const S = redisSites('ioredis');

const require = createRequire(import.meta.url);

/** An installed major: its client and command classes, and the version it is. */
interface Major {
  major: number;
  version: string;
  Redis: new (...args: unknown[]) => AnyClient;
  Command: new (name: string, args: unknown[], options?: object) => unknown;
}

function major(pkg: string, Redis: unknown, Command: unknown): Major {
  const version = (require(`${pkg}/package.json`) as { version: string }).version;
  return { major: Number(version.split('.')[0]), version, Redis: Redis as Major['Redis'], Command: Command as Major['Command'] };
}

const MAJORS: Major[] = [major('ioredis', Redis6, Command6), major('ioredis5', Redis5, Command5)];

it('the majors are the installed ones', () => {
  expect(MAJORS.map((m) => m.major)).toEqual([6, 5]);
});

function driver({ major, Redis, Command }: Major): RedisDriver {
  return {
    major,
    connect: async (db) => new Redis({ host: '127.0.0.1', port: 6379, db }),
    close: async (c) => {
      await c.quit();
    },
    arg: (v) => {
      if (typeof v !== 'object' || v === null || !('ioredisCommand' in v)) return v;
      const [name, args, options] = (v as IoredisCommandArg).ioredisCommand;
      return new Command(name, args, options);
    },
  };
}

describe.skipIf(!up).each(MAJORS)('ioredis $major ($version) hooks (real Redis)', (major) => {
  realServerScenarios(driver(major), IOREDIS_SCENARIOS, S);
});

describe.each(MAJORS)('ioredis $major hooks without a server', ({ Redis }) => {
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
});

describe('ioredis hooks on client shapes', () => {
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
