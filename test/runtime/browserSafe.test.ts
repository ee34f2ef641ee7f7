/**
 * The runtime is bundled into browser code too (a front-end fetch is
 * instrumented): no module of src/runtime may import a Node built-in
 * statically, or browser builds break.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const runtimeDir = join(import.meta.dirname, '../../src/runtime');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

test('no runtime module imports a Node built-in statically', () => {
  const offenders = sources(runtimeDir).filter((file) =>
    /^\s*import\s+(?!type\b)[^;]*from\s+['"](node:|events|diagnostics_channel|http|https|fs|path|module)['"]/m.test(readFileSync(file, 'utf8')));
  expect(offenders).toEqual([]);
});
