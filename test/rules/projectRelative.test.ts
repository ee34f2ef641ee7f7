/**
 * The fast project-relative path used for every module a bundler loads must
 * answer exactly as `path.relative` (with `/` separators) does.
 */
import { relative } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { projectRelative } from '../../src/util/projectRelative.js';

const reference = (root: string, file: string) => relative(root, file).split('\\').join('/');

test('examples: under the root, the root itself, outside it, a sibling sharing a prefix, unnormalised paths', () => {
  const root = '/work/app';
  for (const file of ['/work/app/src/a.ts', '/work/app', '/work/other/x.ts', '/work/app2/x.ts', '/work/app/src/../b.ts', '/work/app/./c.ts', '/', '/work/app/']) {
    expect(projectRelative(root, file), file).toBe(reference(root, file));
  }
  expect(projectRelative('/', '/a/b.ts')).toBe('a/b.ts');
});

test('agrees with path.relative on generated absolute paths', () => {
  const segment = fc.constantFrom('a', 'b', 'src', 'node_modules', '..', '.', 'app', 'app2', 'x.ts');
  const path = fc.array(segment, { minLength: 0, maxLength: 6 }).map((parts) => '/' + parts.join('/'));
  fc.assert(fc.property(path, path, (root, file) => {
    const r = relative('/', root) === '' ? '/' : '/' + relative('/', root);
    expect(projectRelative(r, file)).toBe(reference(r, file));
  }), { numRuns: 2000 });
});
