// `tracewright diff` in-process with a terminal on stdout: hunks cyan, removed lines red, added green.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.js';

function io(isTty: boolean) {
  const out: string[] = [];
  return { out, io: { out: (t: string) => void out.push(t), err: (t: string) => void out.push(t), isTty, cwd: resolve(__dirname, 'projects/bundler-app') } };
}

describe('tracewright diff colour', () => {
  it('colours only on a TTY', async () => {
    const tty = io(true);
    expect(await main(['diff', 'src/app.mjs'], tty.io)).toBe(0);
    const text = tty.out.join('');
    expect(text).toContain('\x1b[36m@@ -1,10 +1,12 @@\x1b[0m\n');
    expect(text).toContain("\x1b[31m-  const response = await fetch('http://127.0.0.1:9/ping');\x1b[0m\n");
    expect(text).toContain('\x1b[32m+  const response = await __tw.call1(');
    const plain = io(false);
    expect(await main(['diff', 'src/app.mjs'], plain.io)).toBe(0);
    expect(plain.out.join('')).not.toContain('\x1b[');
  });
});
