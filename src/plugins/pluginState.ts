/**
 * The state one bundler plugin instance keeps across a build: its options,
 * the project root once the bundler told it, and the build session (rules,
 * report). Every host (unplugin hooks, the esbuild onLoad, the webpack
 * loader) goes through it.
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TracewrightError } from '../errors.js';
import type { TracewrightOptions } from '../options.js';
import { createBuildSession, type BuildSession } from '../transformer/session/session.js';
import { withConfigFile } from '../config/configFile.js';
import { sourceExtension, transformSource, type SourceMapJson, type SourceWarning, type TransformSourceResult } from '../transformer/session/transformSource.js';
import { openTransformCache, ownCodeIdentity } from '../transformer/session/transformCache.js';
import { ownFile } from '../util/ownFile.js';
import { projectRelative } from '../util/projectRelative.js';
import { saveTypeScriptCache } from '../transformer/parse/typescript.js';
import { compileGlob } from '../util/glob.js';
import { projectImportPatterns } from '../transformer/match/resolveProjectSpecifier.js';

/** Options of the bundler plugins: the tsc plugin's options, plus `root`. */
export interface TracewrightPluginOptions extends TracewrightOptions {
  /**
   * Project root: `include`/`exclude` globs, `report` and a `rules` file path
   * are relative to it, and `code.file.path` is reported from it. Default: the
   * bundler's root (vite `root`, webpack/rspack `context`, esbuild
   * `absWorkingDir`), else the current directory.
   */
  root?: string;
  /**
   * Keep each file's transform result on disk, keyed by tracewright's own
   * code, the rules and options, the file's path and text, so a rebuild does
   * not parse unchanged files again. `true` (default):
   * `<root>/node_modules/.cache/tracewright/transforms`; a string: that
   * directory (relative to the root); `false`: off.
   */
  cache?: boolean | string;
}

/** Where a transform's warnings, errors and watched files go (the bundler's own channels). @internal */
export interface TransformHost {
  warn(w: SourceWarning): void;
  error(message: string): void;
  watch(file: string): void;
}

/** Per plugin instance: the options, the root once the bundler told us, the session of the current build. @internal */
export class PluginState {
  root: string | undefined;
  private session: BuildSession | undefined;
  /** The options the session was made from: the inline ones over the config file's. */
  private options: Record<string, unknown> | undefined;
  /** The project's `tracewright.config.*`, when it has one. */
  private configFile: string | undefined;
  /** Whether `session` was created by a build start (else before one: for the native code filter). */
  private sessionStarted = false;
  private explicitPackages: ((path: string) => boolean)[] | undefined;
  /**
   * `<tracewright>/dist/` and `<@tracewright/runtime>/` as the project resolves them: never
   * instrumented (linked installs, workspaces, resolve outside node_modules).
   */
  private ownDirs: string[] = [];

  constructor(private readonly raw: TracewrightPluginOptions | undefined, private readonly framework: string) {
    if (typeof raw?.root === 'string') this.root = resolve(raw.root);
  }

  /** The session of the current build; created on first use (validates options: may throw TracewrightError). */
  current(): BuildSession {
    if (this.session) return this.session;
    this.sessionStarted = false;
    const projectRoot = this.root ?? process.cwd();
    const { root: _root, cache, ...inline } = this.raw ?? {};
    const configFile = join(projectRoot, `${this.framework} plugin options`);
    if (cache !== undefined && typeof cache !== 'boolean' && (typeof cache !== 'string' || cache === '')) {
      throw new TracewrightError(`${this.framework} plugin options: option "cache": expected true, false or a directory path, got ${JSON.stringify(cache)}; write e.g. cache: false`,
        { file: configFile, field: 'cache' });
    }
    const merged = withConfigFile(inline, projectRoot);
    this.options = merged.options;
    this.configFile = merged.configFile;
    this.session = createBuildSession(merged.options, { configFile, projectRoot, optionFiles: merged.optionFiles });
    if (cache !== false) {
      const dir = typeof cache === 'string' ? resolve(projectRoot, cache) : join(projectRoot, 'node_modules/.cache/tracewright/transforms');
      this.session.transformCache = openTransformCache(dir, `${ownCodeIdentity(ownFile())}\0${this.cacheKey()}`);
    }
    // `include` globs that name node_modules add packages despite the default `exclude`.
    const defaultExclude = merged.options.exclude === undefined;
    this.explicitPackages = defaultExclude ? this.session.options.include.filter((g) => g.includes('node_modules')).map(compileGlob) : [];
    this.ownDirs = ownPackageDirs(projectRoot);
    return this.session;
  }

  /**
   * Starts a build: a fresh report, options validated again. A session made
   * moments before, for the same root, by a plugin factory asking for the
   * trigger names is fresh already and taken as it is (validating twice
   * costs a cold build ~10 ms).
   */
  start(): BuildSession {
    const unused = this.session && !this.sessionStarted && this.session.projectRoot === (this.root ?? process.cwd());
    if (!unused) this.session = undefined;
    const session = this.current();
    this.sessionStarted = true;
    return session;
  }

  /** Files seen and sites instrumented so far in the current build. */
  progress(): { files: number; sites: number } {
    return this.session?.report.progress() ?? { files: 0, sites: 0 };
  }

  /** The project root: the option, else the bundler's root, else the current directory. */
  projectRoot(): string {
    return this.root ?? process.cwd();
  }

