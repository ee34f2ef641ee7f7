/**
 * The bundler path's persistent transform cache: one JSON file per
 * (tracewright code, rules and options, file path, file text), holding the
 * file's whole outcome (code, map, warnings, report entries). A rebuild of
 * unchanged files then loads neither the parser nor the writer. Entries also
 * record the `versions` checks they depended on, re-checked on every hit, so
 * upgrading a package invalidates exactly the files whose rules ask for it.
 *
 * Never a source of errors: an unreadable or corrupt entry is a miss; an
 * unwritable directory turns the cache off for the build with one note.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileOutcome } from './fileOutcome.js';

/** 2: version checks record the installed version. */
const FORMAT = 2;
/** Entries beyond this many, not used by the current build, are removed when it finishes. */
const KEEP_UNUSED = 2000;

/** A cache directory opened for one build. @internal */
export interface TransformCache {
  readonly dir: string;
  key(fileName: string, code: string): string;
  get(key: string): FileOutcome | undefined;
  set(key: string, outcome: FileOutcome): void;
  /** End of build: drops old entries when the directory grows past what builds use. */
  finish(): void;
}

/**
 * @param dir where entries live (created on first write)
 * @param salt everything besides the file that decides an outcome: tracewright's own code, the rules and options
 */
export function openTransformCache(dir: string, salt: string): TransformCache {
  const used = new Set<string>();
  let writable = true;
  const cache: TransformCache = {
    dir,
    key(fileName, code) {
      return createHash('sha256').update(salt).update('\0').update(fileName).update('\0').update(code).digest('hex').slice(0, 40);
    },
    get(key) {
      used.add(key);
      try {
        const entry = JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as { format?: unknown; outcome?: FileOutcome };
        return entry.format === FORMAT && entry.outcome ? entry.outcome : undefined;
      } catch {
        return undefined; // absent or corrupt: computed again and rewritten
      }
    },
    set(key, outcome) {
      if (!writable) return;
      used.add(key);
      const file = join(dir, `${key}.json`);
      const temp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(temp, JSON.stringify({ format: FORMAT, outcome }));
        renameSync(temp, file);
      } catch (error) {
        writable = false;
        process.stderr.write(`[tracewright] transform cache off for this build: cannot write ${dir} (${(error as Error).message.split('\n')[0]})\n`);
      }
    },
    finish() {
      let names: string[];
      try {
        names = readdirSync(dir).filter((n) => n.endsWith('.json'));
      } catch {
        return;
      }
      const unused = names.filter((n) => !used.has(n.slice(0, -'.json'.length)));
      if (unused.length <= KEEP_UNUSED) return;
      const byAge = unused.map((n) => ({ n, t: mtime(join(dir, n)) })).sort((a, b) => a.t - b.t);
      for (const { n } of byAge.slice(0, unused.length - KEEP_UNUSED)) rmSync(join(dir, n), { force: true });
    },
  };
  return cache;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

let ownCodeHash: string | undefined;

/**
 * Identifies tracewright's own code: the hash of the file this function is
 * bundled into (each published entry is one file), so any change to
 * tracewright, released or linked, starts a fresh cache.
 */
export function ownCodeIdentity(file: string): string {
  if (ownCodeHash === undefined) {
    try {
      ownCodeHash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
    } catch {
      ownCodeHash = 'unknown';
    }
  }
  return ownCodeHash;
}
