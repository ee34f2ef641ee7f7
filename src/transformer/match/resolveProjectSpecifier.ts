/**
 * Which file an import specifier loads, answered the way the importing file's module resolution
 * answers it, so that project-glob rules (`module: "./src/**"`) and the build-wide view of project
 * modules see `'..'`, `'./'`, `'./dir'`, `'./x.js'` (for `x.ts`), tsconfig `paths`/`baseUrl`
 * aliases (`@/db`) and the package's references to itself (`my-app/db`) as the project files they
 * are. Under tsc the program's own resolution decides ({@link programSpecifierResolver}); the
 * bundler path resolves on the file system ({@link ProjectSpecifierResolver}), memoised per build.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type * as ts from 'typescript';
import { isBuiltinModule } from './ruleIndex.js';
import { pathsTargets, readTsconfigPaths, type TsconfigPaths } from './tsconfigPaths.js';

/** Source extensions a specifier without one may load, in the order resolution tries them. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/**
 * The files a path without a known file may load, in the order resolution tries them: itself,
 * with a source extension (`.js` → `.ts` too), then its directory's `index.*`. `separator` joins
 * the index (the platform's for file names, `/` for project paths).
 */
export function sourceFileCandidates(base: string, separator = '/'): string[] {
  const stem = base.replace(/\.(c|m)?jsx?$/, '');
  return [base, ...SOURCE_EXTENSIONS.map((ext) => stem + ext), ...SOURCE_EXTENSIONS.map((ext) => `${base}${separator}index${ext}`)];
}

/**
 * `from './x'`, `require('../x')`, `import('.')`: a relative specifier (group 1) in a file's text.
 * No lookahead or backreference, so hosts can hand it to a native filter.
 */
export const RELATIVE_SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport\s*\()\s*['"](\.{1,2}(?:\/[^'"\n]*)?)['"]/;

