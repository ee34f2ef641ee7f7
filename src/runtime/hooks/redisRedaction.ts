/**
 * Which arguments of a Redis command `db.query.text` shows and which become
 * `?`: the policy of OpenTelemetry's `@opentelemetry/redis-common` serializer
 * (shared by the official ioredis and redis instrumentations, and adopted by
 * ioredis and node-redis for their own tracing channels), written as exact
 * command names instead of its prefix patterns, with three refinements:
 *
 * - a redacted argument is shown as `?` (the placeholder the semantic
 *   conventions use: `HMSET myhash field1 ? field2 ?`) rather than the count
 *   `[3 other arguments]`, so the command's shape stays readable;
 * - HSET/HMSET keep every field name and MSET/MSETNX every key (the official
 *   serializer keeps only the first), their values still become `?`;
 * - EVAL/EVALSHA/FCALL keep the script (or its digest, or the function),
 *   `numkeys` and the keys, and hide ARGV (the official one keeps everything).
 *
 * Like the official one, a command not listed here shows no argument at all
 * (AUTH, HELLO, MIGRATE and custom commands carry credentials or unknown data),
 * and ACL/CONFIG show only their subcommand.
 */

/** @internal Every argument shown: keys, fields, ranges, counts, options. */
export const ALL = -1;
/** @internal Key (and field) names shown, values as `?`: HSET key field ? field ?. */
export const FIELDS_THEN_VALUES = -2;
/** @internal Keys shown, values as `?`: MSET key ? key ?. */
export const KEYS_THEN_VALUES = -3;
/** @internal Script, numkeys and keys shown, ARGV as `?`. */
export const SCRIPT = -4;
// A policy >= 0 shows that many leading arguments (0: none).

// Built on the first command, not when the hook module loads: a program pays for it only once
// it talks to Redis (start-up time is measured against the official instrumentations').
let table: Map<string, number> | undefined;

function set(into: Map<string, number>, policy: number, names: string): void {
  for (const name of names.split(/\s+/)) if (name !== '') into.set(name, policy);
}

/** @internal The policy of every listed command. */
function policyTable(): Map<string, number> {
  const t = new Map<string, number>();
  // Reads and structural commands: arguments are keys, fields, members, ranges,
  // counts and options, never values being written.
  set(
    t,
    ALL,
    `GET GETDEL GETEX GETRANGE GETBIT SUBSTR STRLEN MGET LCS INCR INCRBY INCRBYFLOAT DECR DECRBY
   DEL UNLINK EXISTS TYPE TTL PTTL EXPIRE PEXPIRE EXPIREAT PEXPIREAT EXPIRETIME PEXPIRETIME PERSIST
   TOUCH RENAME RENAMENX COPY MOVE KEYS SCAN RANDOMKEY DUMP OBJECT MEMORY SORT SORT_RO
   HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS HSTRLEN HDEL HINCRBY HINCRBYFLOAT HSCAN HRANDFIELD
   HGETDEL HEXPIRE HPEXPIRE HEXPIREAT HPEXPIREAT HTTL HPTTL HEXPIRETIME HPEXPIRETIME HPERSIST
   LLEN LRANGE LINDEX LPOP RPOP LTRIM LREM LMOVE BLMOVE RPOPLPUSH BRPOPLPUSH BLPOP BRPOP LMPOP BLMPOP
   SCARD SMEMBERS SISMEMBER SMISMEMBER SREM SMOVE SPOP SRANDMEMBER SINTER SINTERCARD SINTERSTORE
   SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN
   ZCARD ZCOUNT ZLEXCOUNT ZRANGE ZRANGESTORE ZRANGEBYSCORE ZRANGEBYLEX ZREVRANGE ZREVRANGEBYSCORE
   ZREVRANGEBYLEX ZRANK ZREVRANK ZSCORE ZMSCORE ZREM ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX
   ZINCRBY ZPOPMIN ZPOPMAX BZPOPMIN BZPOPMAX ZMPOP BZMPOP ZSCAN ZDIFF ZDIFFSTORE ZINTER ZINTERSTORE
   ZINTERCARD ZUNION ZUNIONSTORE ZRANDMEMBER
   XLEN XRANGE XREVRANGE XREAD XREADGROUP XACK XDEL XTRIM XPENDING XINFO XGROUP XCLAIM XAUTOCLAIM
   GEOPOS GEODIST GEOHASH GEOSEARCH GEOSEARCHSTORE GEORADIUS GEORADIUS_RO GEORADIUSBYMEMBER
   GEORADIUSBYMEMBER_RO BITCOUNT BITPOS BITOP BITFIELD_RO PFCOUNT PFMERGE
   PING SELECT DBSIZE INFO TIME LASTSAVE ROLE FLUSHDB FLUSHALL WATCH UNWATCH MULTI EXEC DISCARD QUIT
   WAIT READONLY READWRITE CLIENT CLUSTER COMMAND LATENCY SLOWLOG SCRIPT FUNCTION
   SUBSCRIBE PSUBSCRIBE SSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE PUBSUB`,
  );
  // Writes: the key (or channel) is shown, the values are not.
  set(
    t,
    1,
    `SET SETNX SETEX PSETEX GETSET APPEND SETRANGE SETBIT BITFIELD RESTORE LPUSH RPUSH LPUSHX RPUSHX
   LPOS SADD ZADD GEOADD PFADD XADD PUBLISH SPUBLISH ACL CONFIG MODULE`,
  );
  // The key and the index or pivot: LSET key index ?, LINSERT key BEFORE ? ?, HSETNX key field ?.
  set(t, 2, 'LSET LINSERT HSETNX');
  set(t, FIELDS_THEN_VALUES, 'HSET HMSET');
  set(t, KEYS_THEN_VALUES, 'MSET MSETNX');
  set(t, SCRIPT, 'EVAL EVALSHA EVAL_RO EVALSHA_RO FCALL FCALL_RO');
  return t;
}

/** @internal How `db.query.text` shows the arguments of `command` (upper case). */
export function policyOf(command: string): number {
  return (table ??= policyTable()).get(command) ?? 0;
}

/**
 * @internal Commands whose first argument is a subcommand (`CONFIG SET`); node-redis
 * spells them as one method (`configSet`, `CONFIG_SET`).
 */
export const CONTAINERS: ReadonlySet<string> = new Set(
  `ACL BACKUP BLESS CLIENT CLUSTER COMMAND CONFIG FUNCTION HIMPORT HOTKEYS LATENCY MEMORY MODULE
   OBJECT PUBSUB SCRIPT SLOWLOG XGROUP XINFO`.split(/\s+/),
);

/** @internal Commands that run a stored script or function named by their first argument. */
export const STORED_PROCEDURES: ReadonlySet<string> = new Set(['EVALSHA', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);
