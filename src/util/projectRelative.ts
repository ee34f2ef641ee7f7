import { relative, sep } from 'node:path';

/** A path that `path.relative` would normalise: `.`/`..` or empty segments, a trailing separator. */
const UNNORMALISED = /(?:^|[\\/])\.{1,2}(?:[\\/]|$)|[\\/]{2}|[\\/]$/;

/**
 * `/`-separated path of `file` relative to `root` (both absolute). Files under
 * the root, nearly every call, take a slice instead of `path.relative`, which
 * resolves both paths first: this runs for every module a bundler loads.
 */
export function projectRelative(root: string, file: string): string {
  if (file.length > root.length + 1 && file.startsWith(root) && (file[root.length] === sep || file[root.length] === '/')) {
    const rest = file.slice(root.length + 1);
    if (!UNNORMALISED.test(rest)) return sep === '/' ? rest : rest.split(sep).join('/');
  }
  return relative(root, file).split(sep).join('/');
}
