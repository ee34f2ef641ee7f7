// Redis command names from client methods and raw commands, and db.query.text
// with values redacted (keys, fields and read options kept; values as `?`;
// unknown commands fully hidden), bounded whatever the caller passes.
import { describe, expect, it } from 'vitest';
import {
  commandOfArray,
  commandOfCall,
  commandOfMethod,
  MAX_ARG_LENGTH,
  MAX_ARGS,
  queryText,
} from '../../src/runtime/hooks/redisCommand.js';

describe('commandOfMethod', () => {
  const names: [string, string, string?][] = [
    ['get', 'GET'],
    ['GET', 'GET'],
    ['hset', 'HSET'], // ioredis
    ['hSet', 'HSET'], // node-redis camel case
    ['HSET', 'HSET'], // node-redis upper case
    ['getBuffer', 'GET'], // ioredis *Buffer variants
    ['hgetallBuffer', 'HGETALL'],
    ['zRangeByScore', 'ZRANGEBYSCORE'],
    ['zRangeWithScores', 'ZRANGE'], // node-redis reply variants
    ['ZRANGE_WITHSCORES', 'ZRANGE'],
    ['hRandFieldCountWithValues', 'HRANDFIELD'],
    ['lPopCount', 'LPOP'],
    ['bitCount', 'BITCOUNT'], // a real command ending like a variant
    ['sInterStore', 'SINTERSTORE'],
    ['evalRo', 'EVAL_RO'],
    ['EVALSHA_RO', 'EVALSHA_RO'],
    ['georadius_ro', 'GEORADIUS_RO'], // ioredis
    ['geoRadiusRoWith', 'GEORADIUS_RO'],
    ['configSet', 'CONFIG', 'SET'], // container commands
    ['CONFIG_SET', 'CONFIG', 'SET'],
    ['clientSetName', 'CLIENT', 'SETNAME'],
    ['pubSubChannels', 'PUBSUB', 'CHANNELS'],
    ['xInfoStream', 'XINFO', 'STREAM'],
    ['ACL_LOG_RESET', 'ACL', 'LOG RESET'],
    ['config', 'CONFIG'], // ioredis: the subcommand is an argument
    ['myCustomCommand', 'MYCUSTOMCOMMAND'],
    ['GEORADIUSSTORE', 'GEORADIUS'], // node-redis 4: a STORE variant, no command of its own
    ['GEORADIUSBYMEMBERSTORE', 'GEORADIUSBYMEMBER'],
    ['geoRadiusByMemberStore', 'GEORADIUSBYMEMBER'],
    ['INCREXBYFLOAT', 'INCREX'], // node-redis 6: INCREX ... BYFLOAT
    ['incrExByFloat', 'INCREX'],
    ['CLUSTER_COUNT_FAILURE_REPORTS', 'CLUSTER', 'COUNT-FAILURE-REPORTS'], // node-redis 4 drops the dashes
    ['CLUSTER_COUNT-FAILURE-REPORTS', 'CLUSTER', 'COUNT-FAILURE-REPORTS'], // node-redis 5+
    ['clusterCountFailureReports', 'CLUSTER', 'COUNT-FAILURE-REPORTS'],
    ['CLUSTER_SET_CONFIG_EPOCH', 'CLUSTER', 'SET-CONFIG-EPOCH'],
    ['clientNoEvict', 'CLIENT', 'NO-EVICT'],
    ['memoryMallocStats', 'MEMORY', 'MALLOC-STATS'],
    ['aclLogReset', 'ACL', 'LOG RESET'],
    ['functionListWithCode', 'FUNCTION', 'LIST WITHCODE'],
    ['CONFIG_RESETASTAT', 'CONFIG', 'RESETSTAT'], // node-redis' misspelt method
  ];
  it.each(names)('%s → %s %s', (method, name, sub) => {
    expect(commandOfMethod(method)).toEqual(sub === undefined ? { name } : { name, sub });
  });
});

describe('commandOfCall and commandOfArray', () => {
  it('reads raw commands by their first argument', () => {
    expect(commandOfCall('call', ['set', 'k', 'v'])).toEqual({ name: 'SET', args: ['k', 'v'] });
    expect(commandOfCall('callBuffer', ['GET', 'k'])).toEqual({ name: 'GET', args: ['k'] });
    expect(commandOfCall('send_command', ['get', ['k']])).toEqual({ name: 'GET', args: [['k']] });
    expect(commandOfCall('sendCommand', [['HSET', 'h', 'f', 'v'], { isolated: true }])).toEqual({ name: 'HSET', args: ['h', 'f', 'v'] });
    expect(commandOfCall('sendCommand', [{ name: 'get', args: ['k'] }])).toEqual({ name: 'GET', args: ['k'] }); // ioredis Command
    expect(commandOfArray([Buffer.from('get'), 'k'])).toEqual({ name: 'GET', args: ['k'] });
  });

  it('puts a camel-case subcommand back in front of the arguments', () => {
    const args = ['maxmemory', '1mb'];
    expect(commandOfCall('configSet', args)).toEqual({ name: 'CONFIG', args: ['SET', 'maxmemory', '1mb'] });
    expect(args).toEqual(['maxmemory', '1mb']); // the caller's array is untouched
  });

  it('gives up on raw commands without a name', () => {
    expect(commandOfCall('call', [])).toBeUndefined();
    expect(commandOfCall('sendCommand', [[]])).toBeUndefined();
    expect(commandOfCall('sendCommand', ['GET'])).toBeUndefined();
    expect(commandOfCall('call', [{ name: 'x' }])).toBeUndefined();
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } });
    expect(commandOfCall('sendCommand', [hostile])).toBeUndefined();
  });
});

