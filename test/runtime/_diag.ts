/** Captures OpenTelemetry diag warnings and errors (double `end()`, operations on ended spans). */
import { diag, DiagLogLevel } from '@opentelemetry/api';

/** Install a capturing diag logger; returns the live list of messages. */
export function captureDiag(): string[] {
  const messages: string[] = [];
  const push = (message: string) => void messages.push(message);
  const ignore = () => undefined;
  diag.setLogger({ error: push, warn: push, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  return messages;
}

/** Diag messages saying a span was ended twice or used after its end. */
export function endedSpanMisuse(messages: readonly string[]): string[] {
  return messages.filter((m) => /only call end\(\) on a span once|ended Span/.test(m));
}