/** Any quoted specifier of an import, re-export, side-effect `import 'x'`, `import()` or `require()` (group 1). */
export const IMPORT_SPECIFIER = /(?:\bfrom|\brequire\s*\(|\bimport\s*\(?)\s*['"]([^'"\n]+)['"]/;

/**
 * What a specifier loads: a project source file, a package (or built-in), or cannot tell and why.
 * `via`: the configuration files (tsconfig and what it extends, package.json) the answer read, so
 * that a cached decision is dropped when one of them changes.
 */
export type SpecifierResolution =
  | { kind: 'project'; file: string; via?: readonly string[] }
  | { kind: 'package'; via?: readonly string[] }
  | { kind: 'unresolved'; reason: string; via?: readonly string[] };

/** Resolves specifiers as the importing file's module resolution does. @internal */
export interface SpecifierResolver {
  resolve(specifier: string, fromFile: string): SpecifierResolution;
}

/** True for `.`, `..`, `./x`, `../x`: a path relative to the importing file. */
export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

const PACKAGE = { kind: 'package' } as const;
const CONDITIONS = new Set(['types', 'import', 'require', 'node', 'module', 'default']);

/**
 * The bundler path's resolver: relative paths, directory `index.*` files, `.js` → `.ts`, the
 * nearest tsconfig's `paths` and `baseUrl`, package `imports` (`#db`) and self-references through
 * the package's own `name` and `exports`; everything else installed under node_modules is a package.
 * One per build: answers and the configs read are memoised. @internal
 */
export class ProjectSpecifierResolver implements SpecifierResolver {
  private readonly answers = new Map<string, SpecifierResolution>();
  private readonly tsconfigs = new Map<string, TsconfigPaths | null>();
  private readonly packageJsons = new Map<string, { dir: string; json: Record<string, unknown> } | null>();
  private readonly files = new Map<string, string | null>();

  resolve(specifier: string, fromFile: string): SpecifierResolution {
    const dir = dirname(fromFile);
    const key = `${dir}\0${specifier}`;
    let answer = this.answers.get(key);
    if (!answer) this.answers.set(key, answer = this.compute(specifier, dir));
    return answer;
  }

  /** The tsconfig nearest to `dir` (what a bundler's tsconfig support and the editor use), or undefined. */
  tsconfigFor(dir: string): TsconfigPaths | undefined {
    let found = this.tsconfigs.get(dir);
    if (found === undefined) {
      const file = join(dir, 'tsconfig.json');
      const parent = dirname(dir);
      found = existsSync(file) ? readTsconfigPaths(file) ?? null : parent === dir || dir.endsWith(`${sep}node_modules`) ? null : this.tsconfigFor(parent) ?? null;
      this.tsconfigs.set(dir, found);
    }
    return found ?? undefined;
  }

  private compute(specifier: string, dir: string): SpecifierResolution {
    if (notAFile(specifier)) return PACKAGE;
    if (isRelativeSpecifier(specifier) || specifier.startsWith('/')) {
      const file = this.loadFile(resolve(dir, specifier));
      return file ? projectOrPackage(file) : { kind: 'unresolved', reason: `no file for "${specifier}"` };
    }
    // A project file found, or none, through configuration: the decision depends on those files
    // (an installed package's does not, short of an alias shadowing it).
    const answer = this.computeBare(specifier, dir);
    if (answer.kind === 'package') return answer;
    const pkg = this.packageJson(dir);
    const via = [...(this.tsconfigFor(dir)?.files ?? []), ...(pkg ? [join(pkg.dir, 'package.json')] : [])];
    return via.length ? { ...answer, via } : answer;
  }

  /** A bare specifier (`@/db`, `#db`, `my-app/db`, `pg`): `imports`, `paths`, `baseUrl`, self-reference, node_modules. */
  private computeBare(specifier: string, dir: string): SpecifierResolution {
    const pkg = this.packageJson(dir);
    if (specifier.startsWith('#')) {
      const targets = pkg ? mappedTargets(pkg.json.imports, specifier) : [];
      const file = this.loadTargets(targets, pkg?.dir ?? dir);
      return file ? projectOrPackage(file) : { kind: 'unresolved', reason: `"${specifier}" is not one of the package.json "imports"${pkg ? ` of ${pkg.dir}` : ''}` };
    }
    const tsconfig = this.tsconfigFor(dir);
    for (const target of tsconfig ? pathsTargets(tsconfig.paths, specifier) : []) {
      const file = this.loadFile(target);
      if (file) return projectOrPackage(file);
    }
    if (tsconfig?.baseUrl) {
      const file = this.loadFile(resolve(tsconfig.baseUrl, specifier));
      if (file) return projectOrPackage(file);
    }
    const name = typeof pkg?.json.name === 'string' ? pkg.json.name : undefined;
    if (pkg && name && (specifier === name || specifier.startsWith(`${name}/`)) && pkg.json.exports !== undefined) {
      const subpath = specifier === name ? '.' : `.${specifier.slice(name.length)}`;
      const file = this.loadTargets(mappedTargets(pkg.json.exports, subpath), pkg.dir);
      if (file) return projectOrPackage(file);
      return { kind: 'unresolved', reason: `"${specifier}" names this package, but its "exports" lead to no source file` };
    }
    if (this.installed(packageName(specifier), dir)) return PACKAGE;
    return { kind: 'unresolved', reason: `"${specifier}" is neither an installed package nor a tsconfig "paths"/"baseUrl" path or the package's own name` };
  }

  /** The file a path loads: itself, with a source extension (`.js` → `.ts`), or its directory's `index.*`. */
  private loadFile(base: string): string | undefined {
    let found = this.files.get(base);
    if (found === undefined) {
      found = sourceFileCandidates(base, sep).find((file) => !file.endsWith('.d.ts') && isFile(file)) ?? null;
      this.files.set(base, found);
    }
    return found ?? undefined;
  }

  /** The first `exports`/`imports` target that is a source file, or whose build output maps back to one (`outDir` → `rootDir`). */
  private loadTargets(targets: readonly string[], pkgDir: string): string | undefined {
    const tsconfig = this.tsconfigFor(pkgDir);
    for (const target of targets) {
      if (!target.startsWith('./')) continue;
      const abs = resolve(pkgDir, target);
      const direct = abs.endsWith('.d.ts') ? undefined : this.loadFile(abs);
      if (direct) return direct;
      if (tsconfig?.outDir && abs.startsWith(tsconfig.outDir + sep)) {
        const source = resolve(tsconfig.rootDir ?? dirname(tsconfig.file), relative(tsconfig.outDir, abs)).replace(/\.d\.[cm]?ts$/, '.js');
        const mapped = this.loadFile(source);
        if (mapped) return mapped;
      }
    }
    return undefined;
  }

  /** The nearest package.json above `dir` (memoised per directory). */
  private packageJson(dir: string): { dir: string; json: Record<string, unknown> } | undefined {
    let found = this.packageJsons.get(dir);
    if (found === undefined) {
      found = null;
      const file = join(dir, 'package.json');
      try {
        // Most directories have none: asked first, so that their answer costs no thrown error.
        if (isFile(file)) found = { dir, json: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
      } catch { /* unreadable or not JSON: as if absent */ }
      const parent = dirname(dir);
      if (!found && parent !== dir && !dir.endsWith(`${sep}node_modules`)) found = this.packageJson(parent) ?? null;
      this.packageJsons.set(dir, found);
    }
    return found ?? undefined;
  }

  /** Whether `node_modules/<name>` exists in `dir` or above. */
  private installed(name: string, dir: string): boolean {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules', name))) return true;
      if (dirname(d) === d) return false;
    }
  }
}

/** A built-in, or a URL-like id (`virtual:x`, `data:…`, a bundler's `\0` id; not a drive letter `C:`): never a project file. */
function notAFile(specifier: string): boolean {
  return isBuiltinModule(specifier) || specifier.startsWith('\0') || /^[a-z][a-z\d+.-]+:/i.test(specifier);
}

/** A resolved file is the project's unless it lies in an installed package. */
function projectOrPackage(file: string): SpecifierResolution {
  return file.includes(`${sep}node_modules${sep}`) || file.includes('/node_modules/') ? PACKAGE : { kind: 'project', file };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * The targets an `exports` or `imports` map gives `subpath` (`.`, `./db`, `#db`): exact keys, then
 * `*` patterns (longest prefix first), each condition object read in its own order.
 */
export function mappedTargets(map: unknown, subpath: string): string[] {
  if (map === undefined || map === null) return [];
  const isSubpathMap = typeof map === 'object' && !Array.isArray(map) && Object.keys(map).some((k) => k.startsWith('.') || k.startsWith('#'));
  if (!isSubpathMap) return subpath === '.' ? conditionTargets(map) : [];
  const entries = map as Record<string, unknown>;
  if (Object.hasOwn(entries, subpath)) return conditionTargets(entries[subpath]);
  let best: { prefix: number; targets: string[] } | undefined;
  for (const [key, value] of Object.entries(entries)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length - 1) continue;
    if (best && best.prefix >= prefix.length) continue;
    const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
    best = { prefix: prefix.length, targets: conditionTargets(value).map((t) => t.split('*').join(matched)) };
  }
  return best?.targets ?? [];
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (value && typeof value === 'object') {
    return Object.entries(value).filter(([k]) => CONDITIONS.has(k)).flatMap(([, v]) => conditionTargets(v));
  }
  return [];
}

/** Whether `file` is a file; a missing one answers without a thrown error (most candidates are missing). */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // not a directory on the way, no permission
  }
}

