// The CLI's own unified diff: hunks as `diff -u` prints them, colour only when asked.
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/cli/unifiedDiff.js';

const labels = { fromLabel: 'a/x.ts', toLabel: 'b/x.ts' };

describe('unifiedDiff', () => {
  it('prints the hunks `diff -u` prints, merging nothing more than 6 kept lines apart', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
    const b = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
    expect(unifiedDiff(a, b, labels)).toBe([
      '--- a/x.ts', '+++ b/x.ts',
      '@@ -1,5 +1,5 @@', ' a', '-b', '+B', ' c', ' d', ' e',
      '@@ -9,3 +9,4 @@', ' i', ' j', ' k', '+l', '',
    ].join('\n'));
  });

  it('merges changes close together into one hunk and handles empty sides', () => {
    expect(unifiedDiff('p\nq\nr\n', 'q\nR\n', labels)).toBe(['--- a/x.ts', '+++ b/x.ts', '@@ -1,3 +1,2 @@', '-p', ' q', '-r', '+R', ''].join('\n'));
    expect(unifiedDiff('', 'z\n', labels)).toBe(['--- a/x.ts', '+++ b/x.ts', '@@ -0,0 +1,1 @@', '+z', ''].join('\n'));
  });

  it('is empty for equal texts and colours only on request', () => {
    expect(unifiedDiff('same\n', 'same\n', labels)).toBe('');
    const coloured = unifiedDiff('a\n', 'b\n', { ...labels, color: true });
    expect(coloured).toContain('\x1b[36m@@ -1,1 +1,1 @@\x1b[0m');
    expect(coloured).toContain('\x1b[31m-a\x1b[0m');
    expect(coloured).toContain('\x1b[32m+b\x1b[0m');
    expect(unifiedDiff('a\n', 'b\n', labels)).not.toContain('\x1b[');
  });
});
