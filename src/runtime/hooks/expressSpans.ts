/**
 * Optional INTERNAL spans per Express route handler and middleware (plugin
 * option `handlerSpans`, off by default), shaped like the official
 * `@opentelemetry/instrumentation-express` ones: `request handler - /users/:id`
 * and `middleware - jsonParser`, with `express.type`, `express.name` and
 * `http.route`.
 *
 * A handler's span ends at the first of: it calls `next` (an error passed to
 * `next` is recorded), it throws synchronously (recorded, rethrown), the
 * response finishes or the connection closes. The handler runs in the span's
 * context, so what it calls (a database query) is the span's child; what its
 * `next` runs (the following handler) runs in the context the handler was
 * called in, so handler spans are siblings under the SERVER span. A returned
 * promise is not observed: Express 5 passes a rejection to `next`, which ends
 * the span with the error; attaching a handler here would hide an Express 4
 * unhandled rejection.
 */
import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { currentTracer, endSpan } from '../tracer.js';

/** What kind of function the span is for. @internal */
export type HandlerType = 'request_handler' | 'middleware';

interface Emitter {
  once?(event: string, listener: () => void): unknown;
  removeListener?(event: string, listener: () => void): unknown;
}

/**
 * Calls `fn` with `thisArg` and `args` (Express's `(req, res, next)` or
 * `(err, req, res, next)`) inside an INTERNAL span. `template` is the route's
 * full template for a request handler.
 * @internal
 */
export function callInHandlerSpan(
  fn: (...args: any[]) => any,
  thisArg: unknown,
  args: unknown[],
  type: HandlerType,
  template: string | undefined,
): unknown {
  const errorHandler = args.length >= 4;
  const res = args[errorHandler ? 2 : 1] as Emitter | undefined;
  const nextAt = errorHandler ? 3 : 2;
  const next = args[nextAt];
  const label = type === 'request_handler' ? template ?? fn.name : fn.name || '<anonymous>';
  const parent = context.active();
  let span: Span;
  try {
    span = currentTracer().startSpan(`${type === 'request_handler' ? 'request handler' : 'middleware'} - ${label}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        'express.type': type,
        'express.name': label,
        ...(template !== undefined ? { 'http.route': template } : {}),
      },
    }, parent);
  } catch {
    return Reflect.apply(fn, thisArg, args);
  }
  let open = true;
  const end = (error?: unknown): void => {
    if (!open) return;
    open = false;
    if (res !== undefined && typeof res.removeListener === 'function') {
      res.removeListener('finish', onDone);
      res.removeListener('close', onDone);
    }
    if (error !== undefined && error !== null && error !== 'route' && error !== 'router') {
      try {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      } catch {
        // never into user code
      }
    }
    endSpan(span);
  };
  const onDone = (): void => end();
  if (res !== undefined && typeof res.once === 'function') {
    res.once('finish', onDone);
    res.once('close', onDone);
  }
  if (typeof next === 'function') {
    const callNext = next as (...a: unknown[]) => unknown;
    args[nextAt] = function next(this: unknown) {
      end(arguments[0]);
      // What runs next (the following handler) runs where this one was called, beside its span, not under it.
      const self = this;
      const rest = arguments as unknown as unknown[];
      return context.with(parent, () => Reflect.apply(callNext, self, rest));
    };
  }
  const ctx = trace.setSpan(parent, span);
  try {
    return context.with(ctx, () => Reflect.apply(fn, thisArg, args));
  } catch (error) {
    end(error);
    throw error;
  }
}
