/**
 * A method rule whose receiver is an object a module exports, not an instance user code creates:
 * `NestFactory.create(...)`, where @nestjs/core exports `const NestFactory: NestFactoryStatic`.
 * Under tsc the receiver's declared type decides; without a checker (the bundler path, parsed with
 * oxc) the catalog's LibraryTypes `instances` says what the export is, in every import form.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { validateRules } from '../../src/rules/validate.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';
import { loadTypeScript } from '../helpers/typescript.js';

const root = resolve(import.meta.dirname, '../.tmp/exported-instance');
mkdirSync(root, { recursive: true });
const TYPES: LibraryTypes[] = [{ module: '@nestjs/core', instances: { NestFactory: 'NestFactoryStatic' }, returns: {} }];
const RULES: Rule[] = [{ id: 'nest.create', join: 'method', module: '@nestjs/core', class: 'NestFactoryStatic', name: 'create' }];

const CODE = `import { NestFactory } from '@nestjs/core';
import { NestFactory as Factory } from '@nestjs/core';
import * as core from '@nestjs/core';
const { NestFactory: required } = require('@nestjs/core');
class AppModule {}
export async function main() {
  await NestFactory.create(AppModule);
  await Factory.create(AppModule);
  await core.NestFactory.create(AppModule);
  await required.create(AppModule);
  const local = { create(m: unknown) { return m; } };
  local.create(AppModule);
  await NestFactory.createApplicationContext(AppModule);
}
`;

function syntactic(code: string, types: readonly LibraryTypes[]) {
  const fileName = resolve(root, 'input.ts');
  const parsed = parseSource(code, fileName, '.ts', root);
  const result = matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules: indexRules(validateRules(RULES, 'test'), types), checker: undefined, fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return { lines: result.joinPoints.map((j) => j.line), skipped: result.skipped.map((s) => `${s.line} ${s.reason}`) };
}

function typed(code: string) {
  const ts = loadTypeScript();
  const fileName = resolve(root, 'input.ts');
  const options = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const get = host.getSourceFile.bind(host);
  host.getSourceFile = (n, l, e, c) => resolve(n) === fileName ? ts.createSourceFile(n, code, l, true) : get(n, l, e, c);
  const exists = host.fileExists.bind(host);
  host.fileExists = (n) => resolve(n) === fileName || exists(n);
  const program = ts.createProgram([fileName], options, host);
  const result = matchCallSites(program.getSourceFile(fileName)!, {
    ts, rules: indexRules(validateRules(RULES, 'test'), TYPES), checker: program.getTypeChecker(), fileName, projectRoot: root, checkVersion: createVersionCheck(),
  });
  return result.joinPoints.map((j) => j.line);
}

describe('NestFactory.create: a method of an exported object', () => {
  test('without a checker: matched through LibraryTypes instances, named, aliased, namespace and require forms', () => {
    // The object literal's `create` is no NestFactory; syntax cannot tell an object literal's class, so it is reported, as for any method rule.
    expect(syntactic(CODE, TYPES)).toEqual({ lines: [7, 8, 9, 10], skipped: ['12 cannot tell the type of the receiver of .create() without type information'] });
  });

  test('without the declaration the export is no known instance: nothing matches', () => {
    expect(syntactic(CODE, []).lines).toEqual([]);
  });

  test('under tsc the declared type (NestFactoryStatic of @nestjs/core) decides', () => {
    expect(typed(CODE.replace("const { NestFactory: required } = require('@nestjs/core');", 'const required = NestFactory;'))).toEqual([7, 8, 9, 10]);
  });
});
