/**
 * Recording a failed call on its span: exception event, ERROR status and
 * `error.type`, with the hook's say. Never throws.
 */
import { SpanStatusCode, type Attributes, type Exception, type Span } from '@opentelemetry/api';
import type { CallStart, Hooks } from './hooks/types.js';

/** @internal The semantic-convention attribute naming the class of error. */
export const ERROR_TYPE = 'error.type';
/** @internal `error.type` when the thrown value has no usable class name. */
export const OTHER_ERROR = '_OTHER';

/**
 * `error.type` for a thrown value: its constructor's name (`TypeError`,
 * `AbortError` subclass names, ...), or `_OTHER` for primitives, plain
 * objects and anything whose class cannot be read without throwing.
 * @internal
 */
export function errorType(error: unknown): string {
  if ((typeof error !== 'object' && typeof error !== 'function') || error === null) return OTHER_ERROR;
  try {
    const ctor = (error as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? (ctor as { name?: unknown }).name : undefined;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? name : OTHER_ERROR;
  } catch {
    return OTHER_ERROR;
  }
}

function errorMessage(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  try {
    const message = (error as { message?: unknown } | null | undefined)?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

function asException(error: unknown): Exception {
  if (typeof error === 'string' || (typeof error === 'object' && error !== null)) return error as Exception;
  return String(error);
}

/**
 * Record `error` on `span`. The hook's `onError` runs first; when it returns
 * `false` the outcome is not an error (an abort, say): no exception event, no
 * status, no `error.type` from the runtime. Otherwise: exception event, status
 * ERROR with the error's message, and `error.type` unless the hook already set
 * one (checked on SDK spans, which expose their attributes; on other spans the
 * runtime's value wins). Does not end the span.
 * @internal
 */
export function recordError(span: Span, error: unknown, hooks: Hooks | undefined, call: CallStart | undefined): void {
  if (hooks !== undefined && typeof hooks.onError === 'function') {
    let verdict: boolean | void = undefined;
    try {
      verdict = hooks.onError(span, error, call as CallStart);
    } catch {
      // A throwing hook never reaches user code; the error is recorded as usual.
    }
    if (verdict === false) return;
  }
  try {
    span.recordException(asException(error));
  } catch {
    // recordException reads user properties (message, stack): getters may throw.
  }
  try {
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    const attributes = (span as { attributes?: Attributes }).attributes;
    if (attributes === undefined || attributes === null || attributes[ERROR_TYPE] === undefined) {
      span.setAttribute(ERROR_TYPE, errorType(error));
    }
  } catch {
    // Never let a broken span implementation reach user code.
  }
}
