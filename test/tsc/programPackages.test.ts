/**
 * Under tsc, method rules of packages the program never loads are left out of matching, so the
 * catalog's common method names (`get`, `set`, `query`) do not send every file of a project
 * without Redis through the checker. A package the program does load keeps its rules, including
 * node-redis, whose classes are declared in `@redis/client`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { resolvedBuiltinRules } from '../../src/rules/index.js';
import { programPackages, rulesForProgram } from '../../src/transformer/match/programPackages.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { loadTypeScript } from '../helpers/typescript.js';

const ts = loadTypeScript();
const root = resolve(import.meta.dirname, '../.tmp/program-packages');

function keptRuleIds(source: string): string[] | undefined {
  mkdirSync(root, { recursive: true });
  const file = join(root, `input-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, types: ['node'],
  });
  return rulesForProgram(indexRules(resolvedBuiltinRules()), programPackages(program))?.map((r) => r.id);
}

const DB_RULES = [
  'pg.query', 'pg.connect', 'mysql2.query', 'mariadb.query', 'mariadb.batch', 'ioredis.command', 'ioredis.exec', 'redis.command', 'redis.exec',
  'better-sqlite3.exec', 'better-sqlite3.statement', 'better-sqlite3.iterate',
];

test('a program that loads no database package keeps no database rule', () => {
  const kept = keptRuleIds(`export const get = (m: Map<string, number>) => m.get('a');\n`);
  expect(kept).toBeDefined();
  expect(kept!.filter((id) => DB_RULES.includes(id))).toEqual([]);
  expect(kept).toContain('fetch');
});

test('pg and node-redis (declared in @redis/client) keep their rules; the others are dropped', () => {
  const kept = keptRuleIds(`import { Pool } from 'pg';\nimport { createClient } from 'redis';\nexport const p = new Pool();\nexport const c = createClient();\n`);
  expect(kept!.filter((id) => DB_RULES.includes(id))).toEqual(['pg.query', 'pg.connect', 'redis.command', 'redis.exec']);
});

test('better-sqlite3 (typed by @types/better-sqlite3) keeps its three rules', () => {
  const kept = keptRuleIds(`import Database from 'better-sqlite3';
export const db = new Database(':memory:');
`);
  expect(kept!.filter((id) => DB_RULES.includes(id))).toEqual(['better-sqlite3.exec', 'better-sqlite3.statement', 'better-sqlite3.iterate']);
});
