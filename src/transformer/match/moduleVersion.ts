import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lazySemver } from '../../util/lazySemver.js';
import type { ResolvedRule } from '../../rules/types.js';
import { isBuiltinModule } from './ruleIndex.js';

/** Why a rule's `versions` range rejects a site; undefined when it accepts. */
export type VersionCheck = (rule: ResolvedRule, fromFile: string) => string | undefined;

/** Version of the package `module` as Node would load it from `fromDir`, or null when not installed. */
export function installedPackageVersion(module: string, fromDir: string): string | null {
  const pkg = packageName(module);
  for (let dir = fromDir; ; dir = dirname(dir)) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { version?: unknown };
      return typeof json.version === 'string' ? json.version : '0.0.0';
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}

/**
 * Checks a rule's `versions` range against the package the importing file
 * would load: the nearest `node_modules/<module>/package.json` walking up from
 * the file, as Node resolves it. Built-in modules are checked against the Node
 * version running the build. Results are cached per directory and package.
 */
export function createVersionCheck(): VersionCheck {
  const cache = new Map<string, string | null>();

  const installedVersion = (module: string, fromDir: string): string | null => {
    const key = `${fromDir}\0${module}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const version = installedPackageVersion(module, fromDir);
    cache.set(key, version);
    return version;
  };

  return (rule, fromFile) => {
    if (!rule.versions || !rule.module || rule.module === 'global') return undefined;
    const version = isBuiltinModule(rule.module) ? process.versions.node : installedVersion(rule.module, dirname(fromFile));
    if (version === null) return `module "${rule.module}" is not installed where this file would load it`;
    if (!lazySemver().satisfies(version, rule.versions, { includePrerelease: true })) {
      return `installed ${rule.module}@${version} does not satisfy "${rule.versions}"`;
    }
    return undefined;
  };
}

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`. */
function packageName(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
