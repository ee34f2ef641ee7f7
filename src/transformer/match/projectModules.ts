/**
 * The build-wide view of what the project's own modules export, for the bundler path (under
 * tsc the checker knows): services create their pool once (`export const pool = new Pool()`,
 * a factory `export function newClient() { return new Client() }`, a re-export) and import it
 * everywhere else. When the matcher meets `pool.query()` on an imported binding it asks this
 * view, which parses the exporting module (once per build) and answers with the same syntactic
 * instance tracking as for the file itself. Every module consulted is recorded per file (and the
 * tsconfig/package.json an alias was resolved through), so a cached outcome is replayed only
 * while those files are unchanged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type * as ts from 'typescript';
import type { SyntaxApi } from '../parse/syntaxApi.js';
import { BindingResolver } from './bindings.js';
import { declaredInstanceOf, instanceOf, type InstanceOf } from './instanceOf.js';
import type { JoinContext } from './join/context.js';
import type { RuleIndex } from './ruleIndex.js';
import { ProjectSpecifierResolver, type SpecifierResolution } from './resolveProjectSpecifier.js';

/** Parses a project module (the bundler path's parser); undefined when it does not parse. */
export type ParseModule = (code: string, fileName: string, ext: string) => { api: SyntaxApi; sourceFile: ts.SourceFile } | undefined;

/** The modules one file's matching consulted: absolute path → content hash. @internal */
export type ModuleDependencies = Map<string, string>;

interface ProjectModule {
  ctx: JoinContext;
  hash: string;
}

const MAX_DEPTH = 8;

/** Content hash of a module, as recorded in dependencies. */
export function moduleHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** One build's view of the project's modules (see the file comment). @internal */
export class ProjectModuleView {
  private readonly modules = new Map<string, ProjectModule | null>();
  private readonly exportsInstances = new Map<string, boolean>();
  /** Which file a specifier loads (relative, directory index, tsconfig `paths`/`baseUrl`, self-reference); memoised per build. */
  readonly specifiers = new ProjectSpecifierResolver();

  /**
   * @param hashFile a file's content hash ({@link moduleHash}), read once per build and shared with
   *   the transform cache's dependency checks; null when unreadable
   */
  constructor(
    private readonly projectRoot: string,
    private readonly rules: RuleIndex,
    private readonly parse: ParseModule,
    private readonly hashFile: (file: string) => string | null,
  ) {}

  /**
   * The project file a specifier loads from `fromFile` (`'..'`, `'./dir'`, `.js` → `.ts`,
   * `'@/db'` through tsconfig `paths`, the package's own name), or undefined (a package, or nothing).
   */
  resolveModule(fromFile: string, specifier: string, deps?: ModuleDependencies): string | undefined {
    const answer = this.specifiers.resolve(specifier, fromFile);
    if (deps) this.recordConfigs(answer, deps);
    return answer.kind === 'project' ? answer.file : undefined;
  }

  /** Records in `deps` the tsconfig and package.json files an answer was read from, so editing an alias re-matches. */
  recordConfigs(answer: SpecifierResolution, deps: ModuleDependencies): void {
    for (const file of answer.via ?? []) {
      const hash = this.hashFile(file);
      if (hash !== null) deps.set(file, hash);
    }
  }

  /** What `file` exports as `name`: an instance, `null` (known not to be one), or undefined (cannot tell). */
  exportedInstance(file: string, name: string, deps: ModuleDependencies, depth = 0): InstanceOf | null | undefined {
    const m = this.module(file, deps);
    if (!m || depth > MAX_DEPTH) return undefined;
    return this.findExport(m, file, name, (ctx, node) => {
      const t = ctx.ts;
      if (t.isVariableDeclaration(node)) return fromFile(file, declaredInstanceOf(node, ctx));
      if (t.isFunctionDeclaration(node) || t.isClassDeclaration(node)) return null;
      return fromFile(file, instanceOf(node as ts.Expression, ctx));
    }, (target, local) => this.exportedInstance(target, local, deps, depth + 1));
  }

