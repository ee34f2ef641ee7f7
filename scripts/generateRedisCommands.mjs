// Writes src/rules/redisCommands.ts: the command methods the catalog's Redis rules match, as
// the union over every major the rules claim (ioredis 5 and 6, node-redis 4, 5 and 6), read
// from the installed clients' own command lists: each ioredis major's `@ioredis/commands`, and
// the command table each node-redis major's `@redis/client` attaches to its client. The older
// majors are the npm aliases of package.json (`ioredis5`, `redis5`, `redis4`).
//
//   node scripts/generateRedisCommands.mjs           rewrite the file
//   node scripts/generateRedisCommands.mjs --check   exit 1 when it is not what this writes
//
// test/rules/redisCommands.test.ts fails when the committed file differs from what this writes
// from the installed packages, so a client update that adds commands cannot go unnoticed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated file, relative to the repository root. */
export const TARGET = 'src/rules/redisCommands.ts';

/** The installed ioredis majors, newest first (as package.json names them). */
export const IOREDIS_PACKAGES = ['ioredis', 'ioredis5'];
/** The installed node-redis majors, newest first. */
export const NODE_REDIS_PACKAGES = ['redis', 'redis5', 'redis4'];

/** `multi()` only starts a batch, whose `exec()` has rules of its own. */
const LEFT_OUT = new Set(['multi', 'exec', 'MULTI', 'EXEC']);
/** Lines of the generated file stay within this many characters. */
const WIDTH = 100;

/** `require` as the installed package `pkg` resolves its own dependencies. */
function requireIn(pkg) {
  return createRequire(createRequire(join(root, 'package.json')).resolve(`${pkg}/package.json`));
}

/** ioredis `pkg`: its version, its `@ioredis/commands` version, and the command names in it. */
export function ioredisSource(pkg) {
  const r = requireIn(pkg);
  return {
    pkg,
    version: r('./package.json').version,
    table: '@ioredis/commands',
    tableVersion: r('@ioredis/commands/package.json').version,
    names: r('@ioredis/commands').list,
  };
}

/**
 * node-redis `pkg`: its version, its `@redis/client` version, and the method names of the
 * command table the client gets (`dist/lib/commands` since @redis/client 5; before, in 1.x for
 * node-redis 4, `dist/lib/client/commands`, the cluster table plus client-only commands), with
 * the table itself for callers that look inside (the test checks what each method sends).
 */
export function nodeRedisSource(pkg) {
  const r = requireIn(pkg);
  const tableVersion = r('@redis/client/package.json').version;
  const path = Number(tableVersion.split('.')[0]) >= 5 ? '@redis/client/dist/lib/commands' : '@redis/client/dist/lib/client/commands';
  const commands = r(path).default;
  return { pkg, version: r('./package.json').version, table: '@redis/client', tableVersion, names: Object.keys(commands), commands, require: r };
}

/**
 * The union of the sources' names, newest first: the newest source's names in its order, then
 * each older source's own names (`older` groups, for a comment saying where they come from).
 */
function union(sources, major) {
  const seen = new Set();
  const groups = [];
  for (const source of sources) {
    const own = source.names.filter((n) => !LEFT_OUT.has(n) && !seen.has(n));
    for (const n of own) seen.add(n);
    if (own.length > 0) groups.push({ from: groups.length === 0 ? undefined : `${major(source)}`, names: own });
  }
  return groups;
}

/** `"a", "b",` lines of at most WIDTH characters, indented by two spaces. */
function wrapNames(names) {
  const lines = [];
  let line = ' ';
  for (const n of names) {
    const item = ` ${JSON.stringify(n)},`;
    if (line.length + item.length > WIDTH - 1 && line.trim() !== '') {
      lines.push(line);
      line = ' ';
    }
    line += item;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/** A ` * `-prefixed paragraph of at most WIDTH characters a line. */
function wrapComment(text) {
  const lines = [];
  let line = ' *';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > WIDTH - 2 && line !== ' *') {
      lines.push(line);
      line = ' *';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** The array declaration of `groups` (see `union`). */
function declaration(doc, name, groups, label) {
  const out = [`/** ${doc} */`, `export const ${name}: readonly string[] = [`];
  for (const group of groups) {
    if (group.from !== undefined) out.push(`  // Only in the command table of ${label} ${group.from}:`);
    out.push(...wrapNames(group.names));
  }
  out.push('];');
  return out.join('\n');
}

/** The text of TARGET as the installed packages make it. */
export function generateRedisCommands() {
  const io = IOREDIS_PACKAGES.map(ioredisSource);
  const nr = NODE_REDIS_PACKAGES.map(nodeRedisSource);
  const major = (s) => s.version.split('.')[0];
  const list = (items) => (items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
  const header = [
    '/**',
    ...wrapComment(
      "The Redis command methods the catalog's Redis rules match, as data: the union over the majors " +
        'the rules claim, generated by `scripts/generateRedisCommands.mjs` (rerun it, do not edit) from ' +
        `\`@ioredis/commands\` ${list(io.map((s) => `${s.tableVersion} (ioredis ${s.version})`))} and the ` +
        `command tables of \`@redis/client\` ${list(nr.map((s) => `${s.tableVersion} (redis ${s.version})`))} ` +
        '(UPPER_CASE and camelCase names). `multi`/`exec` are left out: `multi()` only starts a batch, ' +
        'whose `exec()` has rules of its own. Regenerate when a client adds commands.',
    ),
    ' */',
  ].join('\n');
  return [
    header,
    declaration('ioredis command methods (lower case).', 'IOREDIS_COMMANDS', union(io, major), 'ioredis'),
    declaration('node-redis client command methods.', 'NODE_REDIS_COMMANDS', union(nr, major), 'node-redis'),
  ].join('\n\n') + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(root, TARGET);
  const text = generateRedisCommands();
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== text) {
      console.error(`${TARGET} is not what the installed clients give: run node scripts/generateRedisCommands.mjs`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote ${TARGET}`);
  }
}
