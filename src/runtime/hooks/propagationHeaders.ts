/**
 * Trace-context injection into a copy of a caller's request headers. The
 * caller's objects are never written to: the result is a new value in the
 * same format (plain object, flat array, array of pairs), or `undefined` when
 * there is nothing to add.
 */
import { propagation, type Context } from '@opentelemetry/api';

/** How the callee reads request headers. */
export interface HeaderFormat {
  /** Arrays are `['k', 'v', ...]` (Node `http`, `undici.request`) or `[['k', 'v'], ...]` (fetch). */
  arrays: 'flat' | 'pairs';
  /**
   * Non-array iterables (`Headers`, `Map`) are header lists (fetch, undici), or
   * plain objects whose own keys are the headers (Node `http`).
   */
  iterables: boolean;
}

/**
 * Returns `headers` plus the fields the registered propagator writes for
 * `ctx` (`traceparent`, `tracestate`, `baggage`, ...), as a new value. A field
 * the caller already set (any case) is left alone, and so is `tracestate`
 * when the caller set `traceparent`: an explicit trace context is never
 * overwritten or mixed with ours.
 */
export function withPropagation(ctx: Context, headers: unknown, format: HeaderFormat): unknown {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  const fields = Object.keys(carrier);
  if (fields.length === 0) return undefined;

  const isArray = Array.isArray(headers);
  const isList =
    !isArray && format.iterables && typeof headers === 'object' && headers !== null && Symbol.iterator in headers;
  const pairs: unknown[][] = isArray
    ? toPairs(headers as unknown[], format.arrays)
    : isList
      ? Array.from(headers as Iterable<unknown[]>)
      : headers != null && typeof headers === 'object'
        ? Object.entries(headers)
        : [];
  const present = new Set<string>();
  for (const p of pairs) if (p != null && p[0] != null) present.add(String(p[0]).toLowerCase());
  if (present.has('traceparent')) present.add('tracestate');
  const added = fields.filter((f) => !present.has(f.toLowerCase()));
  if (added.length === 0) return undefined;

  if (isArray || isList) {
    // An array is copied as is; an iterable was read once into `pairs` (never re-iterated).
    const out: unknown[] = isArray ? [...(headers as unknown[])] : format.arrays === 'flat' ? pairs.flat() : pairs;
    for (const f of added) {
      if (format.arrays === 'flat') out.push(f, carrier[f]);
      else out.push([f, carrier[f]]);
    }
    return out;
  }
  const out: Record<string, unknown> = headers != null && typeof headers === 'object' ? { ...headers } : {};
  for (const f of added) out[f] = carrier[f];
  return out;
}

/** @internal Normalises an array of headers to pairs for the presence check. */
function toPairs(headers: unknown[], arrays: 'flat' | 'pairs'): unknown[][] {
  if (arrays === 'pairs') return headers.map((p) => (Array.isArray(p) ? p : []));
  const out: unknown[][] = [];
  for (let i = 0; i + 1 < headers.length; i += 2) out.push([headers[i], headers[i + 1]]);
  return out;
}

/**
 * A copy of an options/init object with one property replaced: own enumerable
 * properties are copied (getters read once) and the prototype is kept, so the
 * callee sees what it would have seen, whether it spreads the object (Node,
 * undici) or reads members through the prototype chain (fetch's WebIDL).
 */
export function copyWith(obj: object | null | undefined, key: string, value: unknown): object {
  const copy: Record<string, unknown> = { ...obj, [key]: value };
  const proto = obj == null ? Object.prototype : Object.getPrototypeOf(obj);
  if (proto !== Object.prototype) Object.setPrototypeOf(copy, proto);
  return copy;
}
