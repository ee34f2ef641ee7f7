import { resolveOptions, type ResolveOptionsContext, type ResolvedOptions } from '../options.js';
import { createVersionCheck, type VersionCheck } from './moduleVersion.js';
import { BuildReport } from './report.js';
import { indexRules, type RuleIndex } from './ruleIndex.js';

/** One build's validated options, rule index, version cache and report; shared by every plugin. */
export interface BuildSession {
  options: ResolvedOptions;
  rules: RuleIndex;
  checkVersion: VersionCheck;
  report: BuildReport;
  projectRoot: string;
}

/**
 * Validates options (throws a TracewrightError naming the option, rule and
 * field) and prepares everything matching needs, once per build.
 */
export function createBuildSession(rawOptions: unknown, ctx: ResolveOptionsContext): BuildSession {
  const options = resolveOptions(rawOptions ?? {}, ctx);
  return {
    options,
    rules: indexRules(options.rules),
    checkVersion: createVersionCheck(),
    report: new BuildReport(options.rules),
    projectRoot: ctx.projectRoot,
  };
}
