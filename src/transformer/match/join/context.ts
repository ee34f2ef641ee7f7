import type { SyntaxApi } from '../../parse/syntaxApi.js';
import { dirname, resolve } from 'node:path';
import { projectRelative } from '../../../util/projectRelative.js';
import type * as ts from 'typescript';
import type { BindingResolver } from '../bindings.js';
import type { RuleIndex } from '../ruleIndex.js';
import type { ModuleDependencies, ProjectModuleView } from '../projectModules.js';

/** What every join point needs to decide a match in one file. @internal */
export interface JoinContext {
  ts: SyntaxApi;
  rules: RuleIndex;
  bindings: BindingResolver;
  checker: ts.TypeChecker | undefined;
  sourceFile: ts.SourceFile;
  /** Absolute path of the file. */
  fileName: string;
  /** Absolute path of the project root (tsconfig directory or bundler root). */
  projectRoot: string;
  /**
   * The bundler path's build-wide view of project modules (what they export), and where this
   * file's matching records the modules it consulted. Absent under tsc (the checker knows).
   */
  projectModules?: { view: ProjectModuleView; dependencies: ModuleDependencies };
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Project-relative `/`-separated path of an absolute file name. */
export function projectPath(ctx: Pick<JoinContext, 'projectRoot'>, fileName: string): string {
  return projectRelative(ctx.projectRoot, fileName);
}

/**
 * The project paths a relative import specifier may load, so that a glob such
 * as `./src/db/**` or `./src/db/*.ts` matches `import "./db/users.js"` without
 * touching the file system.
 */
export function specifierCandidates(ctx: JoinContext, specifier: string): string[] {
  const base = projectPath(ctx, resolve(dirname(ctx.fileName), specifier));
  const stem = base.replace(/\.(c|m)?js$|\.jsx$/, '');
  const out = [base];
  for (const ext of EXTENSIONS) out.push(stem + ext, `${base}/index${ext}`);
  return out;
}

/** True when the relative specifier loads a file the glob matches. */
export function specifierMatches(ctx: JoinContext, specifier: string, matches: (path: string) => boolean): boolean {
  return specifierCandidates(ctx, specifier).some(matches);
}