describe('queryText', () => {
  const secret = new (class Secret {
    toString(): string {
      return 'leaked';
    }
  })();
  const texts: [string, unknown[], string][] = [
    ['PING', [], 'PING'],
    ['GET', ['user:1'], 'GET user:1'],
    ['MGET', [['a', 'b'], 'c'], 'MGET a b c'], // arrays flattened
    ['DEL', ['a', 'b', () => {}], 'DEL a b'], // trailing callback dropped
    ['SET', ['k', 'secret', 'EX', 10], 'SET k ? ? ?'],
    ['SET', ['k', 'secret', { EX: 10 }], 'SET k ? ? ?'], // node-redis options
    ['HSET', ['h', 'f1', 'v1', 'f2', 'v2'], 'HSET h f1 ? f2 ?'],
    ['HSET', ['h', { f1: 'v1', f2: 'v2' }], 'HSET h f1 ? f2 ?'],
    ['HSET', ['h', new Map([['f1', 'v1']])], 'HSET h f1 ?'],
    ['HMSET', ['h', 'f', 'v'], 'HMSET h f ?'],
    ['MSET', [{ k1: 'v1', k2: 'v2' }], 'MSET k1 ? k2 ?'],
    ['HGET', ['h', 'f'], 'HGET h f'],
    ['LPUSH', ['list', 'a', 'b'], 'LPUSH list ? ?'],
    ['LSET', ['list', 0, 'v'], 'LSET list 0 ?'],
    ['ZADD', ['z', { score: 1, value: 'm' }], 'ZADD z ? ? ? ?'],
    ['PUBLISH', ['channel', 'message'], 'PUBLISH channel ?'],
    ['SCAN', [0, { MATCH: 'user:*', COUNT: 100 }], 'SCAN 0 MATCH user:* COUNT 100'],
    ['INCRBY', ['n', 5], 'INCRBY n 5'],
    ['EVAL', ['return 1', 2, 'k1', 'k2', 'argv1'], 'EVAL return 1 2 k1 k2 ?'],
    ['EVALSHA', ['abc123', '1', 'k', 'a', 'b'], 'EVALSHA abc123 1 k ? ?'],
    ['EVAL', ['return 1', 'x', 'a'], 'EVAL return 1 x ?'], // unreadable numkeys: no keys
    ['AUTH', ['user', 'password'], 'AUTH ? ?'], // not listed: nothing shown
    ['HELLO', [3, 'AUTH', 'user', 'pass'], 'HELLO ? ? ? ?'],
    ['ECHO', ['hi'], 'ECHO ?'],
    ['MYCOMMAND', ['a'], 'MYCOMMAND ?'],
    ['CONFIG', ['SET', 'requirepass', 'hunter2'], 'CONFIG SET ? ?'],
    ['ACL', ['SETUSER', 'bob', '>pw'], 'ACL SETUSER ? ?'],
    ['CLIENT', ['SETNAME', 'worker'], 'CLIENT SETNAME worker'],
    ['GET', [Buffer.from('bin:key')], 'GET bin:key'],
    ['GET', [secret], 'GET ?'], // objects are never stringified
    ['GET', [new Date(0)], 'GET ?'],
    ['GET', [1n, true], 'GET 1 true'],
    ['DEL', ['a', null, undefined, 'b'], 'DEL a b'],
  ];
  it.each(texts)('%s %o → %s', (name, args, text) => {
    expect(queryText({ name, args })).toBe(text);
  });

  it('reads no getter of an argument object', () => {
    let reads = 0;
    const options = Object.defineProperty({ MATCH: 'a*' }, 'COUNT', { enumerable: true, get: () => ++reads });
    expect(queryText({ name: 'SCAN', args: [0, options] })).toBe('SCAN 0 MATCH a* COUNT ?');
    expect(reads).toBe(0);
  });

  it('is bounded: at most MAX_ARGS arguments, each kept one cut at MAX_ARG_LENGTH', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}`);
    const text = queryText({ name: 'DEL', args: [keys] });
    expect(text.split(' ')).toHaveLength(1 + MAX_ARGS + 1);
    expect(text.endsWith(' …')).toBe(true);
    const long = 'x'.repeat(10_000);
    expect(queryText({ name: 'GET', args: [long] })).toBe(`GET ${'x'.repeat(MAX_ARG_LENGTH)}…`);
    expect(queryText({ name: 'GET', args: [Buffer.alloc(10_000, 'y')] })).toBe(`GET ${'y'.repeat(MAX_ARG_LENGTH)}…`);
    const deep = [[[[['too deep']]]]];
    expect(queryText({ name: 'DEL', args: [deep] })).toBe('DEL ?');
  });

  it('never throws (a throwing Proxy keeps what was rendered)', () => {
    const hostile = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); } });
    expect(queryText({ name: 'GET', args: ['a', hostile, 'b'] })).toBe('GET a');
  });
});
