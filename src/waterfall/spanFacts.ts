/**
 * What a waterfall row says about a span besides its name and bar: the key
 * attributes (route, status, query, peer), the error, and the call site the
 * instrumentation recorded. One place, so the terminal and the HTML page
 * show the same facts.
 * @internal
 */
import type { SpanData } from './spanData.js';

/** The attributes shown on a row, in this order, when present. @internal */
export const KEY_ATTRIBUTES = [
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'db.query.summary',
  'db.query.text',
  'server.address',
  'server.port',
  'error.type',
] as const;

/** Longer values (query texts) are cut here, with `…`: a row stays one line. @internal */
export const MAX_VALUE_LENGTH = 80;

function shorten(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_VALUE_LENGTH ? `${oneLine.slice(0, MAX_VALUE_LENGTH - 1)}…` : oneLine;
}

/** The row facts of one span. @internal */
export interface SpanFacts {
  /** `[key, value]` of the {@link KEY_ATTRIBUTES} present, values cut at {@link MAX_VALUE_LENGTH}; what the name already says is left out. */
  attributes: [string, string][];
  /** `file:line` from `code.file.path` / `code.line.number`. */
  callSite?: string;
  /** Set when the span's status is error: its message, or `error`. */
  error?: string;
}

/** The facts of `span`. @internal */
export function spanFacts(span: SpanData): SpanFacts {
  const attrs = span.attributes;
  const attributes: [string, string][] = [];
  for (const key of KEY_ATTRIBUTES) {
    const value = attrs[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'db.query.summary' && value === span.name) continue; // the name already says it
    if ((key === 'server.address' || key === 'server.port') && span.kind === 'server') continue; // its own address: noise on every row
    if (key === 'http.request.method' && span.name.startsWith(`${String(value)} `)) continue;
    attributes.push([key, shorten(String(value))]);
  }
  const file = attrs['code.file.path'];
  const line = attrs['code.line.number'];
  const callSite = typeof file === 'string' ? (line !== undefined ? `${file}:${String(line)}` : file) : undefined;
  const error = span.status.code === 'error' ? span.status.message || 'error' : undefined;
  return { attributes, ...(callSite ? { callSite } : {}), ...(error ? { error } : {}) };
}
