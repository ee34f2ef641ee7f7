/**
 * Hooks reach a program only through their family's entry module
 * (`@tracewright/runtime/hooks/<family>`), which the writers import beside the runtime for the
 * families a file's sites name. So: the runtime alone registers no built-in hook; each entry
 * registers exactly the ids the rules map to its family; every id has a family with an entry, and
 * the runtime package exports the entries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOOK_FAMILIES, HOOK_IDS } from '../../src/rules/hookIds.js';
import { getHooks } from '../../src/runtime/hooks/index.js';
import '../../src/runtime/index.js';

const ENTRIES = new URL('../../src/runtime/hooks/entries/', import.meta.url);

describe('hook family entries', () => {
  it('the runtime alone registers no built-in hook', () => {
    for (const id of HOOK_IDS) expect(getHooks(id), id).toBeUndefined();
  });

  it('one entry file per family, and every hook id has a family', () => {
    const files = readdirSync(ENTRIES).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(files).toEqual([...new Set(Object.values(HOOK_FAMILIES))].sort());
    expect(Object.keys(HOOK_FAMILIES).sort()).toEqual([...HOOK_IDS].sort());
  });

  it.each([...new Set(Object.values(HOOK_FAMILIES))])('entries/%s registers exactly its ids', async (family) => {
    const before = new Set(HOOK_IDS.filter((id) => getHooks(id)));
    await import(new URL(`${family}.ts`, ENTRIES).href);
    const added = HOOK_IDS.filter((id) => getHooks(id) && !before.has(id));
    const expected = HOOK_IDS.filter((id) => HOOK_FAMILIES[id] === family && !before.has(id));
    expect(added).toEqual(expected);
  });

  it('@tracewright/runtime exports the entries as hooks/<family>', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../packages/runtime/package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports['./hooks/*']).toEqual({
      import: { types: './dist/cjs/hooks/entries/*.d.ts', default: './dist/esm/hooks/entries/*.js' },
      require: { types: './dist/cjs/hooks/entries/*.d.ts', default: './dist/cjs/hooks/entries/*.js' },
    });
  });
});
