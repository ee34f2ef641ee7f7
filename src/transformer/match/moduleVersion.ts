import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lazySemver } from '../../util/lazySemver.js';
import type { ResolvedRule } from '../../rules/types.js';
import { isBuiltinModule } from './ruleIndex.js';

/** Why a rule's `versions` range rejects a site; undefined when it accepts. */
export type VersionCheck = (rule: ResolvedRule, fromFile: string) => string | undefined;

/** Version of the package `module` as Node would load it from `fromDir`, or null when not installed. */
export function installedPackageVersion(module: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const version = ownVersion(module, dir);
    if (version !== undefined) return version;
    if (dirname(dir) === dir) return null;
  }
}

/** The version a rule's `versions` range is checked against from a file: null when not installed, undefined when the rule has no range. */
export type VersionLookup = (rule: ResolvedRule, fromFile: string) => string | null | undefined;

/** The version of `dir/node_modules/<package>`, or undefined when it has none (no exception thrown for that, the usual case). */
function ownVersion(module: string, dir: string): string | undefined {
  const file = join(dir, 'node_modules', packageName(module), 'package.json');
  try {
    if (!statSync(file, { throwIfNoEntry: false })) return undefined;
    const json = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '0.0.0';
  } catch {
    return undefined;
  }
}

/**
 * Checks a rule's `versions` range against the package the importing file
 * would load: the nearest `node_modules/<module>/package.json` walking up from
 * the file, as Node resolves it. Built-in modules are checked against the Node
 * version running the build. Versions are cached per directory and package,
 * answers per version and range. `installed` gives the version alone: a cached
 * outcome that recorded it is still valid when it is unchanged, without
 * loading semver.
 */
export function createVersionCheck(): VersionCheck & { installed: VersionLookup } {
  const cache = new Map<string, string | null>();
  const answers = new Map<string, boolean>();

  // Walks up one directory at a time through the cache: files of sibling folders share their parents' answers.
  const installedVersion = (module: string, fromDir: string): string | null => {
    const key = `${fromDir}\0${module}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const parent = dirname(fromDir);
    const version = ownVersion(module, fromDir) ?? (parent === fromDir ? null : installedVersion(module, parent));
    cache.set(key, version);
    return version;
  };
  const installed: VersionLookup = (rule, fromFile) => {
    if (!rule.versions || !rule.module || rule.module === 'global') return undefined;
    return isBuiltinModule(rule.module) ? process.versions.node : installedVersion(rule.module, dirname(fromFile));
  };
  const satisfies = (version: string, range: string): boolean => {
    const key = `${version}\0${range}`;
    let ok = answers.get(key);
    if (ok === undefined) answers.set(key, (ok = lazySemver().satisfies(version, range, { includePrerelease: true })));
    return ok;
  };

  const check: VersionCheck = (rule, fromFile) => {
    const version = installed(rule, fromFile);
    if (version === undefined) return undefined;
    if (version === null) return `module "${rule.module}" is not installed where this file would load it`;
    if (!satisfies(version, rule.versions!)) return `installed ${rule.module}@${version} does not satisfy "${rule.versions}"`;
    return undefined;
  };
  return Object.assign(check, { installed });
}

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`. */
function packageName(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
