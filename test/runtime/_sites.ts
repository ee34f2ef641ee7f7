/** Builds site tables by hand, as the writers would emit them, for the runtime tests. */
import { sites, type Site } from '../../src/runtime/index.js';
import type { FileSites, SpanSpec } from '../../src/runtime/siteSpec.js';

/** Default spec: an internal span named `op` in `auto` mode. */
export function spec(overrides: Partial<SpanSpec> = {}): SpanSpec {
  return { r: 'test.op', n: 'op', k: 0, m: 'auto', ...overrides };
}

/** One site for `overrides`, at src/app.ts:10:5 unless told otherwise. */
export function site(overrides: Partial<SpanSpec> = {}, line = 10, column = 5): Site {
  const table: FileSites = { v: 1, f: 'src/app.ts', s: [spec(overrides)], c: [[0, line, column]] };
  const [only] = sites(JSON.stringify(table));
  if (only === undefined) throw new Error('no site');
  return only;
}

/** The attributes every span of `site()` carries. */
export function codeAttributes(line = 10, column = 5): Record<string, string | number> {
  return { 'code.file.path': 'src/app.ts', 'code.line.number': line, 'code.column.number': column };
}
