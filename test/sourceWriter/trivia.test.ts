/**
 * Where a token starts after white space and comments must be where
 * TypeScript's scanner says (directive placement, the oxc view's `pos`):
 * TypeScript's white-space set includes U+0085 and U+200B, which /\s/ lacks.
 */
import ts from 'typescript';
import { expect, test } from 'vitest';
import { parseSource } from '../../src/transformer/parse/parseSource.js';
import { skipTrivia } from '../../src/util/text.js';

const TEXT = 'a;\n\u200b\u0085\u00a0/* c */ // d\n\u2028\u3000foo();\n';

test('skipTrivia stops where TypeScript starts the next statement', () => {
  const sf = ts.createSourceFile('t.ts', TEXT, ts.ScriptTarget.Latest, true);
  const second = sf.statements[1]!;
  expect(skipTrivia(TEXT, sf.statements[0]!.end)).toBe(second.getStart(sf));
});

test("the oxc view's pos of a statement is TypeScript's", () => {
  const sf = ts.createSourceFile('t.ts', TEXT, ts.ScriptTarget.Latest, true);
  const view = parseSource(TEXT, '/t.ts', '.ts', '/', 'oxc').sourceFile;
  expect(view.statements[1]!.getStart()).toBe(sf.statements[1]!.getStart(sf));
  expect(view.statements[1]!.pos).toBe(sf.statements[1]!.pos);
});
