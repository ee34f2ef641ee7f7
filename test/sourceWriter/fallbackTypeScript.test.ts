/**
 * TypeScript is an optional peer of tracewright, used only as the bundler path's fallback parser
 * (where oxc-parser has no binding). When that fallback finds no TypeScript with a JS API, the
 * build gets one error naming what to install, never a bare MODULE_NOT_FOUND or a crash inside
 * TypeScript 7's package (which has no `createSourceFile`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { TracewrightError } from '../../src/errors.js';
import { resolveUsableTypeScript } from '../../src/transformer/parse/typescript.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-fallback-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A require from a project whose node_modules holds `typescript` at `version` (or none). */
function projectWith(name: string, version?: string): NodeJS.Require {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  if (version) {
    mkdirSync(join(root, 'node_modules/typescript'), { recursive: true });
    writeFileSync(join(root, 'node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version, main: 'index.js' }));
    writeFileSync(join(root, 'node_modules/typescript/index.js'), 'module.exports = {};');
  }
  return createRequire(join(root, 'x.js'));
}

const PREFIX = `[tracewright] oxc-parser has no native binding for ${process.platform}-${process.arch}, and the fallback parser needs TypeScript 5.x or 6.x; `;
const FIX = '. Install one beside tracewright (npm i -D typescript@5.9), or run the build where oxc-parser has a binding';

test('no TypeScript installed: one TracewrightError with the install command', () => {
  expect(() => resolveUsableTypeScript(projectWith('none'))).toThrow(new TracewrightError(`${PREFIX}no TypeScript is installed${FIX}`));
});

test('TypeScript 7 (no JS API): says so, with the install command', () => {
  expect(() => resolveUsableTypeScript(projectWith('seven', '7.0.2'))).toThrow(new TracewrightError(`${PREFIX}the installed TypeScript is 7.0.2, which has no JS compiler API${FIX}`));
});

test('TypeScript 5 or 6: its entry file', () => {
  expect(resolveUsableTypeScript(projectWith('five', '5.9.3'))).toBe(join(dir, 'five/node_modules/typescript/index.js'));
  expect(resolveUsableTypeScript(projectWith('six', '6.0.3'))).toBe(join(dir, 'six/node_modules/typescript/index.js'));
});
