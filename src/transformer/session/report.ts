import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResolvedRule } from '../../rules/types.js';
import type { MatchResult } from '../match/joinPoint.js';

/** One instrumented site in the report. */
export interface ReportSite {
  rule: string;
  file: string;
  line: number;
  column: number;
}

/** One site left alone, with the reason. */
export interface ReportSkippedSite extends ReportSite {
  reason: string;
}

/** A warning (or, under `strict`, an error) about user code or rules. */
export interface ReportWarning {
  file?: string;
  line?: number;
  column?: number;
  rule?: string;
  message: string;
}

/** What the report records for one file: its match result as plain data (cacheable). */
export interface FileReport {
  matched: { rule: string; line: number; column: number }[];
  skipped: { rule: string; line: number; column: number; reason: string }[];
  diagnostics: { line: number; column: number; message: string }[];
  matchedRuleIds: string[];
}

/** The report's view of a match result. */
export function fileReport(result: MatchResult): FileReport {
  return {
    matched: result.joinPoints.map((jp) => ({ rule: jp.rule.id, line: jp.line, column: jp.column })),
    skipped: result.skipped.map((s) => ({ rule: s.ruleId ?? '', line: s.line, column: s.column, reason: s.reason })),
    diagnostics: result.diagnostics.map((d) => ({ line: d.line, column: d.column, message: d.message })),
    matchedRuleIds: [...result.matchedRuleIds],
  };
}

/** A skipped site an ignore directive asked for: recorded in the report, never printed as a warning. */
export function isIgnoredSkip(reason: string): boolean {
  return reason.startsWith('ignored by');
}

/** The JSON report written to the `report` option's path. */
export interface ReportJson {
  version: 1;
  files: number;
  instrumentedFiles: number;
  matched: ReportSite[];
  skipped: ReportSkippedSite[];
  /** Rule ids that matched no site in the whole build. */
  unmatchedRules: string[];
  warnings: ReportWarning[];
}

/**
 * Collects what every file's matching found over one build, for the JSON
 * report and the one-line summary. Plain data; the plugin decides when the
 * build is over.
 */
export class BuildReport {
  private files = new Set<string>();
  private instrumented = new Set<string>();
  private readonly matched: ReportSite[] = [];
  private readonly skipped: ReportSkippedSite[] = [];
  private readonly warnings: ReportWarning[] = [];
  private readonly matchedRules = new Set<string>();

  constructor(private readonly rules: readonly ResolvedRule[]) {}

  /** Records one file's match result. One report per build: a file transformed twice is listed twice. */
  addFile(file: string, result: MatchResult): void {
    if (result.joinPoints.length === 0 && result.skipped.length === 0 && result.diagnostics.length === 0 && result.matchedRuleIds.size === 0) {
      this.files.add(file); // the common case (prefiltered files): nothing to convert
      return;
    }
    this.addFileReport(file, fileReport(result));
  }

  /** Records one file's report entry (from a match, or replayed from the transform cache). */
  addFileReport(file: string, report: FileReport): void {
    this.files.add(file);
    if (report.matched.length > 0) this.instrumented.add(file);
    for (const id of report.matchedRuleIds) this.matchedRules.add(id);
    for (const m of report.matched) this.matched.push({ rule: m.rule, file, line: m.line, column: m.column });
    for (const s of report.skipped) this.skipped.push({ rule: s.rule, file, line: s.line, column: s.column, reason: s.reason });
    for (const d of report.diagnostics) this.warnings.push({ file, line: d.line, column: d.column, message: d.message });
  }

  /** Files served from the transform cache in this build (shown in the summary). */
  cachedFiles = 0;

  /** Adds a warning not tied to a site (a rule whose module is missing, …). */
  warn(warning: ReportWarning): void {
    this.warnings.push(warning);
  }

  /** Files seen and sites instrumented so far in this build (for progress lines). */
  progress(): { files: number; sites: number } {
    return { files: this.files.size, sites: this.matched.length };
  }

  /**
   * User rules that matched nothing: warnings, because a silent no-op is the
   * most confusing outcome. Built-in rules that matched nothing are listed in
   * the report only (a project rarely uses every library of the catalog).
   */
  unmatchedUserRules(): ResolvedRule[] {
    return this.rules.filter((r) => r.source !== 'builtin' && !this.matchedRules.has(r.id));
  }

  toJSON(): ReportJson {
    // Code-unit order, not localeCompare: deterministic everywhere and ~10x cheaper at build end.
    const bySite = (a: ReportSite, b: ReportSite) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
    return {
      version: 1,
      files: this.files.size,
      instrumentedFiles: this.instrumented.size,
      matched: [...this.matched].sort(bySite),
      skipped: [...this.skipped].sort(bySite),
      unmatchedRules: this.rules.filter((r) => !this.matchedRules.has(r.id)).map((r) => r.id),
      warnings: [
        ...this.warnings,
        ...this.unmatchedUserRules().map((r) => ({ rule: r.id, message: `rule ${r.id} (from ${r.source}) matched nothing in this build` })),
      ],
    };
  }

  /**
   * `[tracewright] 12 sites instrumented in 5 of 40 files; 1 skipped; 2 warnings`. Warnings are
   * counted as the build prints them: every warning of the report, and every skipped site
   * except those an ignore directive asked for (each is printed as a warning of its own).
   */
  summary(reportPath?: string): string {
    const json = this.toJSON();
    const warnings = json.warnings.length + json.skipped.filter((s) => !isIgnoredSkip(s.reason)).length;
    const parts = [`${json.matched.length} site${json.matched.length === 1 ? '' : 's'} instrumented in ${json.instrumentedFiles} of ${json.files} files`];
    parts.push(`${json.skipped.length} skipped`);
    parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
    if (this.cachedFiles > 0) parts.push(`${this.cachedFiles} file${this.cachedFiles === 1 ? '' : 's'} from cache`);
    return `[tracewright] ${parts.join('; ')}${reportPath ? ` (report: ${reportPath})` : ''}`;
  }

  /** Writes the JSON report, creating the directory. */
  write(path: string): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(this.toJSON(), null, 2) + '\n');
  }
}