  /** What calling the function `file` exports as `name` returns (a factory), or undefined. */
  exportedFactoryResult(file: string, name: string, deps: ModuleDependencies, depth = 0): InstanceOf | null | undefined {
    const m = this.module(file, deps);
    if (!m || depth > MAX_DEPTH) return undefined;
    return this.findExport(m, file, name, (ctx, node) => {
      const t = ctx.ts;
      const fn = t.isVariableDeclaration(node) ? node.initializer : node;
      return fn && (t.isFunctionDeclaration(fn) || t.isArrowFunction(fn) || t.isFunctionExpression(fn)) ? fromFile(file, functionResult(fn, ctx)) : undefined;
    }, (target, local) => this.exportedFactoryResult(target, local, deps, depth + 1));
  }

  /** Finds export `name` of a parsed module and evaluates it with `local`; re-exports go through `next`. */
  private findExport(
    m: ProjectModule, file: string, name: string,
    local: (ctx: JoinContext, node: ts.Node) => InstanceOf | null | undefined,
    next: (target: string, name: string) => InstanceOf | null | undefined,
  ): InstanceOf | null | undefined {
    const { ctx } = m;
    const t = ctx.ts;
    for (const st of ctx.sourceFile.statements) {
      const flags = t.getCombinedModifierFlags(st as unknown as ts.Declaration);
      const exported = (flags & t.ModifierFlags.Export) !== 0;
      const isDefault = (flags & t.ModifierFlags.Default) !== 0;
      if (exported && t.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (t.isIdentifier(d.name) && d.name.text === name) return local(ctx, d);
      } else if (exported && (t.isFunctionDeclaration(st) || t.isClassDeclaration(st)) && (isDefault ? name === 'default' : st.name?.text === name)) {
        return local(ctx, st);
      } else if (t.isExportAssignment(st) && name === 'default') {
        return local(ctx, st.expression);
      } else if (t.isExportDeclaration(st) && !st.isTypeOnly) {
        const from = st.moduleSpecifier && t.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        const target = from === undefined ? undefined : this.resolveModule(file, from, ctx.projectModules?.dependencies);
        if (st.exportClause && t.isNamedExports(st.exportClause)) {
          for (const spec of st.exportClause.elements) {
            if (spec.name.text !== name) continue;
            const localName = spec.propertyName ?? spec.name;
            if (from === undefined) return t.isIdentifier(localName) ? localValue(ctx, localName, local) : undefined;
            return target ? next(target, localName.text) : undefined;
          }
        } else if (!st.exportClause && target && name !== 'default') {
          const found = next(target, name);
          if (found !== undefined) return found;
        }
      }
    }
    return undefined;
  }

  /**
   * Whether the module exports any instance or a factory of one (cached per build). Parses the
   * module: callers decide from its text first whether it could (session/importPrefilter.ts).
   */
  exportsAnyInstance(file: string): boolean {
    let answer = this.exportsInstances.get(file);
    if (answer !== undefined) return answer;
    this.exportsInstances.set(file, false); // cycles
    answer = false;
    const deps: ModuleDependencies = new Map();
    for (const name of this.exportNames(file)) {
      if (this.exportedInstance(file, name, deps) || this.exportedFactoryResult(file, name, deps)) { answer = true; break; }
    }
    this.exportsInstances.set(file, answer);
    return answer;
  }

