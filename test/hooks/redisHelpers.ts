/**
 * Shared by the Redis hook suites: the site table the emitted code would
 * carry for Redis rules (a command rule in `auto` and `callback` mode, an exec
 * rule), unique key names, and the spans as the tests compare them.
 */
import * as rt from '../../src/runtime/index.js';
// What an instrumented file whose sites name the Redis hooks imports.
import '../../src/runtime/hooks/entries/redis.js';
import { finishedSpans, simplifySpans, type SimpleSpan } from '../helpers/otel.js';

/** Site numbers in the table of {@link redisSites}. */
export const COMMAND = 0;
export const COMMAND_CALLBACK = 1;
export const EXEC = 2;

/** Lines of those sites in `src/cache.ts` (all at column 7). */
const LINES = [3, 4, 5];

/** The sites of a file using `hookId`'s rules, as `__tw.sites(json)` returns them. */
export function redisSites(hookId: 'ioredis' | 'redis'): rt.Site[] {
  return rt.sites(
    JSON.stringify({
      v: 1,
      f: 'src/cache.ts',
      s: [
        { r: `${hookId}.command`, n: 'redis', k: 2, h: hookId, m: 'auto' },
        { r: `${hookId}.command`, n: 'redis', k: 2, h: hookId, m: 'callback' },
        { r: `${hookId}.exec`, n: 'redis', k: 2, h: hookId, m: 'auto' },
      ],
      c: [
        [0, LINES[0], 7],
        [1, LINES[1], 7],
        [2, LINES[2], 7],
      ],
    }),
  );
}

/** `code.*` of site `i`. */
export function codeOf(i: number): Record<string, string | number> {
  return { 'code.file.path': 'src/cache.ts', 'code.line.number': LINES[i] as number, 'code.column.number': 7 };
}

let counter = 0;

/** A key no other test (or concurrent run) uses; remember it for cleanup. */
export function uniqueKey(keys: string[], what: string): string {
  const key = `tw:test:${process.pid}:${Date.now().toString(36)}:${counter++}:${what}`;
  keys.push(key);
  return key;
}

/** The finished spans, simplified, in start order. */
export function spans(): SimpleSpan[] {
  return simplifySpans(finishedSpans());
}
