/**
 * This repository's own JS/TS files as a test corpus (parsers, matcher):
 * every `.[cm]?[jt]sx?` file under the given top-level folders, sorted,
 * skipping `node_modules` and dot-folders (`.tmp`, `.git`).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceCorpus(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.[cm]?[jt]sx?$/.test(name)) out.push(path);
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return out.sort();
}
