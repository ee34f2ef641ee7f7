// The `redis` (node-redis) hooks against the real Redis on 127.0.0.1:6379, for
// every installed major (redis 6, and 5 as `redis5`), driven
// through the runtime's own call helpers: the scenario table of
// `redisScenarios.ts` (commands in camel case, upper case and raw
// `sendCommand` form, errors with their Redis prefix, `multi()` executed as a
// transaction or a pipeline as one span, the database index, results left
// unchanged), then the option shapes no server is needed for (credentials
// never read).
import { createRequire } from 'node:module';
import { createClient as createClient6 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nodeRedisHooks } from '../../src/runtime/hooks/redis.js';
import type { CallStart } from '../../src/runtime/hooks/types.js';
import { resetSpans, setupOtel } from '../helpers/otel.js';
import { service } from '../helpers/services.js';
import { COMMAND, redisSites, runScenario, scenariosFor, type AnyClient, type RedisDriver } from './redisHelpers.js';
import { NODE_REDIS_SCENARIOS } from './redisScenarios.js';

const up = await service('redis');
const S = redisSites('redis');
const require = createRequire(import.meta.url);

/** An installed major: its `createClient` and the version it is. */
interface Major {
  major: number;
  version: string;
  createClient: (options?: object) => AnyClient;
}

function major(pkg: string, createClient: unknown): Major {
  const version = (require(`${pkg}/package.json`) as { version: string }).version;
  return { major: Number(version.split('.')[0]), version, createClient: createClient as Major['createClient'] };
}

const MAJORS: Major[] = [major('redis', createClient6), major('redis5', createClient5)];

function driver({ major, createClient }: Major): RedisDriver {
  return {
    major,
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
  expect(MAJORS.map((m) => m.major)).toEqual([6, 5]);
});

describe.skipIf(!up).each(MAJORS)('node-redis $major ($version) hooks (real Redis)', (m) => {
  const d = driver(m);
  let main: AnyClient;
  const keys: string[] = [];
  beforeAll(() => {
    setupOtel();
  });
  // A fresh client per scenario: no scenario depends on what ran before it.
  beforeEach(async () => {
    resetSpans();
    main = await d.connect(0);
  });
  afterEach(async () => {
    if (keys.length > 0) await main.del(keys.splice(0));
    await d.close(main);
  });

  it.each(scenariosFor(NODE_REDIS_SCENARIOS, d.major))('%s', async (_title, scenario) => {
    await runScenario(scenario, { driver: d, main, sites: S, keys });
  });
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
