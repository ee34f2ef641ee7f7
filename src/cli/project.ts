/**
 * A project as `tracewright report`/`diff`/`explain` see it: its options (from
 * loadProjectConfig, as the plugins read them), one build session, and either the tsc path
 * (a program of its tsconfig, instrumented by the same per-file work as `tracewright/tsc`)
 * or the bundler path (`transformSource` over the files `include`/`exclude` select).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as ts from 'typescript';
import { TracewrightError } from '../errors.js';
import { resolveOptions, TS_PATCH_KEYS } from '../options.js';
import type { ResolvedRule } from '../rules/types.js';
import { loadProjectConfig, type ProjectConfig } from '../config/loadProjectConfig.js';
import { createBuildSession, type BuildSession } from '../transformer/session/session.js';
import { createTscInstrumenter, type TscProgramInstrumenter } from '../transformer/session/tscFile.js';
import { sourceExtension, transformSource } from '../transformer/session/transformSource.js';
import { ownFile } from '../util/ownFile.js';
import { compileGlob } from '../util/glob.js';
import { projectRelative } from '../util/projectRelative.js';
import type { CliIo } from './io.js';

/** The tsc path of a project with a tsconfig. */
export interface TscProject {
  ts: typeof import('typescript');
  program: ts.Program;
  files: TscProgramInstrumenter;
}

/** One project, opened once per command. */
export interface CliProject {
  config: ProjectConfig;
  session: BuildSession;
  /** Present when the project has a tsconfig: the checker decides method rules. */
  tsc?: TscProject;
}

/**
 * Opens the project of `io.cwd` (or of the tsconfig `-p` names). The options' own `strict` is
 * turned off here: these commands report every warning instead of stopping at the first one,
 * and `report --strict` decides the exit code.
 * @throws TracewrightError for a missing tsconfig, invalid options or rules, a missing runtime package
 */
export function openProject(io: CliIo, projectArg: string | undefined): CliProject {
  const tsconfigArg = projectArg && existsSync(resolve(io.cwd, projectArg)) && statSync(resolve(io.cwd, projectArg)).isDirectory()
    ? join(projectArg, 'tsconfig.json') : projectArg;
  const config = loadProjectConfig(io.cwd, tsconfigArg);
  const fromTsconfig = config.configFile === config.tsconfig;
  const session = createBuildSession({ ...config.options, strict: false }, {
    configFile: config.configFile, projectRoot: config.projectRoot, ...(fromTsconfig ? { ignoreKeys: TS_PATCH_KEYS } : {}),
  });
  return { config, session, ...(config.tsconfig ? { tsc: openProgram(config.tsconfig, config.projectRoot, session) } : {}) };
}

/** Options that make the program emit JavaScript only, into memory, whatever the tsconfig says about output. */
const EMIT_JS_ONLY: ts.CompilerOptions = {
  noEmit: false, emitDeclarationOnly: false, declaration: false, declarationMap: false, sourceMap: false, inlineSourceMap: false, incremental: false, composite: false,
};

function openProgram(tsconfig: string, projectRoot: string, session: BuildSession): TscProject {
  const t = loadProjectTypeScript(projectRoot);
  const host: ts.ParseConfigFileHost = {
    ...t.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new TracewrightError(`${tsconfig}: ${t.flattenDiagnosticMessageText(d.messageText, '\n')}`, { file: tsconfig });
    },
  };
  const parsed = t.getParsedCommandLineOfConfigFile(tsconfig, undefined, host);
  if (!parsed) throw new TracewrightError(`${tsconfig}: cannot be read`, { file: tsconfig });
  const options = { ...parsed.options, ...EMIT_JS_ONLY };
  delete options.tsBuildInfoFile;
  const program = t.createProgram({ rootNames: parsed.fileNames, options, projectReferences: parsed.projectReferences ?? [] });
  return { ts: t, program, files: createTscInstrumenter(t, program, session) };
}

/** The project's own TypeScript (as ts-patch would hand it over), else the one tracewright resolves. */
function loadProjectTypeScript(projectRoot: string): typeof import('typescript') {
  for (const from of [join(projectRoot, '__tracewright__.js'), ownFile()]) {
    try {
      return createRequire(from)('typescript') as typeof import('typescript');
    } catch { /* next */ }
  }
  throw new TracewrightError(`typescript is not installed in ${projectRoot}: a project with a tsconfig is inspected through the TypeScript checker; npm i -D typescript`);
}

