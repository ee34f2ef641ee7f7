/**
 * What the bundler path decides for one file, as plain data: the code and
 * map to hand the bundler, the warnings to print and what the build report
 * records. Computing it (parse, match, write) is the expensive part and has
 * no side effects, so an outcome can be cached and replayed
 * (transformCache.ts); transformSource applies it to the build session.
 */
import type { ReportWarning, FileReport } from './report.js';
import { fileReport } from './report.js';
import type { BuildSession } from './session.js';
import { readFileSync } from 'node:fs';
import { matchCallSites } from '../match/matchCallSites.js';
import { moduleHash, ProjectModuleView, type ModuleDependencies } from '../match/projectModules.js';
import { looksCommonJs } from '../parse/moduleFormat.js';
import { parseSource, type SourceParser } from '../parse/parseSource.js';
import { buildSiteTable } from '../write/siteTable.js';
import { writeWithMagicString } from '../write/writeWithMagicString.js';
import type MagicString from 'magic-string';
import type { ExplainSink } from '../match/explain.js';

/** A problem in one file, for the host to print (`this.warn` in bundlers). */
export interface SourceWarning {
  /** Absolute path of the file. */
  file: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** One line, `[tracewright] `-prefixed. */
  message: string;
}

/** A version 3 source map as JSON (what bundlers accept from a transform). */
export interface SourceMapJson {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/** One file's outcome. @internal */
export interface FileOutcome {
  /** Instrumented code, or null when the file stays as it is. */
  code: string | null;
  map: SourceMapJson | null;
  warnings: SourceWarning[];
  /** The report's entry for the file (absent when it did not parse). */
  report: FileReport | null;
  /** Report warnings not tied to a match (the file did not parse). */
  reportWarnings: ReportWarning[];
  /** The `versions` checks the outcome depended on: rule id → the answer then, and the installed version it was given. */
  versionChecks: { rule: string; reason: string | null; version: string | null }[];
  /** Project modules whose exports the matcher read (absolute path, content hash then). */
  dependencies: [string, string][];
}

/** Inputs of {@link computeOutcome} besides the session. @internal */
export interface OutcomeInput {
  code: string;
  /** Absolute path, no query. */
  fileName: string;
  ext: string;
  /** Project-relative path: what reports and site tables name. */
  reportName: string;
  parser?: SourceParser;
  createMagicString?(code: string): MagicString;
  /** Receives the matcher's decisions (`tracewright explain`). */
  explain?: ExplainSink;
}

/** Parses, matches and writes one file that passed the text prefilter. @internal */
export function computeOutcome(input: OutcomeInput, session: BuildSession): FileOutcome {
  const { code, fileName, ext, reportName } = input;
  const warnings: SourceWarning[] = [];
  const warn = (message: string, line: number, column: number) =>
    warnings.push({ file: fileName, line, column, message: `[tracewright] ${reportName}:${line}:${column}: ${message}` });
  const parsed = parseSource(code, fileName, ext, session.projectRoot, input.parser);
  const sourceFile = parsed.sourceFile;
  if (parsed.error) {
    const at = sourceFile.getLineAndCharacterOfPosition(parsed.error.position);
    warn(`file left uninstrumented: it does not parse (${parsed.error.reason})`, at.line + 1, at.character + 1);
    const { line, column, message } = warnings[0]!;
    return { code: null, map: null, warnings, report: null, reportWarnings: [{ file: reportName, line, column, message }], versionChecks: [], dependencies: [] };
  }
  const versionChecks: FileOutcome['versionChecks'] = [];
  const dependencies: ModuleDependencies = new Map();
  const result = matchCallSites(sourceFile, {
    projectModules: { view: projectModuleView(session), dependencies },
    ts: parsed.api, rules: session.rules, fileName, projectRoot: session.projectRoot,
    checkVersion: (rule, from) => {
      const reason = session.checkVersion(rule, from);
      if (rule.versions) versionChecks.push({ rule: rule.id, reason: reason ?? null, version: session.checkVersion.installed(rule, from) ?? null });
      return reason;
    },
    ...(parsed.comments ? { comments: parsed.comments } : {}),
    ...(input.explain ? { explain: input.explain } : {}),
  });
  for (const d of result.diagnostics) warn(d.message, d.line, d.column);
  for (const s of result.skipped) {
    if (!s.reason.startsWith('ignored by')) warn(`${s.ruleId ? `rule ${s.ruleId}: ` : ''}site left uninstrumented: ${s.reason}`, s.line, s.column);
  }
  dependencies.delete(fileName);
  const base = { warnings, report: fileReport(result), reportWarnings: [], versionChecks, dependencies: [...dependencies].sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  if (result.joinPoints.length === 0) return { code: null, map: null, ...base };
  const useRequire = !parsed.isModule && isCommonJs(code, ext);
  const out = writeWithMagicString(code, {
    ts: parsed.api, joinPoints: result.joinPoints, sites: buildSiteTable(result.joinPoints, reportName), useRequire, sourceFile, fileName,
    ...(input.createMagicString ? { magicString: input.createMagicString(code) } : {}),
  });
  const { version, file, sources, sourcesContent, names, mappings } = out.map;
  return { code: out.code, map: { version, file, sources, sourcesContent, names, mappings }, ...base };
}

/** The session's view of project modules, created on first use (parsed like the files themselves). @internal */
export function projectModuleView(session: BuildSession): ProjectModuleView {
  return (session.projectModules ??= new ProjectModuleView(
    session.projectRoot,
    session.rules,
    (code, fileName, ext) => {
      const parsed = parseSource(code, fileName, ext, session.projectRoot);
      return parsed.error ? undefined : { api: parsed.api, sourceFile: parsed.sourceFile };
    },
    (file) => fileHash(session, file),
  ));
}

/**
 * A file's content hash, read once per build however many cached outcomes and alias answers
 * depend on it (null: unreadable). @internal
 */
export function fileHash(session: BuildSession, file: string): string | null {
  const hashes = (session.moduleHashes ??= new Map());
  let hash = hashes.get(file);
  if (hash === undefined) {
    try {
      hash = moduleHash(readFileSync(file, 'utf8'));
    } catch {
      hash = null;
    }
    hashes.set(file, hash);
  }
  return hash;
}

/** The map as a `data:` URL, for a `//# sourceMappingURL=` comment. */
export function sourceMapUrl(map: SourceMapJson): string {
  return `data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

/**
 * A file with no `import`/`export` loads the runtime with `require` when it is
 * CommonJS: it uses `require`/`module.exports`/`exports` (`.cjs`/`.cts` always do).
 * Adding an `import` to such a file would turn it into an ES module for the bundler.
 */
function isCommonJs(code: string, ext: string): boolean {
  if (ext === '.cjs' || ext === '.cts') return true;
  if (ext === '.mjs' || ext === '.mts') return false;
  return looksCommonJs(code);
}
