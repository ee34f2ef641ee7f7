/**
 * `callback-arg` and `result: "install"` rules under tsc's type checker, on the real Express
 * typings (@types/express, whose `Express` and `Router` extend express-serve-static-core's
 * `Application` and `Router`: declared there, hence `declaredIn`): route registrations match by
 * the receiver's type, `app.get('env')` (no args[1]) is not a site, a value of another type is
 * not matched, and `app.listen()` is a server root.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { validateRules } from '../../src/rules/validate.js';
import type { LibraryTypes, Rule } from '../../src/rules/types.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import { loadTypeScript } from '../helpers/typescript.js';

const ts = loadTypeScript();
const root = resolve(import.meta.dirname, '../../test/.tmp/callback-arg-tsc');
mkdirSync(root, { recursive: true });

const RULES: Rule[] = [
  { id: 'express.route', join: 'callback-arg', module: 'express', class: ['Application', 'Router'], name: ['get', 'post', 'use'], callback: 'args[1..]' },
  { id: 'express.listen', join: 'method', module: 'express', class: 'Application', name: 'listen', hooks: 'http', result: 'install' },
];
const TYPES: LibraryTypes[] = [{ module: 'express', returns: { default: 'Application', Router: 'Router' }, declaredIn: ['express-serve-static-core'] }];

function match(code: string, checker: boolean) {
  const fileName = resolve(root, 'input.ts');
  let sourceFile: import('typescript').SourceFile;
  let typeChecker: import('typescript').TypeChecker | undefined;
  if (checker) {
    const options = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true, types: ['node'],
      typeRoots: [resolve(import.meta.dirname, '../../node_modules/@types')], baseUrl: resolve(import.meta.dirname, '../..') };
    const host = ts.createCompilerHost(options);
    const get = host.getSourceFile.bind(host);
    host.getSourceFile = (n, l, e, c) => resolve(n) === fileName ? ts.createSourceFile(n, code, l, true) : get(n, l, e, c);
    const exists = host.fileExists.bind(host);
    host.fileExists = (n) => resolve(n) === fileName || exists(n);
    const program = ts.createProgram([fileName], options, host);
    sourceFile = program.getSourceFile(fileName)!;
    typeChecker = program.getTypeChecker();
    expect(program.getSemanticDiagnostics(sourceFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  } else {
    sourceFile = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  }
  const result = matchCallSites(sourceFile, { ts, rules: indexRules(validateRules(RULES, 'test'), TYPES), checker: typeChecker, fileName, projectRoot: root });
  return {
    sites: result.joinPoints.map((j) => `${j.rule.id}@${j.line} ${j.kind}`),
    skipped: result.skipped.map((s) => `${s.ruleId}@${s.line} ${s.reason}`),
  };
}

const CODE = [
  `import express, { Router, type Request, type Response } from 'express';`,
  `const app = express();`,
  `const env: unknown = app.get('env');`,
  `app.get('/users/:id', (req: Request, res: Response) => { res.send(req.params.id); });`,
  `const router = Router();`,
  `router.post('/p', (_req, res, next) => next(), (_req, res) => res.end());`,
  `app.use('/api', router);`,
  `function mount(target: express.Router) { target.get('/x', (_req, res) => res.end()); }`,
  `const notExpress = { get: (p: string, h: () => void) => h() };`,
  `notExpress.get('/y', () => undefined);`,
  `const server = app.listen(0);`,
  `void env; void mount; void server;`,
].join('\n');

test('type-aware: Express receivers by type (interfaces declared in express-serve-static-core), no site without args[1]', () => {
  expect(match(CODE, true)).toEqual({
    sites: ['express.route@4 callback-arg', 'express.route@6 callback-arg', 'express.route@7 callback-arg', 'express.route@8 callback-arg', 'express.listen@11 call'],
    skipped: [],
  });
});

test('syntactic (the bundler path): the same sites, through LibraryTypes factories and the annotation; an object literal receiver is reported as for method rules', () => {
  const syntactic = match(CODE, false);
  expect(syntactic.sites).toEqual(match(CODE, true).sites);
  expect(syntactic.skipped).toEqual(['express.route@10 cannot tell the type of the receiver of .get() without type information']);
});
