import { describe, expect, it } from 'vitest';
import { compileArgPath, formatArgPath, parseArgPath } from '../../src/rules/argPath.js';
import { TracewrightError } from '../../src/errors.js';

describe('compileArgPath', () => {
  it.each([
    ['args[0]', [[0]]],
    ['args[1].method', [[1, 'method']]],
    ['args[0].headers["x-a"]', [[0, 'headers', 'x-a']]],
    ["args[0]['x-a']", [[0, 'x-a']]],
    ['args[2][0]', [[2, 0]]],
    ['args[0].text ?? args[0]', [[0, 'text'], [0]]],
    ['  args[0].a??args[1].$b_2 ?? args[10]  ', [[0, 'a'], [1, '$b_2'], [10]]],
    ['args[0]["a\\"b\\\\c"]', [[0, 'a"b\\c']]],
    ['args[0][""]', [[0, '']]],
  ])('%s', (expression, expected) => {
    expect(compileArgPath(expression)).toEqual(expected);
  });

  it.each([
    ['', 1, 'expected "args[<index>]", found the end'],
    ['arg[0]', 1, 'expected "args[<index>]", found "arg"'],
    ['args', 5, 'expected "[" after "args", found the end'],
    ['args.x', 5, 'expected "[" after "args", found "."'],
    ['args[]', 6, 'expected an index (0, 1, 2, ...) or a quoted key, found "]"'],
    ['args[-1]', 6, 'expected an index (0, 1, 2, ...) or a quoted key, found "-"'],
    ['args[01]', 6, 'index "01" has a leading zero'],
    ['args[1234567890]', 6, 'index "1234567890" is too large'],
    ['args[0', 7, 'expected "]" after the argument index, found the end'],
    ['args[0].', 9, 'expected a property name after ".", found the end; quote other keys: ["x-a"]'],
    ['args[0].x-a', 10, 'expected "??" or the end of the expression, found "-"'],
    ['args[0] args[1]', 9, 'expected "??" or the end of the expression, found "args"'],
    ['args[0] ??', 11, 'expected "args[<index>]", found the end'],
    ['args[0]["x', 9, 'unterminated string (missing ")'],
    ['args[0]["x"', 12, 'expected "]", found the end'],
    ['args[0]["\\n"]', 10, "unsupported escape; only \\\", \\' and \\\\ are allowed"],
    ['args[0] . x', 9, 'expected "??" or the end of the expression, found "."'],
    ['args[0]; process.exit()', 8, 'expected "??" or the end of the expression, found ";"'],
  ])('rejects %j at column %i', (expression, column, message) => {
    expect(parseArgPath(expression)).toEqual({ ok: false, error: { column, message } });
  });

  it('throws a TracewrightError naming the column', () => {
    let error: unknown;
    try {
      compileArgPath('args[0');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TracewrightError);
    expect((error as TracewrightError).message).toBe(
      '[tracewright] invalid arg path "args[0" at column 7: expected "]" after the argument index, found the end',
    );
    expect((error as TracewrightError).column).toBe(7);
  });

  it('formats compiled paths back so that they compile to the same path', () => {
    for (const path of [[0], [1, 'method'], [0, 'headers', 'x-a'], [2, 0], [0, 'a"b\\c']] as const) {
      const text = formatArgPath([...path] as [number, ...(string | number)[]]);
      expect(compileArgPath(text)).toEqual([path]);
    }
    expect(formatArgPath([0, 'headers', 'x-a', 3])).toBe('args[0].headers["x-a"][3]');
  });
});
