/**
 * Every built-in rule is documented (a row of the README's supported-libraries table) and
 * proven (a fixture whose tsc output instruments a site with that rule id).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtinRules } from '../../src/rules/index.js';

const repo = join(import.meta.dirname, '../..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const catalogSection = readme.slice(readme.indexOf('## Supported libraries'));
const catalogTable = catalogSection.slice(0, catalogSection.indexOf('\n\n', catalogSection.indexOf('|')));

/** Rule ids instrumented in any fixture's tsc output (read from the embedded site table). */
function fixtureRuleIds(): Set<string> {
  const ids = new Set<string>();
  const fixtures = join(repo, 'fixtures');
  for (const area of readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const c of readdirSync(join(fixtures, area.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const output = join(fixtures, area.name, c.name, 'output.tsc.js');
      if (!existsSync(output)) continue;
      for (const m of readFileSync(output, 'utf8').matchAll(/\\"r\\":\\"([^"\\]+)\\"/g)) ids.add(m[1]!);
    }
  }
  return ids;
}

describe.each(builtinRules.map((r) => [r.id]))('built-in rule %s', (id) => {
  test('has a row in the README supported-libraries table', () => {
    expect(catalogTable).toMatch(new RegExp('^\\|[^\\n]*`' + id.replace('.', '\\.') + '`', 'm'));
  });
  test('is instrumented by at least one fixture', () => {
    expect([...fixtureRuleIds()]).toContain(id);
  });
});