/**
 * The tsc path's resolver: exactly the program's answer (`paths`, `baseUrl`, `moduleResolution`,
 * self-references under `node16`/`bundler`), read from the resolutions tsc made while building the
 * program, else asked of `resolveModuleName` with the program's options. @internal
 */
export function programSpecifierResolver(t: typeof import('typescript'), program: ts.Program): SpecifierResolver {
  const answers = new Map<string, SpecifierResolution>();
  const options = program.getCompilerOptions();
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => program.getSourceFile(f) !== undefined || t.sys.fileExists(f),
    readFile: (f) => program.getSourceFile(f)?.text ?? t.sys.readFile(f),
    ...(t.sys.realpath ? { realpath: t.sys.realpath } : {}),
  };
  const modes = [undefined, t.ModuleKind.ESNext, t.ModuleKind.CommonJS] as ts.ResolutionMode[];
  let ambient: Set<string> | undefined;
  const resolveOnce = (specifier: string, fromFile: string): SpecifierResolution => {
    if (notAFile(specifier)) return PACKAGE;
    const sf = program.getSourceFile(fromFile);
    let resolved: ts.ResolvedModuleFull | undefined;
    let known = false;
    const fromProgram = (program as { getResolvedModule?: (f: ts.SourceFile, name: string, mode: ts.ResolutionMode) => ts.ResolvedModuleWithFailedLookupLocations | undefined }).getResolvedModule;
    for (const mode of sf && fromProgram ? [sf.impliedNodeFormat, ...modes] : []) {
      const entry = fromProgram!.call(program, sf!, specifier, mode);
      if (entry) {
        known = true;
        resolved = entry.resolvedModule;
        break;
      }
    }
    if (!known) resolved = t.resolveModuleName(specifier, fromFile, options, host).resolvedModule;
    if (!resolved) {
      // `declare module "virtual:x"` / `declare module "legacy-lib"`: a module the program declares, not a file.
      ambient ??= new Set(program.getTypeChecker().getAmbientModules().map((m) => m.getName().replace(/^"|"$/g, '')));
      if (ambient.has(specifier)) return PACKAGE;
      return { kind: 'unresolved', reason: `tsc does not resolve "${specifier}" from this file` };
    }
    if (resolved.isExternalLibraryImport) return PACKAGE;
    return projectOrPackage(resolve(resolved.resolvedFileName));
  };
  return {
    resolve(specifier, fromFile) {
      const key = `${fromFile}\0${specifier}`;
      let answer = answers.get(key);
      if (!answer) answers.set(key, answer = resolveOnce(specifier, fromFile));
      return answer;
    },
  };
}

