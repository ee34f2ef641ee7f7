/**
 * A stand-in for a span that does not expose its attributes (an unsampled
 * span is a non-recording one, which drops them): it forwards every call to
 * the span and also writes the attributes set on it into the call's own
 * attributes object, so that a metric recorded at the end carries what the
 * hooks set during the call (`error.type`, `db.response.status_code`) whether
 * the span was sampled or not. Like an SDK span it exposes `attributes`, which
 * the runtime and the hooks read to see what is set already.
 */
import type { Attributes, AttributeValue, Exception, Link, Span, SpanContext, SpanStatus, TimeInput } from '@opentelemetry/api';

/** @internal */
export class AttributeTap implements Span {
  /**
   * @param span the span everything is forwarded to
   * @param attributes the call's attributes (a per-call object, already given to `startSpan`), written to
   */
  constructor(
    private readonly span: Span,
    readonly attributes: Attributes,
  ) {}

  spanContext(): SpanContext {
    return this.span.spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (value !== undefined && value !== null) this.attributes[key] = value;
    this.span.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (value !== undefined && value !== null) this.attributes[key] = value;
    }
    this.span.setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.span.addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.span.addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.span.addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.span.setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.span.updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.span.end(endTime);
  }

  isRecording(): boolean {
    return this.span.isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.span.recordException(exception, time);
  }
}
