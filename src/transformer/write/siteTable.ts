import type { JoinPoint } from '../match/joinPoint.js';
import { HOOK_FAMILIES, isHookId } from '../../rules/hookIds.js';
import { SPAN_KIND, type FileSites, type SpanSpec } from '../../runtime/siteSpec.js';

/** Identifiers the emitted code introduces into every instrumented file. */
export const RUNTIME_NAMESPACE = '__tw';
export const SITE_FUNCTION = '__tw_site';
export const SITE_CACHE = '__tw_sites';
export const RUNTIME_MODULE = '@tracewright/runtime';

/** The site accessor's declaration where a statement starts (never inside a comment or a string that mentions it). */
const SITE_FUNCTION_DECLARATION = new RegExp(`(?:^|[\\n;{}])[ \\t]*function ${SITE_FUNCTION}\\(`);

/**
 * Whether a file already carries our site function, i.e. went through either writer: such a file
 * is left alone (idempotence). A file that merely mentions it in a comment is not instrumented.
 */
export function isInstrumented(text: string): boolean {
  return text.includes(`function ${SITE_FUNCTION}(`) && SITE_FUNCTION_DECLARATION.test(text);
}

/**
 * The per-file site table both writers embed: distinct span specs and one
 * entry per join point, in join-point order (site index = position in the
 * input array). Deterministic, so snapshots and bundler caches stay stable.
 */
export function buildSiteTable(joinPoints: readonly JoinPoint[], projectPath: string): FileSites {
  const specs: SpanSpec[] = [];
  const specIndex = new Map<string, number>();
  const sites: [number, number, number][] = [];
  for (const jp of joinPoints) {
    const spec = specFor(jp);
    const key = JSON.stringify(spec);
    let i = specIndex.get(key);
    if (i === undefined) {
      i = specs.push(spec) - 1;
      specIndex.set(key, i);
    }
    sites.push([i, jp.line, jp.column]);
  }
  return { v: 1, f: projectPath, s: specs, c: sites };
}

function specFor(jp: JoinPoint): SpanSpec {
  const { rule } = jp;
  const spec: SpanSpec = { r: rule.id, n: jp.kind === 'function' ? jp.spanName : rule.span.name, k: SPAN_KIND[rule.span.kind], m: rule.result };
  const attributes = { ...rule.span.attributes, ...(jp.kind === 'function' ? jp.attributes : {}) };
  if (Object.keys(attributes).length > 0) spec.a = attributes;
  const args = Object.entries(rule.span.args);
  if (args.length > 0 && jp.kind !== 'function') spec.g = args.map(([name, paths]) => [name, paths]);
  if (rule.hooks) spec.h = rule.hooks;
  if (rule.hookOptions !== undefined && Object.keys(rule.hookOptions).length > 0) spec.o = stableJson(rule.hookOptions) as Record<string, unknown>;
  if (rule.callback) {
    const { index, rest, property } = rule.callback;
    spec.b = { i: index, ...(rest ? { r: 1 as const } : {}), ...(property === undefined ? {} : { p: property }) };
  }
  return spec;
}

/**
 * A JSON copy of `value` with object keys sorted at every level, so that equal hook options
 * give the same spec (deduplicated) and the same snapshot whatever order they were written in.
 */
function stableJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stableJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = stableJson(item);
  }
  return out;
}

/** Runtime helper name for a call of `arity` arguments: fixed arity up to 3, else the array form. */
export function helperName(kind: 'call' | 'method', arity: number, hasSpread: boolean): string {
  return hasSpread || arity > 3 ? kind : `${kind}${arity}`;
}

/**
 * The hook modules a file's sites need (`@tracewright/runtime/hooks/<family>`), each once,
 * sorted: imported for their side effect of registering the hooks, right after the runtime.
 */
export function hookModules(sites: FileSites): string[] {
  const families = new Set<string>();
  for (const spec of sites.s) if (spec.h !== undefined && isHookId(spec.h)) families.add(HOOK_FAMILIES[spec.h]);
  return [...families].sort().map((family) => `${RUNTIME_MODULE}/hooks/${family}`);
}
