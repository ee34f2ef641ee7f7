/**
 * URL redaction for `url.full` and `url.query`, as the stable HTTP semantic
 * conventions ask: credentials become `REDACTED:REDACTED`, and the values of
 * signature-like query parameters become `REDACTED`. Everything else is kept
 * byte for byte (no re-serialisation through `URL`, which would re-encode).
 */

/** Query parameters whose values are secrets (semconv `url.query` guidance; case-sensitive). */
const SENSITIVE_PARAMS = new Set(['AWSAccessKeyId', 'Signature', 'sig', 'X-Goog-Signature']);

/** Placeholder written in place of a secret. */
export const REDACTED = 'REDACTED';

/** `scheme://userinfo@` — the last `@` before the path decides, as in the WHATWG URL parser. */
const USERINFO = /^([a-zA-Z][a-zA-Z\d+.-]*:\/\/)[^/?#]*@/;

/**
 * Returns `url` with credentials and signature-like query values redacted.
 * Cheap when there is nothing to redact (no `@`, no `?`).
 */
export function redactUrl(url: string): string {
  let out = url;
  if (out.includes('@')) out = out.replace(USERINFO, `$1${REDACTED}:${REDACTED}@`);
  const q = out.indexOf('?');
  if (q < 0) return out;
  const hash = out.indexOf('#', q);
  const end = hash < 0 ? out.length : hash;
  return out.slice(0, q + 1) + redactQuery(out.slice(q + 1, end)) + out.slice(end);
}

/** Redacts the values of sensitive parameters in a query string (without the leading `?`). */
export function redactQuery(query: string): string {
  if (query === '') return query;
  const parts = query.split('&');
  let changed = false;
  for (let i = 0; i < parts.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq < 0) continue;
    const key = parts[i].slice(0, eq);
    if (SENSITIVE_PARAMS.has(key) || SENSITIVE_PARAMS.has(safeDecode(key))) {
      parts[i] = `${key}=${REDACTED}`;
      changed = true;
    }
  }
  return changed ? parts.join('&') : query;
}

/** @internal `decodeURIComponent` that never throws (`+` is a space in form encoding). */
function safeDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
