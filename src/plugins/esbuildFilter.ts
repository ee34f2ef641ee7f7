/**
 * esbuild filters `onLoad` by path only, with Go regular expressions (no lookahead), and every
 * module that passes makes a round trip into JavaScript. Node_modules files are never
 * instrumented unless an `include` glob names a package, so the filter itself excludes them:
 * "does not contain `/node_modules/`" is a regular language. Spelled as its automaton: outside a
 * `/…` run any character; a `/` may be followed by partial spellings of `node_modules` each ended
 * by another `/`, then a character that breaks the spelling; at the very end a partial (or whole)
 * spelling may run into the file extension.
 * @internal
 */

const WORD = 'node_modules';

/** `(?:n(?:o(?:…)?)?)?`: the prefixes of `node_modules` up to `length` characters. */
function prefixes(length: number): string {
  let out = '';
  for (let i = length - 1; i >= 0; i--) out = `${WORD[i]}${out ? `(?:${out})?` : ''}`;
  return `(?:${out})?`;
}

/** `[^/n]|n(?:[^/o]|o(?:…|s[^/]))`: after a `/`, characters that stop spelling `node_modules/`. */
function breaking(i = 0): string {
  const c = WORD[i]!;
  return `[^/${c}]|${c}${i === WORD.length - 1 ? '[^/]' : `(?:${breaking(i + 1)})`}`;
}

const PROPER = prefixes(WORD.length - 1);
const SLASH_RUN = `/(?:${PROPER}/)*`;

/** Source files (`.ts` … `.cjs`) whose path has no `/node_modules/` segment. */
export const SOURCE_OUTSIDE_NODE_MODULES = new RegExp(
  `^(?:[^/]|${SLASH_RUN}(?:${breaking()}))*(?:${SLASH_RUN}${prefixes(WORD.length)})?\\.[cm]?[jt]sx?$`,
);

/** Every source file (when an `include` glob adds packages from node_modules). */
export const ANY_SOURCE = /\.[cm]?[jt]sx?$/;
