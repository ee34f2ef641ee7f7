import type { SyntaxApi } from '../../parse/syntaxApi.js';
import { dirname, resolve } from 'node:path';
import { projectRelative } from '../../../util/projectRelative.js';
import type * as ts from 'typescript';
import type { BindingResolver } from '../bindings.js';
import type { RuleIndex } from '../ruleIndex.js';
import type { ModuleDependencies, ProjectModuleView } from '../projectModules.js';
import type { ExplainDecision } from '../explain.js';
import { isRelativeSpecifier, sourceFileCandidates, type SpecifierResolver } from '../resolveProjectSpecifier.js';

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
  /**
   * Which file an import specifier loads, as the file's module resolution decides (under tsc the
   * program's; in the bundler path the project module view's). Absent: relative specifiers only.
   */
  specifiers?: SpecifierResolver;
  /** Receives every decision with its reason (`tracewright explain`); absent in builds. */
  explain?: (decision: ExplainDecision) => void;
}

/** Whether a glob may match a project file that a specifier loads: yes, no, or cannot tell (why). @internal */
export type GlobVerdict = boolean | { reason: string };

/** Project-relative `/`-separated path of an absolute file name. */
export function projectPath(ctx: Pick<JoinContext, 'projectRoot'>, fileName: string): string {
  return projectRelative(ctx.projectRoot, fileName);
}

/**
 * The project paths a relative specifier may load when no file answers it (a module the build
 * generates, a virtual one): a glob such as `./src/db/**` or `./src/db/*.ts` still matches
 * `import "./db/users.js"`, from the text alone.
 */
export function specifierCandidates(ctx: JoinContext, specifier: string): string[] {
  return sourceFileCandidates(projectPath(ctx, resolve(dirname(ctx.fileName), specifier)));
}

/**
 * Whether a project file's path matches a rule's glob: the file itself (`src/db.ts`), its path
 * without extension (`./src/db`), or for an `index.*` its directory (`./src/db` for `src/db/index.ts`).
 */
export function fileMatches(path: string, matches: (path: string) => boolean): boolean {
  const stem = path.replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
  return matches(path) || matches(stem) || (stem.endsWith('/index') && matches(stem.slice(0, -'/index'.length)));
}

/**
 * Whether the specifier, imported by this file, loads a project file the glob matches. A
 * specifier nothing resolves that could still be a project file (an alias without its tsconfig,
 * a package that is not installed) answers with the reason, for the report.
 */
export function specifierMatches(ctx: JoinContext, specifier: string, matches: (path: string) => boolean): GlobVerdict {
  const resolver = ctx.specifiers ?? ctx.projectModules?.view.specifiers;
  const answer = resolver?.resolve(specifier, ctx.fileName);
  if (answer && ctx.projectModules) ctx.projectModules.view.recordConfigs(answer, ctx.projectModules.dependencies);
  if (answer?.kind === 'project') return fileMatches(projectPath(ctx, answer.file), matches);
  if (answer?.kind === 'package') return false;
  if (isRelativeSpecifier(specifier)) return specifierCandidates(ctx, specifier).some(matches);
  return answer ? { reason: `cannot tell which file "${specifier}" loads: ${answer.reason}` } : false;
}
