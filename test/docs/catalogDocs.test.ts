/**
 * docs/catalog.md is generated from the built-in catalog: rendering it from src/rules must give
 * the committed file, so a rule change without `npm run docs:catalog` fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/rules/index.js';
import { HOOK_EFFECTS, renderCatalog, TARGET } from '../../scripts/generateCatalogDocs.mjs';

const repo = join(import.meta.dirname, '../..');

describe('docs/catalog.md', () => {
  it('is what `npm run docs:catalog` writes from src/rules', () => {
    const committed = readFileSync(join(repo, TARGET), 'utf8');
    // Compared as a boolean first so the failure names the command, then as text for the diff.
    if (committed !== renderCatalog(builtinRules)) {
      expect.fail(`${TARGET} is stale: run \`npm run docs:catalog\` and commit the result`);
    }
  });

  it('has a row per built-in rule, under its library heading', () => {
    const page = renderCatalog(builtinRules);
    for (const rule of builtinRules) expect(page).toMatch(new RegExp('^\\| `' + rule.id.replaceAll('.', '\\.') + '` \\| ' + rule.join + ' \\|', 'm'));
    expect(page).toContain('## PostgreSQL: pg (node-postgres)');
  });

  it('describes every hook a built-in rule names, and names the missing one otherwise', () => {
    for (const rule of builtinRules) if (rule.hooks) expect(HOOK_EFFECTS).toHaveProperty([rule.hooks]);
    const unknown = { id: 'x.y', join: 'call', module: 'x', export: 'f', hooks: 'no-such-hook' } as const;
    expect(() => renderCatalog([unknown])).toThrow('hook "no-such-hook" of rule x.y has no HOOK_EFFECTS entry');
  });

  it('shows static and argument attributes of a rule', () => {
    const page = renderCatalog([{ id: 'db.query', join: 'call', module: './src/db/**', export: 'query',
      span: { name: 'db.query', kind: 'client', attributes: { 'db.system.name': 'postgresql' }, args: { 'db.query.text': 'args[0]' } } }]);
    expect(page).toContain('| `db.query` | call | `query` of `./src/db/**` | any | `db.query`, client | `db.system.name` = `"postgresql"`<br>`db.query.text` ← `args[0]` | – | `auto` |');
  });
});
