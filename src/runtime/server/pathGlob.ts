/**
 * The globs of the `ignorePaths` option, matched against a request's
 * `url.path` (`/health`, `/internal/metrics`), compiled once when request
 * handling is installed on a server. The syntax:
 *
 * - `*` matches any run of characters except `/` (also an empty one);
 * - `?` matches one character except `/`;
 * - `**` as a whole segment matches zero or more segments: `/internal/**`
 *   matches `/internal`, `/internal/` and `/internal/a/b`; `/**` matches
 *   every path; elsewhere it is the same as `*`;
 * - everything else is literal and case-sensitive; the query string is not
 *   part of the path and never matched.
 *
 * Patterns start with `/`, as paths do; the build rejects any other.
 */

/** A compiled set of path globs: `true` when `path` matches one of them. */
export type PathMatcher = (path: string) => boolean;

const REGEX_SPECIAL = /[\\^$.+()[\]{}|]/;

/** @internal The regular expression source of one glob (anchored by the caller). */
function globSource(pattern: string): string {
  const segments = pattern.split('/');
  let out = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment === '**' && i > 0) {
      // `/**` as a segment: zero or more segments, with their slashes.
      out += '(?:/.*)?';
      continue;
    }
    if (i > 0) out += '/';
    for (let j = 0; j < segment.length; j++) {
      const ch = segment[j] as string;
      if (ch === '*') {
        while (segment[j + 1] === '*') j++;
        out += '[^/]*';
      } else if (ch === '?') out += '[^/]';
      else out += REGEX_SPECIAL.test(ch) ? `\\${ch}` : ch;
    }
  }
  return out;
}

/** Why `pattern` is not a path glob, or `undefined` when it is one. */
export function pathGlobProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'expected a string';
  if (!pattern.startsWith('/')) return 'a path glob starts with "/" (it is matched against url.path, e.g. "/health")';
  return undefined;
}

/**
 * One matcher for `patterns` (invalid entries are skipped: the build has
 * reported them), or `undefined` when there is nothing to match.
 */
export function compilePathGlobs(patterns: unknown): PathMatcher | undefined {
  if (!Array.isArray(patterns)) return undefined;
  const sources: string[] = [];
  for (const pattern of patterns) if (pathGlobProblem(pattern) === undefined) sources.push(globSource(pattern as string));
  if (sources.length === 0) return undefined;
  const regex = new RegExp(`^(?:${sources.join('|')})$`);
  return (path) => regex.test(path);
}
