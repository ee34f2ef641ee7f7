// The matcher's explain sink, in-process: every rule tried at a site arrives with its reason,
// and matching with a sink finds exactly what it finds without one.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { resolveOptions } from '../../src/options.js';
import { matchCallSites } from '../../src/transformer/match/matchCallSites.js';
import { indexRules } from '../../src/transformer/match/ruleIndex.js';
import type { ExplainEvent } from '../../src/transformer/match/explain.js';
import { parseSource } from '../../src/transformer/parse/parseSource.js';
import { createVersionCheck } from '../../src/transformer/match/moduleVersion.js';

const root = resolve(__dirname, 'projects/bundler-app');
const code = [
  "import { request } from 'undici';",
  'const fetch = (u) => u;',
  "fetch('a'); request('b');",
  "globalThis.fetch('c');",
].join('\n');

function match(explain?: (e: ExplainEvent) => void) {
  const rules = indexRules(resolveOptions({}, { configFile: resolve(root, 'tracewright.config.json'), projectRoot: root }).rules);
  const fileName = resolve(root, 'src/explain.mjs');
  const parsed = parseSource(code, fileName, '.mjs', root);
  return matchCallSites(parsed.sourceFile, {
    ts: parsed.api, rules, fileName, projectRoot: root, checkVersion: createVersionCheck(),
    ...(parsed.comments ? { comments: parsed.comments } : {}), ...(explain ? { explain } : {}),
  });
}

describe('explain sink', () => {
  it('reports each rule tried at each site, placed at the call', () => {
    const events: ExplainEvent[] = [];
    match((e) => events.push(e));
    const seen = events.map((e) => `${e.line}:${e.column} ${e.site} ${e.rule.id} ${e.verdict}: ${e.reason}`);
    expect(seen).toContain('3:1 fetch(…) fetch rejected: `fetch` is a local binding here (declared at line 2), not the global `fetch`');
    expect(seen).toContain('3:13 request(…) undici.request wrapped: matches `request` exported by `undici`');
    expect(seen).toContain('4:1 globalThis.fetch(…) fetch wrapped: matches the global `fetch`');
    expect(seen).toContain('4:1 globalThis.fetch(…) undici.fetch rejected: `fetch` is the global here; the rule wants `fetch` exported by `undici`');
  });

  it('does not change what matches', () => {
    const plain = match();
    const explained = match(() => {});
    const sites = (r: ReturnType<typeof match>) => r.joinPoints.map((jp) => `${jp.rule.id}@${jp.line}:${jp.column}`);
    expect(sites(explained)).toEqual(sites(plain));
    expect(sites(plain)).toEqual(['undici.request@3:13', 'fetch@4:1']);
    expect(explained.skipped).toEqual(plain.skipped);
  });
});
