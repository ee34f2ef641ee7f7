/**
 * Builds load oxc-parser's native binding directly (the package entry costs a
 * cold build ~15 ms more); the tree must be the one the package entry gives,
 * on every fixture input and every source of this repository.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { oxcParsersForTests } from '../../src/transformer/parse/parseSource.js';
import { sourceCorpus } from '../helpers/sourceCorpus.js';

const files = sourceCorpus(process.cwd(), ['fixtures', 'src', 'test']);

test('the binding loads directly on this platform', () => {
  expect(oxcParsersForTests().binding).toBeTypeOf('function');
});

test(`the binding and the package entry give the same program, comments, errors and module flag (${files.length} files)`, () => {
  const { binding, packageEntry } = oxcParsersForTests();
  // BigInt and RegExp literal values are filled in by the package entry only; the matcher never reads them.
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' || v instanceof RegExp ? null : v)));
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const lang = file.endsWith('.tsx') ? 'tsx' : /\.[cm]?ts$/.test(file) ? 'ts' : 'jsx';
    const a = binding!(file, code, { lang, sourceType: 'unambiguous', preserveParens: true });
    const b = packageEntry(file, code, { lang, sourceType: 'unambiguous', preserveParens: true });
    expect(plain(a.program), file).toEqual(plain(b.program));
    expect(a.comments, file).toEqual(b.comments);
    expect(a.errors, file).toEqual(b.errors);
    expect(a.module.hasModuleSyntax, file).toBe(b.module.hasModuleSyntax);
  }
});
