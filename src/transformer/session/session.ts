import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveOptions, type ResolveOptionsContext, type ResolvedOptions } from '../../options.js';
import { checkRuntimePackage } from './runtimePackage.js';
import { createVersionCheck, installedPackageVersion, type VersionCheck, type VersionLookup } from '../match/moduleVersion.js';
import { BuildReport } from './report.js';
import type { TransformCache } from './transformCache.js';
import type { ProjectModuleView } from '../match/projectModules.js';
import type { ImportPrefilter } from './importPrefilter.js';
import { indexRules, isBuiltinModule, isProjectModule, type RuleIndex } from '../match/ruleIndex.js';

/** One build's validated options, rule index, version cache and report; shared by every plugin. */
export interface BuildSession {
  options: ResolvedOptions;
  rules: RuleIndex;
  checkVersion: VersionCheck & { installed: VersionLookup };
  report: BuildReport;
  projectRoot: string;
  /** Warnings found while preparing (a user rule's package not installed); already in the report. */
  startWarnings: string[];
  /** The bundler plugins' persistent transform cache, when on. */
  transformCache?: TransformCache;
  /** The bundler path's view of what project modules export; created on first need. */
  projectModules?: ProjectModuleView;
  /** Which files without a trigger must still be parsed (their imports); created on first need. */
  importPrefilter?: ImportPrefilter;
  /** Content hashes of the files cached outcomes and alias answers depend on, read once per build (fileOutcome.ts `fileHash`). */
  moduleHashes?: Map<string, string | null>;
}

/**
 * Validates options (throws a TracewrightError naming the option, rule and
 * field), checks that the project can load the runtime package (throws one
 * naming the install command), and prepares everything matching needs, once
 * per build.
 */
export function createBuildSession(rawOptions: unknown, ctx: ResolveOptionsContext): BuildSession {
  const options = resolveOptions(rawOptions ?? {}, ctx);
  const runtime = checkRuntimePackage(ctx.projectRoot, ctx.configFile);
  const report = new BuildReport(options.rules);
  const startWarnings = missingModules(options.rules, ctx.projectRoot);
  if (runtime.warning) startWarnings.push(runtime.warning);
  for (const message of startWarnings) report.warn({ message });
  return {
    options,
    rules: indexRules(options.rules),
    checkVersion: createVersionCheck(),
    report,
    projectRoot: ctx.projectRoot,
    startWarnings,
  };
}

/**
 * Your rules naming a package that is not installed: a warning, not a crash
 * (the rule simply cannot match). Built-in rules cover many libraries a
 * project does not use, so they are not checked.
 */
export function missingModules(rules: BuildSession['options']['rules'], projectRoot: string): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    const module = rule.module;
    if (rule.source === 'builtin' || !module || module === 'global' || isProjectModule(module) || isBuiltinModule(module)) continue;
    if (installedPackageVersion(module, projectRoot) === null) {
      // `src/services` names a folder of the project: a project glob that lost its `./`.
      const fix = existsSync(join(projectRoot, module))
        ? `; project globs start with "./": write "./${module}/**" to match your own files`
        : '; the rule cannot match';
      out.push(`rule ${rule.id} (from ${rule.source}): module "${module}" is not installed in this project${fix}`);
    }
  }
  return out;
}