/** Runs the whole project through its path, filling `session.report` as a build would. */
export function instrumentProject(project: CliProject): void {
  if (project.tsc) {
    const { program, files } = project.tsc;
    // Warnings reach the report through the per-file work; nothing is written.
    program.emit(undefined, () => {}, undefined, false, { before: [files.transformer(() => {})] });
    return;
  }
  for (const file of projectSourceFiles(project)) transformSource(readFileSync(file, 'utf8'), file, project.session);
}

/**
 * The files a bundler build could hand the plugin, as far as the project's options tell: every
 * source file under the root that `include`/`exclude` select (node_modules and dot-directories
 * are never walked).
 */
export function projectSourceFiles(project: CliProject): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && sourceExtension(path) && project.session.options.isIncluded(path)) out.push(path);
    }
  };
  walk(project.config.projectRoot);
  return out;
}

/** A file of the project before and after instrumentation, as its path writes it. */
export interface FileVersions {
  before: string;
  after: string;
}

/**
 * One file before and after: under tsc its emitted JavaScript without and with the
 * transformer (the same printer on both sides, so only the instrumentation differs); in the
 * bundler path the source and the magic-string output.
 * @throws TracewrightError when the file is not part of the project
 */
export function instrumentFile(project: CliProject, file: string): FileVersions {
  if (!project.tsc) {
    const code = readFileSync(file, 'utf8');
    // The plugins' filter: an excluded file never reaches transformSource.
    if (!project.session.options.isIncluded(file)) return { before: code, after: code };
    return { before: code, after: transformSource(code, file, project.session)?.code ?? code };
  }
  const { program, files } = project.tsc;
  const sf = programFile(project.tsc, file, project.config);
  const emit = (transformers: ts.CustomTransformers | undefined) => {
    let js = '';
    program.emit(sf, (name, text) => { if (/\.[cm]?js$/.test(name)) js = text; }, undefined, false, transformers);
    return js;
  };
  return { before: emit(undefined), after: emit({ before: [files.transformer(() => {})] }) };
}

/** The program's source file for `file`, or an error saying it is not in the tsconfig's program. */
export function programFile(tsc: TscProject, file: string, config: ProjectConfig): ts.SourceFile {
  const sf = tsc.program.getSourceFile(file);
  if (!sf) throw new TracewrightError(`${file} is not part of the program of ${config.tsconfig} (check its "include"/"files")`, { file });
  return sf;
}

/**
 * Why the options leave a file out: `excluded by "exclude" glob "src/generated/**"`, or that no
 * `include` glob selects it; undefined when it is included.
 */
export function exclusionReason(project: CliProject, file: string): string | undefined {
  const { options } = project.session;
  if (options.isIncluded(file)) return undefined;
  const path = projectRelative(project.config.projectRoot, file);
  const glob = options.exclude.find((pattern) => compileGlob(pattern)(path));
  return glob !== undefined ? `file excluded by the "exclude" glob "${glob}"` : `no "include" glob selects this file (include: ${JSON.stringify(options.include)})`;
}

/**
 * The rules the option `disable` turns off in this project (built-in or yours), so that
 * `explain` can say "disabled by option" instead of naming no rule at all.
 */
export function disabledRules(project: CliProject): ResolvedRule[] {
  const { options, configFile, projectRoot, tsconfig } = project.config;
  if (!options.disable?.length) return [];
  const { disable: _off, ...rest } = options;
  const all = resolveOptions({ ...rest, strict: false }, { configFile, projectRoot, ...(configFile === tsconfig ? { ignoreKeys: TS_PATCH_KEYS } : {}) }).rules;
  const off = new Set(options.disable);
  return all.filter((rule) => off.has(rule.id));
}

/** Resolves a command's FILE argument against the working directory; it must exist. */
export function existingFile(io: CliIo, file: string): string {
  const path = resolve(io.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new TracewrightError(`${file}: no such file`, { file: path });
  return path;
}
