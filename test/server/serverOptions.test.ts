/**
 * The server options (`server`, `ignorePaths`, `handlerSpans`): exact
 * validation messages, `server: "off"` dropping the built-in server rules, and
 * the non-default options reaching the server rules as hook options.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveOptions, TS_PATCH_KEYS } from '../../src/options.js';
import { SERVER_HOOK_IDS } from '../../src/rules/hookIds.js';
import { compilePathGlobs } from '../../src/runtime/server/pathGlob.js';
import { applyServerOptions } from '../../src/serverOptions.js';
import type { ResolvedRule } from '../../src/rules/types.js';
import { errorOf } from '../rules/helpers.js';

const root = '/project';
const ctx = { configFile: join(root, 'tsconfig.json'), projectRoot: root, ignoreKeys: TS_PATCH_KEYS };

/** A resolved rule naming `hooks`, as the catalog or a user file would give it. */
function rule(id: string, hooks: string | undefined, source = 'builtin'): ResolvedRule {
  return {
    id, join: 'call', module: 'm', exports: ['f'], classes: [], names: [], path: [], versions: undefined,
    span: { name: id, kind: 'internal', attributes: {}, args: {} }, hooks, result: 'auto', source,
  };
}
const rules = [rule('pg.query', 'pg'), rule('http.create-server', 'http.server'), rule('express.route', 'express'), rule('mine.server', 'http.server', 'rules.json')];
type WithHookOptions = ResolvedRule;

describe('server options', () => {
  it('defaults: server "auto", no ignored paths, no handler spans, rules unchanged', () => {
    const options = resolveOptions(undefined, ctx);
    expect(options).toMatchObject({ server: 'auto', ignorePaths: [], handlerSpans: false });
    expect(options.rules.some((r) => (r as WithHookOptions).hookOptions !== undefined)).toBe(false);
    expect(applyServerOptions(rules, { server: 'auto', ignorePaths: [], handlerSpans: false })).toBe(rules);
  });

  it('reads all three', () => {
    const options = resolveOptions({ server: 'off', ignorePaths: ['/health', '/internal/**'], handlerSpans: true }, ctx);
    expect(options).toMatchObject({ server: 'off', ignorePaths: ['/health', '/internal/**'], handlerSpans: true });
  });

  it('server "off" drops the built-in server rules only', () => {
    const kept = applyServerOptions(rules, { server: 'off', ignorePaths: ['/health'], handlerSpans: true });
    expect(kept.map((r) => r.id)).toEqual(['pg.query', 'mine.server']);
    expect(SERVER_HOOK_IDS).toEqual(['http.server', 'express', 'fastify', 'koa', 'hono', 'nest']);
  });

  it('ignorePaths and handlerSpans reach the server rules as hook options (copies), not the others', () => {
    const out = applyServerOptions(rules, { server: 'auto', ignorePaths: ['/health'], handlerSpans: true }) as WithHookOptions[];
    expect(out.map((r) => [r.id, r.hookOptions])).toEqual([
      ['pg.query', undefined],
      ['http.create-server', { ignorePaths: ['/health'], handlerSpans: true }],
      ['express.route', { ignorePaths: ['/health'], handlerSpans: true }],
      ['mine.server', { ignorePaths: ['/health'], handlerSpans: true }],
    ]);
    expect(out[0]).toBe(rules[0]);
    expect((rules[1] as WithHookOptions).hookOptions).toBeUndefined();
    const onlyHandlers = applyServerOptions(rules, { server: 'auto', ignorePaths: [], handlerSpans: true }) as WithHookOptions[];
    expect(onlyHandlers[1]!.hookOptions).toEqual({ handlerSpans: true });
  });

  it('exact messages for wrong values, all at once', () => {
    expect(errorOf(() => resolveOptions({ server: 'on', ignorePaths: ['health', 3, '/ok'], handlerSpans: 'yes' }, ctx))).toBe(
      [
        '[tracewright] tsconfig.json: option "server": expected "auto" or "off", got "on"; write "off" to leave servers uninstrumented, or remove it',
        '[tracewright] tsconfig.json: option "ignorePaths[0]": "health": a path glob starts with "/" (it is matched against url.path, e.g. "/health"); write a path glob such as "/health" or "/internal/**"',
        '[tracewright] tsconfig.json: option "ignorePaths[1]": expected a string, got a number; write a path glob such as "/health" or "/internal/**"',
        '[tracewright] tsconfig.json: option "handlerSpans": expected a boolean, got a string; write true or false',
      ].join('\n'),
    );
    expect(errorOf(() => resolveOptions({ ignorePaths: '/health' }, ctx))).toBe(
      '[tracewright] tsconfig.json: option "ignorePaths": expected an array of path globs, got a string; write e.g. ["/health", "/internal/**"]',
    );
    expect(errorOf(() => resolveOptions({ server: false }, ctx))).toBe(
      '[tracewright] tsconfig.json: option "server": expected "auto" or "off", got a boolean; write "off" to leave servers uninstrumented, or remove it',
    );
    expect(errorOf(() => resolveOptions({ ignorPaths: [] }, ctx))).toBe('[tracewright] tsconfig.json: option "ignorPaths": unknown option; did you mean "ignorePaths"?');
  });
});

describe('ignorePaths globs (compiled at run time)', () => {
  const match = compilePathGlobs(['/health', '/internal/**', '/v?/ping', '/files/*.txt', '/a/**/z', '/x.y+(z)'])!;
  it.each([
    ['/health', true],
    ['/healthz', false],
    ['/health/', false],
    ['/internal', true],
    ['/internal/', true],
    ['/internal/a/b', true],
    ['/internals', false],
    ['/v1/ping', true],
    ['/v10/ping', false],
    ['/files/a.txt', true],
    ['/files/a/b.txt', false],
    ['/a/z', true],
    ['/a/b/c/z', true],
    ['/a/b/c/zz', false],
    ['/x.y+(z)', true],
    ['/xzy+(z)', false],
  ])('%s → %s', (path, expected) => {
    expect(match(path)).toBe(expected);
  });

  it('nothing to match: no matcher; invalid entries skipped', () => {
    expect(compilePathGlobs([])).toBeUndefined();
    expect(compilePathGlobs(undefined)).toBeUndefined();
    expect(compilePathGlobs(['health', 3])).toBeUndefined();
    expect(compilePathGlobs(['health', '/ok'])!('/ok')).toBe(true);
  });
});
