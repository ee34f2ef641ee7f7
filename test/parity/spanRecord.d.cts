import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RecordedSpan } from './run.js';

export declare function op(id: string, fails: boolean, fn: () => Promise<unknown>): Promise<void>;
export declare function recordSpan(span: ReadableSpan, order: number): RecordedSpan;
