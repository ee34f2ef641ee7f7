/**
 * The Redis rules' method lists (src/rules/redisCommands.ts) are exactly what
 * scripts/generateRedisCommands.mjs writes from the installed clients (every
 * major the rules claim: ioredis 5 and 6, node-redis 4, 5 and 6), and every
 * method in them gives its span the command the method sends.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  generateRedisCommands,
  IOREDIS_PACKAGES,
  ioredisSource,
  NODE_REDIS_PACKAGES,
  nodeRedisSource,
  TARGET,
  type NodeRedisSource,
} from '../../scripts/generateRedisCommands.mjs';
import { IOREDIS_COMMANDS, NODE_REDIS_COMMANDS } from '../../src/rules/redisCommands.js';
import { commandOfMethod } from '../../src/runtime/hooks/redisCommand.js';

const repo = join(import.meta.dirname, '../..');
const LEFT_OUT = new Set(['multi', 'exec', 'MULTI', 'EXEC']);

test(`${TARGET} is what the generator writes from the installed clients`, () => {
  const committed = readFileSync(join(repo, TARGET), 'utf8');
  // A mismatch: a client was updated (or an alias added); run `node scripts/generateRedisCommands.mjs`.
  expect(committed, `${TARGET} is stale: run node scripts/generateRedisCommands.mjs`).toBe(generateRedisCommands());
});

describe.each(IOREDIS_PACKAGES)('%s', (pkg) => {
  const source = ioredisSource(pkg);
  test(`every command of @ioredis/commands ${source.tableVersion} is a method the rules match, named after itself`, () => {
    const names = source.names.filter((n) => !LEFT_OUT.has(n));
    expect(IOREDIS_COMMANDS).toEqual(expect.arrayContaining(names));
    for (const n of names) expect(commandOfMethod(n), n).toEqual({ name: n.toUpperCase() });
  });
});

// Arguments tried until a command builds its arguments (most take anything; a few want a shape).
const TRIES: unknown[][] = [
  [], ['k'], ['k', 'v'], ['k', 'v', 'w'], ['k', 1, 2], ['k', 'f', 'v', 'w'], [1], ['k', ['a']], [['a']], ['k', 1],
  ['k', 'm', 1, 2, 'm'], [{}], ['k', {}], ['k', 'v', {}],
  ['k', { longitude: 1, latitude: 2, member: 'm' }], ['k', 'm', { radius: 1, unit: 'm' }], ['k', 'm', { radius: 1, unit: 'm' }, []],
  ['d', 'k', 'm', { radius: 1, unit: 'm' }],
  ['k', { score: 1, value: 'v' }], [{ start: 0, end: 1 }], ['k', [{ encoding: 'u8', offset: 0 }]],
];

/** The words a node-redis method puts first on the wire (its command, then the rest), upper-cased. */
function sentWords(source: NodeRedisSource, name: string): string[] | undefined {
  const command = source.commands[name]!;
  for (const args of TRIES) {
    let sent: unknown[] = [];
    try {
      if (typeof command.parseCommand === 'function') {
        // @redis/client 5+: the command pushes its words into a parser (the name first, so even a
        // command that rejects the arguments later has said which it is).
        const { BasicCommandParser } = source.require('@redis/client/dist/lib/client/parser') as { BasicCommandParser: new () => { redisArgs: unknown[] } };
        const parser = new BasicCommandParser();
        try {
          command.parseCommand(parser, ...args);
        } finally {
          sent = parser.redisArgs;
        }
      } else {
        sent = command.transformArguments!(...args) as unknown[]; // @redis/client 1 (node-redis 4)
      }
    } catch {
      // these arguments do not fit: try the next
    }
    if (Array.isArray(sent) && sent.length > 0) return sent.map((w) => String(w).toUpperCase());
  }
  return undefined;
}

describe.each(NODE_REDIS_PACKAGES)('%s', (pkg) => {
  const source = nodeRedisSource(pkg);
  const names = source.names.filter((n) => !LEFT_OUT.has(n));

  test(`every method of the @redis/client ${source.tableVersion} command table is one the rules match`, () => {
    expect(NODE_REDIS_COMMANDS).toEqual(expect.arrayContaining(names));
  });

  test('every method gives its span the command (and subcommand) it sends', () => {
    const wrong: string[] = [];
    for (const name of names) {
      const sent = sentWords(source, name);
      const { name: command, sub } = commandOfMethod(name);
      const expected = [command, ...(sub === undefined ? [] : sub.split(' '))];
      if (sent === undefined || sent.slice(0, expected.length).join(' ') !== expected.join(' ')) {
        wrong.push(`${name} → ${expected.join(' ')}, sends ${sent?.slice(0, expected.length + 1).join(' ') ?? '(no arguments fit)'}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
