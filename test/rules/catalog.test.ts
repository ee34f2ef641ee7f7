import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/rules/index.js';
import { validateRules } from '../../src/rules/validate.js';
import { HOOK_IDS } from '../../src/rules/hookIds.js';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';

/** Files of src/rules that are machinery, not catalog. */
const INFRASTRUCTURE = new Set(['types', 'defineRule', 'argPath', 'validate', 'validateSpan', 'validateCallbackAndInstall', 'callbackSelector', 'hookIds', 'index', 'libraryTypes', 'redisCommands', 'ruleFile']);
const dir = join(__dirname, '../../src/rules');
const catalogFiles = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((f) => !INFRASTRUCTURE.has(f));

describe('built-in catalog', () => {
  it('validates', () => {
    expect(() => validateRules(builtinRules, 'builtin')).not.toThrow();
  });

  it('has unique ids', () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists every rule of every library file, each under its file name prefix', async () => {
    const exported: Rule[] = [];
    for (const file of catalogFiles) {
      const mod = (await import(`../../src/rules/${file}.ts`)) as Record<string, Rule | LibraryTypes>;
      // Beside its rules a library file may declare what its calls return (LibraryTypes, no id).
      const rules = Object.values(mod).filter((value): value is Rule => 'id' in value);
      expect(rules.length, `${file}.ts exports no rule`).toBeGreaterThan(0);
      for (const rule of rules) {
        // The first id segment starts with the library's name: the file name up to its first
        // capital, written as an identifier (better-sqlite3.* in betterSqlite3.ts; http.ts also
        // holds https.*, httpServer.ts the http.* and https.* server roots).
        const prefix = rule.id.split('.')[0]!.replace(/[^a-z0-9]/gi, '').toLowerCase();
        const library = /^[a-z0-9]+/.exec(file)![0];
        expect(prefix.startsWith(library), `${rule.id} in ${file}.ts`).toBe(true);
        exported.push(rule);
      }
    }
    expect(new Set(exported)).toEqual(new Set(builtinRules));
  });

  it('uses only known hooks', () => {
    for (const rule of builtinRules) if (rule.hooks !== undefined) expect(HOOK_IDS).toContain(rule.hooks);
  });
});