/**
 * What a file's text must contain to import a project module, for a host's native code filter
 * (no lookahead, no backreference): a relative specifier, or one of the root tsconfig's `paths`
 * prefixes (`@/`), a package `imports` key (`#`), the package's own name. With a `baseUrl` any
 * bare specifier may name a project file, so any import passes.
 */
export function projectImportPatterns(projectRoot: string): RegExp[] {
  const resolver = new ProjectSpecifierResolver();
  const tsconfig = resolver.tsconfigFor(projectRoot);
  if (tsconfig?.baseUrl) return [IMPORT_SPECIFIER];
  const starts: string[] = [];
  for (const [pattern] of tsconfig?.paths ?? []) {
    const star = pattern.indexOf('*');
    starts.push(star < 0 ? `${escapeRegExp(pattern)}['"]` : escapeRegExp(pattern.slice(0, star)));
  }
  let pkg: { name?: unknown; imports?: unknown } | undefined;
  try {
    pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as typeof pkg;
  } catch { /* no package.json */ }
  if (typeof pkg?.name === 'string' && pkg.name !== '') starts.push(`${escapeRegExp(pkg.name)}['"/]`);
  if (pkg?.imports) starts.push('#');
  if (starts.length === 0) return [RELATIVE_SPECIFIER];
  return [RELATIVE_SPECIFIER, new RegExp(`(?:\\bfrom|\\brequire\\s*\\(|\\bimport\\s*\\()\\s*['"](?:${starts.join('|')})`)];
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
