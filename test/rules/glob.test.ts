import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/util/glob.js';

const cases: [pattern: string, matches: string[], misses: string[]][] = [
  ['src/*.ts', ['src/a.ts', 'src/.a.ts', './src/a.ts'], ['src/a/b.ts', 'src/a.tsx', 'lib/src/a.ts', 'src/a.ts/x']],
  ['src/**', ['src', 'src/a.ts', 'src/a/b/c.ts'], ['srcx/a.ts', 'lib/src/a.ts']],
  ['src/**/*.ts', ['src/a.ts', 'src/a/b.ts', 'src/a/b/c.ts'], ['src/a.js', 'srcx/a.ts', 'src.ts']],
  ['**/node_modules/**', ['node_modules/x/i.js', 'a/node_modules/x.js', 'node_modules'], ['node_modulesx/a.js', 'a/my_node_modules/x.js']],
  ['**/*.d.ts', ['a.d.ts', 'x/y/a.d.ts'], ['a.ts', 'a.d.tsx']],
  ['**', ['a', 'a/b/c', ''], []],
  ['a/**/b', ['a/b', 'a/x/b', 'a/x/y/b'], ['a/xb', 'ab', 'a/b/c']],
  ['a/**/**/b', ['a/b', 'a/x/y/b'], ['a/b/c']],
  ['?.ts', ['a.ts'], ['ab.ts', '/.ts', '.ts']],
  ['src/{db,cache}/**', ['src/db/a.ts', 'src/cache/b/c.ts'], ['src/dbx/a.ts', 'src/queue/a.ts']],
  ['{src/db,lib}/*.{ts,js}', ['src/db/a.ts', 'lib/a.js'], ['src/a.ts', 'lib/a.tsx']],
  ['a{,.min}.js', ['a.js', 'a.min.js'], ['a.max.js']],
  ['x{a,{b,c}}y', ['xay', 'xby', 'xcy'], ['xy', 'x{b,c}y']],
  ['{a}', ['a'], ['{a}']],
  ['./src/db/**', ['src/db/x.ts', './src/db/x.ts'], ['src/x.ts']],
  ['dist/', ['dist/a.js', 'dist/a/b.js'], ['distx/a.js']],
  ['a**b', ['ab', 'axxb'], ['a/b']],
  ['\\*.ts', ['*.ts'], ['a.ts']],
  ['\\{a,b\\}', ['{a,b}'], ['a', 'b']],
  ['[ab].ts', ['[ab].ts'], ['a.ts']],
  ['a+(b).ts', ['a+(b).ts'], ['ab.ts']],
  ['Src/*.ts', ['Src/a.ts'], ['src/a.ts']],
  ['a//b', ['a/b', 'a//b'], ['ab']],
];

describe('compileGlob', () => {
  it.each(cases)('%s', (pattern, matches, misses) => {
    const match = compileGlob(pattern);
    for (const path of matches) expect(match(path), `${pattern} should match ${path}`).toBe(true);
    for (const path of misses) expect(match(path), `${pattern} should not match ${path}`).toBe(false);
  });

  it.each([
    ['', '[tracewright] invalid glob "": it is empty'],
    ['/src/**', '[tracewright] invalid glob "/src/**": globs are relative to the project root; remove the leading "/"'],
    ['src/{a,b', '[tracewright] invalid glob "src/{a,b": unclosed "{" (escape it as "\\{" if it is meant literally)'],
    ['src/a}', '[tracewright] invalid glob "src/a}": unmatched "}" (escape it as "\\}" if it is meant literally)'],
    ['src\\', '[tracewright] invalid glob "src\\\\": it ends with a lone "\\"'],
    ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', '[tracewright] invalid glob "{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}": more than 1024 brace alternatives'],
  ])('rejects %j', (pattern, message) => {
    expect(() => compileGlob(pattern)).toThrowError(message);
  });
});
