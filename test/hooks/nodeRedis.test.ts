// The `redis` (node-redis) hooks against the real Redis on 127.0.0.1:6379, for
// every installed major (redis 6, and 5 and 4 as `redis5`/`redis4`), driven
// through the runtime's own call helpers: the scenario table of
// `redisScenarios.ts` (commands in camel case, upper case and raw
// `sendCommand` form, errors with their Redis prefix, `multi()` executed as a
// transaction or a pipeline as one span, the database index, results left
// unchanged), then the option shapes no server is needed for (credentials
// never read).
import { createRequire } from 'node:module';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { commandOptions as commandOptions4, createClient as createClient4 } from 'redis4';
import { describe, expect, it } from 'vitest';
import { nodeRedisHooks } from '../../src/runtime/hooks/redis.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { service } from '../helpers/services.js';
import { COMMAND, EXEC, realServerScenarios, redisSites, type AnyClient, type RedisDriver } from './redisHelpers.js';
import { NODE_REDIS_SCENARIOS, type NodeRedisCommandOptionsArg } from './redisScenarios.js';

const up = await service('redis');
const S = redisSites('redis');
const require = createRequire(import.meta.url);

/** An installed major: its `createClient` (and `commandOptions`, v4) and the version it is. */
interface Major {
  major: number;
  version: string;
  createClient: (options?: object) => AnyClient;
  commandOptions?: (options: object) => object;
}

function major(pkg: string, createClient: unknown, commandOptions?: unknown): Major {
  const version = (require(`${pkg}/package.json`) as { version: string }).version;
  return {
    major: Number(version.split('.')[0]),
    version,
    createClient: createClient as Major['createClient'],
    commandOptions: commandOptions as Major['commandOptions'],
  };
}

const MAJORS: Major[] = [major('redis', createClient6), major('redis5', createClient5), major('redis4', createClient4, commandOptions4)];

function driver({ major, createClient, commandOptions }: Major): RedisDriver {
  return {
    major,
    arg: (v) => {
      if (typeof v !== 'object' || v === null || !('nodeRedisCommandOptions' in v)) return v;
      if (commandOptions === undefined) throw new Error(`node-redis ${major} has no commandOptions()`);
      return commandOptions({ ...(v as NodeRedisCommandOptionsArg).nodeRedisCommandOptions });
    },
    connect: async (db) => {
      const c = createClient({ socket: { host: '127.0.0.1', port: 6379 }, database: db });
      await c.connect();
      return c;
    },
    unconnected: () => createClient({ socket: { host: '127.0.0.1', port: 6379 } }),
    close: async (c) => {
      await (typeof c.close === 'function' ? c.close() : c.quit()); // `close` since v5, `quit` before
    },
  };
}

it('the majors are the installed ones', () => {
  expect(MAJORS.map((m) => m.major)).toEqual([6, 5, 4]);
});

describe.skipIf(!up).each(MAJORS)('node-redis $major ($version) hooks (real Redis)', (m) => {
  realServerScenarios(driver(m), NODE_REDIS_SCENARIOS, S);
});

describe.each(MAJORS)('node-redis $major hooks without a server', ({ createClient }) => {
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
});

describe('node-redis hooks on option shapes', () => {
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

describe('node-redis 4 batches without a server', () => {
  /** The attributes `onStart` gives a call of `key` on `thisArg`. */
  const startOn = (thisArg: unknown, key: string, args: unknown[] = []) => {
    const site = S[key === 'exec' ? EXEC : COMMAND]!;
    const call: CallStart = { spec: site.spec, thisArg, key, args, name: 'redis', attributes: {} };
    nodeRedisHooks.onStart?.(call);
    return call.attributes;
  };
  const CONNECTION = ['server.address', 'server.port', 'db.namespace'];

  it("borrow the connection of their client's traced commands while the clients of its Multi class agree", () => {
    const a = createClient4({ socket: { host: 'cache.example', port: 6380 }, database: 1 });
    expect(startOn(a.multi(), 'exec')).not.toHaveProperty('server.address'); // nothing traced on `a` yet
    startOn(a, 'get', ['k']);
    expect(startOn(a.multi(), 'exec')).toMatchObject({ 'server.address': 'cache.example', 'server.port': 6380, 'db.namespace': '1' });
    // Each createClient() has a Multi class of its own.
    const b = createClient4({ socket: { host: '127.0.0.1', port: 6379 } });
    startOn(b, 'get', ['k']);
    expect(startOn(b.multi(), 'exec')).toMatchObject({ 'server.address': '127.0.0.1', 'server.port': 6379, 'db.namespace': '0' });
    expect(startOn(a.multi(), 'exec')).toMatchObject({ 'server.address': 'cache.example', 'db.namespace': '1' });
    // A duplicate shares its client's class: an agreeing one changes nothing, a differing one
    // makes a batch of that class unknowable.
    startOn(a.duplicate(), 'get', ['k']);
    expect(startOn(a.multi(), 'exec')).toMatchObject({ 'server.address': 'cache.example', 'db.namespace': '1' });
    startOn(a.duplicate({ database: 2 }), 'get', ['k']);
    const mixed = startOn(a.multi(), 'exec');
    for (const key of CONNECTION) expect(mixed).not.toHaveProperty(key);
  });

  it('leave node-redis 5+ batches to the batch channel, and survive hostile receivers', () => {
    const c = createClient6({ socket: { host: 'cache.example', port: 6380 } });
    startOn(c, 'get', ['k']);
    const attributes = startOn(c.multi(), 'exec');
    for (const key of CONNECTION) expect(attributes).not.toHaveProperty(key);
    const hostile = new Proxy(function () {}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } });
    for (const thisArg of [hostile, { multiExecutor() {}, Multi: hostile }, { multiExecutor() {}, Multi: function () {} }]) {
      expect(() => startOn(thisArg, 'get', [hostile, 'k'])).not.toThrow();
      expect(() => startOn(thisArg, 'exec')).not.toThrow();
    }
  });
});
