/**
 * What the bundler path needs of a tsconfig to resolve specifiers the way the project's own
 * compiler does: `compilerOptions.paths` and `baseUrl` (with `extends` followed, each path
 * relative to the config that sets it), and `rootDir`/`outDir` to map a self-reference's build
 * output back to its source. Read as JSON with comments and trailing commas, without loading
 * TypeScript (the bundler path must work when the project's TypeScript has no JS API).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** The resolution settings of one tsconfig, paths absolute. @internal */
export interface TsconfigPaths {
  /** The tsconfig file. */
  file: string;
  /** It and every config it extends: what the answer depends on. */
  files: string[];
  /** `paths` patterns (`@/*`) → absolute targets (with `*`), in the config's order. */
  paths: [string, string[]][];
  /** Absolute `baseUrl`, when set: bare specifiers are tried under it. */
  baseUrl?: string;
  rootDir?: string;
  outDir?: string;
}

const MAX_EXTENDS = 16;

/** JSON with `//` and `/* *\/` comments and trailing commas (tsconfig's dialect), or undefined. @internal */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else {
      out += ch;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
  } catch {
    return undefined;
  }
}

/** Reads `file` and what it extends; undefined when it does not exist or does not parse. @internal */
export function readTsconfigPaths(file: string): TsconfigPaths | undefined {
  const merged: Omit<TsconfigPaths, 'file' | 'files'> & { pathsBase?: string } = { paths: [] };
  let pathsSet = false;
  const files: string[] = [];
  const visit = (config: string, depth: number): boolean => {
    if (depth > MAX_EXTENDS || !existsSync(config)) return false;
    files.push(config);
    let json: { extends?: unknown; compilerOptions?: Record<string, unknown> } | undefined;
    try {
      json = parseJsonc(readFileSync(config, 'utf8')) as typeof json;
    } catch {
      return false;
    }
    if (!json || typeof json !== 'object') return false;
    // The extended configs first: this one's settings override theirs.
    const bases = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
    for (const base of bases) {
      const target = typeof base === 'string' ? extendedConfig(config, base) : undefined;
      if (target) visit(target, depth + 1);
    }
    const options = json.compilerOptions ?? {};
    const dir = dirname(config);
    if (typeof options.baseUrl === 'string') merged.baseUrl = resolve(dir, options.baseUrl);
    if (typeof options.rootDir === 'string') merged.rootDir = resolve(dir, options.rootDir);
    if (typeof options.outDir === 'string') merged.outDir = resolve(dir, options.outDir);
    if (options.paths && typeof options.paths === 'object') {
      pathsSet = true;
      merged.pathsBase = dir;
      merged.paths = Object.entries(options.paths as Record<string, unknown>)
        .map(([pattern, targets]): [string, string[]] => [pattern, Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : []]);
    }
    return true;
  };
  if (!visit(file, 0)) return undefined;
  // `paths` targets are relative to `baseUrl` when set, else to the config that declares `paths`.
  const base = merged.baseUrl ?? merged.pathsBase ?? dirname(file);
  const paths = pathsSet ? merged.paths.map(([p, targets]): [string, string[]] => [p, targets.map((t) => resolve(base, t))]) : [];
  return {
    file, files, paths,
    ...(merged.baseUrl ? { baseUrl: merged.baseUrl } : {}),
    ...(merged.rootDir ? { rootDir: merged.rootDir } : {}),
    ...(merged.outDir ? { outDir: merged.outDir } : {}),
  };
}

/** The file an `extends` names: a path relative to the config, or a package's config. */
function extendedConfig(config: string, spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const file = resolve(dirname(config), spec);
    return existsSync(file) || file.endsWith('.json') ? file : `${file}.json`;
  }
  const require = createRequire(config);
  for (const candidate of [spec, `${spec}.json`, join(spec, 'tsconfig.json')]) {
    try {
      return require.resolve(candidate);
    } catch { /* next form */ }
  }
  return undefined;
}

/**
 * The targets a `paths` pattern gives `specifier` (`@/*` with `@/db` → `<base>/src/db`), the most
 * specific pattern first as TypeScript picks it (longest prefix before the `*`); empty when none matches.
 */
export function pathsTargets(paths: readonly [string, string[]][], specifier: string): string[] {
  let best: { prefix: number; targets: string[] } | undefined;
  for (const [pattern, targets] of paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) return targets;
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.prefix >= prefix.length) continue;
    const matched = specifier.slice(prefix.length, specifier.length - suffix.length);
    best = { prefix: prefix.length, targets: targets.map((t) => t.replace('*', matched)) };
  }
  return best?.targets ?? [];
}
