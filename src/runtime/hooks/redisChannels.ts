/**
 * The connection of a node-redis `multi().exec()`, which the multi object
 * keeps private. node-redis versions with tracing channels (6, and 5 at
 * least from 5.12; not 4: see `nodeRedis4BatchConnection`) publish it on
 * `node-redis:batch` when the batch starts, synchronously
 * inside the `exec()` call, so the active context is our span's. Only the
 * `start` event is subscribed to, so node-redis does no tracing work for
 * single commands.
 *
 * Optional by design, like `undiciChannels.ts`: the channel is reached through
 * `process.getBuiltinModule`; elsewhere (browsers, older node-redis) the batch
 * span simply lacks these attributes.
 */
import { context, trace, type Span } from '@opentelemetry/api';
import { nodeBuiltin } from '../nodeBuiltin.js';

interface DiagnosticsChannel {
  subscribe(name: string, onMessage: (message: unknown, name: string | symbol) => void): void;
}

/** Batch spans still waiting for their batch to start. */
const waiting = new WeakSet<Span>();
let subscribed = false;

/** Attach the next node-redis batch started in `span`'s context to it (from `onInject`). */
export function watchNodeRedisBatch(span: Span | undefined): void {
  if (span === undefined) return;
  waiting.add(span);
  if (!subscribed) subscribe();
}

/** The call settled: later batches in its context are not its own. */
export function unwatchNodeRedisBatch(span: Span): void {
  waiting.delete(span);
}

/** @internal */
function subscribe(): void {
  subscribed = true;
  const dc = nodeBuiltin<DiagnosticsChannel>('node:diagnostics_channel');
  if (typeof dc?.subscribe !== 'function') return;
  dc.subscribe('tracing:node-redis:batch:start', onBatchStart);
}

/**
 * `{ batchMode, batchSize, database, serverAddress, serverPort }`. Never
 * throws: a throwing subscriber would surface as an uncaught exception.
 * @internal
 */
function onBatchStart(message: unknown): void {
  try {
    const span = trace.getSpan(context.active());
    if (span === undefined || !waiting.has(span) || typeof message !== 'object' || message === null) return;
    waiting.delete(span);
    const { batchSize, database, serverAddress, serverPort } = message as Record<string, unknown>;
    if (typeof serverAddress === 'string' && serverAddress !== '') {
      span.setAttribute('server.address', serverAddress);
      if (typeof serverPort === 'number') span.setAttribute('server.port', serverPort);
    }
    if (typeof database === 'number' && Number.isInteger(database)) span.setAttribute('db.namespace', String(database));
    if (typeof batchSize === 'number' && batchSize !== 1) span.setAttribute('db.operation.batch.size', batchSize);
  } catch {
    // telemetry must not break the batch
  }
}
