/**
 * Shared by the database hook suites: sites as a writer would emit them for a
 * catalog rule naming a DB hook, the span a call produced, unique table names,
 * and a check that every started span ended.
 */
import { trace, type Span } from '@opentelemetry/api';
import { expect } from 'vitest';
import * as rt from '../../src/runtime/index.js';
// What an instrumented file whose sites name the SQL hooks imports.
import '../../src/runtime/hooks/entries/mysql.js';
import '../../src/runtime/hooks/entries/pg.js';
import '../../src/runtime/hooks/entries/sqlite.js';
import type { ResultModeCode } from '../../src/runtime/siteSpec.js';
import { finishedSpans, simplifySpans, startedSpanCount, type SimpleSpan } from '../helpers/otel.js';

/** Where every site of these suites says it is. */
export const SITE_FILE = 'src/db.ts';

/** One CLIENT site for rule `rule` naming hook `hook`, at src/db.ts:3:7. */
export function dbSite(rule: string, hook: string, mode: ResultModeCode): rt.Site {
  const [site] = rt.sites(JSON.stringify({ v: 1, f: SITE_FILE, s: [{ r: rule, n: rule, k: 2, h: hook, m: mode }], c: [[0, 3, 7]] }));
  if (site === undefined) throw new Error('no site');
  return site;
}

/** The `code.*` attributes of {@link dbSite}. */
export const CODE = { 'code.file.path': SITE_FILE, 'code.line.number': 3, 'code.column.number': 7 };

/** The one span finished since the last reset (fails when there is not exactly one). */
export function onlySpan(): SimpleSpan {
  const spans = simplifySpans(finishedSpans());
  expect(spans.map((s) => s.name)).toHaveLength(1);
  return spans[0] as SimpleSpan;
}

/** Every span that started since the last reset has ended. */
export function expectAllEnded(): void {
  expect(finishedSpans()).toHaveLength(startedSpanCount());
}

/** The exception events' messages and the status message of the only span (for leak checks). */
export function recordedMessages(): string[] {
  const [span] = finishedSpans();
  if (span === undefined) return [];
  const fromEvents = span.events.flatMap((e) => [e.attributes?.['exception.message'], e.attributes?.['exception.stacktrace']]);
  return [span.status.message, ...fromEvents].filter((m): m is string => typeof m === 'string');
}

let counter = 0;
/** A table name no other test (or concurrent run) uses. */
export function uniqueTable(prefix: string): string {
  counter++;
  return `${prefix}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `fn` inside an active parent span named `parent`, returning what `fn` returns. */
export function inParent<T>(fn: (parent: Span) => T): T {
  return trace.getTracer('test').startActiveSpan('parent', (parent) => {
    try {
      return fn(parent);
    } finally {
      parent.end();
    }
  });
}

/** A promise and the Node-style callback that settles it (`(err, value)`). */
export function callbackPromise<T>(): { promise: Promise<T>; callback: (err: unknown, value: T) => void; activeInCallback: () => Span | undefined } {
  let active: Span | undefined;
  let callback!: (err: unknown, value: T) => void;
  const promise = new Promise<T>((resolve, reject) => {
    callback = (err, value) => {
      active = trace.getActiveSpan();
      if (err) reject(err);
      else resolve(value);
    };
  });
  return { promise, callback, activeInCallback: () => active };
}