  /** The names a module exports directly or through `export *` (one level of names per module). */
  private exportNames(file: string, seen = new Set<string>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const m = this.module(file, new Map());
    if (!m) return [];
    const t = m.ctx.ts;
    const names: string[] = [];
    for (const st of m.ctx.sourceFile.statements) {
      const flags = t.getCombinedModifierFlags(st as unknown as ts.Declaration);
      if ((flags & t.ModifierFlags.Export) !== 0) {
        if (t.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (t.isIdentifier(d.name)) names.push(d.name.text);
        if (t.isFunctionDeclaration(st) && st.name) names.push((flags & t.ModifierFlags.Default) !== 0 ? 'default' : st.name.text);
      } else if (t.isExportAssignment(st)) {
        names.push('default');
      } else if (t.isExportDeclaration(st) && !st.isTypeOnly) {
        if (st.exportClause && t.isNamedExports(st.exportClause)) for (const spec of st.exportClause.elements) names.push(spec.name.text);
        else if (!st.exportClause && st.moduleSpecifier && t.isStringLiteral(st.moduleSpecifier)) {
          const target = this.resolveModule(file, st.moduleSpecifier.text);
          if (target) names.push(...this.exportNames(target, seen));
        }
      }
    }
    return names;
  }

  /** A project module parsed once per build (null when unreadable or unparsable); recorded in `deps`. */
  private module(file: string, deps: ModuleDependencies): ProjectModule | null {
    let m = this.modules.get(file);
    if (m === undefined) {
      m = null;
      try {
        const code = readFileSync(file, 'utf8');
        const ext = /\.[^./]+$/.exec(file)?.[0] ?? '.js';
        const parsed = this.parse(code, file, ext);
        if (parsed) {
          const ctx: JoinContext = {
            ts: parsed.api, rules: this.rules, bindings: new BindingResolver(parsed.api), checker: undefined,
            sourceFile: parsed.sourceFile, fileName: file, projectRoot: this.projectRoot, projectModules: { view: this, dependencies: deps },
          };
          m = { ctx, hash: moduleHash(code) };
        }
      } catch {
        m = null;
      }
      this.modules.set(file, m);
    }
    if (m) {
      deps.set(file, m.hash);
      // The module's own lookups record into the caller's dependencies.
      m.ctx.projectModules = { view: this, dependencies: deps };
    }
    return m;
  }
}

/** An instance found in `file`: a relative module specifier made absolute, so the importing file reads it from anywhere. */
function fromFile(file: string, found: InstanceOf | null | undefined): InstanceOf | null | undefined {
  return found && found.module.startsWith('.') ? { ...found, module: resolve(dirname(file), found.module) } : found;
}

/** A local name exported with `export { name }`: its declaration, evaluated by `local`. */
function localValue(ctx: JoinContext, id: ts.Identifier, local: (ctx: JoinContext, node: ts.Node) => InstanceOf | null | undefined): InstanceOf | null | undefined {
  const decl = ctx.bindings.declarationOf(id);
  if (!decl) return undefined;
  const t = ctx.ts;
  if (t.isVariableDeclaration(decl) || t.isFunctionDeclaration(decl) || t.isClassDeclaration(decl)) return local(ctx, decl);
  // An imported binding re-exported: evaluate the name itself (instanceOf follows the import).
  return local(ctx, id);
}

/** What a function returns: its return type annotation, or every `return` agreeing on one instance. */
function functionResult(fn: ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression, ctx: JoinContext): InstanceOf | null | undefined {
  const t = ctx.ts;
  if (fn.type && t.isTypeReferenceNode(fn.type)) {
    const origin = ctx.bindings.resolveEntityName(fn.type.typeName);
    if (origin?.kind === 'module' && origin.path.length === 1) return { module: origin.module, className: origin.path[0]! };
  }
  if (!fn.body) return undefined;
  if (!t.isBlock(fn.body)) return instanceOf(fn.body, ctx);
  let result: InstanceOf | null | undefined;
  let first = true;
  const visit = (node: ts.Node): boolean => {
    if (t.isFunctionLike(node) || t.isClassLike(node)) return false; // returns of nested functions are theirs
    if (t.isReturnStatement(node)) {
      const value = node.expression ? instanceOf(node.expression, ctx) : null;
      if (first) {
        result = value;
        first = false;
      } else if (!value || !result || value.module !== result.module || value.className !== result.className) {
        result = undefined;
        return true;
      }
      return false;
    }
    return t.forEachChild(node, (kid) => (visit(kid) ? true : undefined)) === true;
  };
  t.forEachChild(fn.body, (kid) => (visit(kid) ? true : undefined));
  return first ? undefined : result;
}