  /** Whether files under node_modules may be instrumented (an `include` glob names them, or `exclude` was replaced). */
  includesPackages(): boolean {
    const options = this.effectiveOptions();
    if (options.exclude !== undefined) return true;
    const include = options.include;
    return Array.isArray(include) && include.some((glob) => typeof glob === 'string' && glob.includes('node_modules'));
  }

  /** The options with the config file's under them; the inline ones alone while they do not resolve (buildStart reports why). */
  private effectiveOptions(): Record<string, unknown> {
    try {
      this.current();
    } catch { /* reported by buildStart */ }
    return this.options ?? (this.raw as Record<string, unknown> | undefined) ?? {};
  }

  /**
   * The files the options come from besides the plugin call: the config file and
   * the rule file. Watched, so that editing them rebuilds (and a new session's
   * cache key, which hashes the rules and options, misses the old transforms).
   */
  optionFiles(): string[] {
    const rules = this.effectiveOptions().rules;
    const files = this.configFile ? [this.configFile] : [];
    if (typeof rules === 'string' && rules !== '') files.push(resolve(this.root ?? process.cwd(), rules));
    return files;
  }

  includes(id: string): boolean {
    if (id.startsWith('\0')) return false;
    const file = id.replace(/[?#].*$/, '');
    if (!isAbsolute(file) || !sourceExtension(file)) return false;
    let session: BuildSession;
    try {
      session = this.current();
    } catch {
      return false; // reported by buildStart
    }
    if (this.ownDirs.some((dir) => file.startsWith(dir))) return false;
    if (session.options.isIncluded(file)) return true;
    if (!this.explicitPackages?.length || !file.includes('node_modules')) return false;
    const rel = projectRelative(session.projectRoot, file);
    return this.explicitPackages.some((m) => m(rel));
  }

  /** Transforms one module; warnings go to `warn`, a strict-mode or rule error to `error`. */
  transform(code: string, id: string, host: TransformHost): { code: string; map: SourceMapJson } | undefined {
    for (const file of this.optionFiles()) host.watch(file);
    let result: TransformSourceResult | undefined;
    try {
      result = transformSource(code, id, this.current());
    } catch (error) {
      if (!(error instanceof TracewrightError)) throw error;
      host.error(error.message);
      return undefined;
    }
    if (!result) return undefined;
    // Project modules whose exports decided the matches: editing them must rebuild this file.
    for (const file of result.dependencies ?? []) host.watch(file);
    for (const warning of result.warnings) host.warn(warning);
    return result.map ? { code: result.code, map: result.map } : undefined;
  }

  /**
   * A watched file changed (vite's dev server keeps one session while files change): forget
   * what the session learnt from project modules' text, so the next transform reads them again.
   */
  changed(file?: string): void {
    const session = this.session;
    if (!session) return;
    // New options or rules: a new session, read again at the next transform (with a new cache key).
    if (file !== undefined && this.optionFiles().includes(resolve(file))) {
      this.session = undefined;
      return;
    }
    session.projectModules = undefined;
    session.importPrefilter = undefined;
    session.moduleHashes = undefined;
  }

  /** End of build: unmatched user rules, the JSON report, the summary line (to stderr unless the host prints it). */
  finish(host: { warn(message: string): void; error(message: string): void; summary?(line: string): void }): void {
    const session = this.session;
    if (!session) return;
    const { options, report } = session;
    for (const rule of report.unmatchedUserRules()) {
      const message = `[tracewright] rule ${rule.id} (from ${rule.source}) matched nothing in this build`;
      if (options.strict) host.error(message);
      else host.warn(message);
    }
    if (options.reportPath) report.write(options.reportPath);
    const summary = report.summary(options.reportPath && relative(session.projectRoot, options.reportPath));
    if (host.summary) host.summary(summary);
    else process.stderr.write(summary + '\n');
    session.transformCache?.finish();
    saveTypeScriptCache();
  }

  /**
   * The text prefilter's trigger names, for hosts that filter natively;
   * undefined when any file may match or the options do not resolve yet (from
   * the current directory: vite's root is only known later).
   */
  codeTriggers(): (string | RegExp)[] | undefined {
    try {
      const rules = this.current().rules;
      // `function` rules select files by path, which the code filter cannot combine with text.
      if (rules.triggers.includes('') || rules.functions.length > 0) return undefined;
      // A file that never names a library may call methods on an instance a project module
      // exports (`import { pool } from './db'`, `'@/db'`). Which modules do is known only by
      // resolving specifiers, which a native filter cannot: files with project imports go through,
      // and the handler decides from their imports' text (importPrefilter.ts) without parsing them.
      return rules.methods.size > 0 ? [...rules.triggers, ...projectImportPatterns(this.current().projectRoot)] : rules.triggers;
    } catch {
      return undefined;
    }
  }

  /** Hash of everything that decides the output besides the file itself: rules and options. */
  cacheKey(): string {
    const session = this.current();
    const { rules, include, exclude, strict } = session.options;
    return createHash('sha256').update(JSON.stringify({ v: 1, rules, include, exclude, strict, root: session.projectRoot })).digest('hex').slice(0, 16);
  }
}

/** The real path of tracewright's `dist/` as resolved from the project (undefined when not resolvable). */
function ownPackageDirs(projectRoot: string): string[] {
  const require = createRequire(join(projectRoot, 'package.json'));
  const dirs: string[] = [];
  for (const [name, sub] of [['tracewright', 'dist'], ['@tracewright/runtime', '']] as const) {
    try {
      dirs.push(join(realpathSync(dirname(require.resolve(`${name}/package.json`))), sub) + sep);
    } catch { /* not resolvable from this project */ }
  }
  return dirs;
}
