/**
 * `db.client.operation.duration` (stable database metric conventions): a
 * histogram in seconds of each database operation, with the bucket boundaries
 * the conventions advise, recorded by every database hook family (pg, mysql2,
 * mariadb, better-sqlite3, ioredis, node-redis) for its queries and commands;
 * a batch (MariaDB `batch`, a Redis MULTI or pipeline) is one operation.
 * Connecting (`pg.connect`) is not an operation and is not recorded.
 *
 * Attributes: the span's values of the keys the convention lists, except the
 * opt-in `db.query.text` (high cardinality, and it may hold values):
 * `db.system.name`, `db.namespace`, `db.operation.name`, `db.collection.name`,
 * `db.query.summary`, `db.stored_procedure.name`, `db.response.status_code`,
 * `error.type`, `server.address`, `server.port`, `network.peer.address`,
 * `network.peer.port`. A key the span lacks is absent (the SQL hooks set no
 * `db.operation.name` / `db.collection.name`: the conventions say not to
 * parse them out of query text; the summary carries both).
 */
import type { Attributes } from '@opentelemetry/api';
import { HistogramInstrument } from './instruments.js';
import { attributeSelector, SpanDurationMetric } from './operation.js';

/** The histogram, as the conventions define it. */
export const DB_CLIENT_OPERATION_DURATION = new HistogramInstrument({
  name: 'db.client.operation.duration',
  unit: 's',
  description: 'Duration of database client operations.',
  boundaries: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
});

/** The span attributes the metric carries (every other key, `db.query.text` first of all, is left out). */
export const DB_METRIC_ATTRIBUTES: readonly string[] = [
  'db.system.name',
  'db.namespace',
  'db.operation.name',
  'db.collection.name',
  'db.query.summary',
  'db.stored_procedure.name',
  'db.response.status_code',
  'error.type',
  'server.address',
  'server.port',
  'network.peer.address',
  'network.peer.port',
];

/** The metric's attributes from a database span's. */
export const dbMetricAttributes: (span: Attributes) => Attributes = attributeSelector(DB_METRIC_ATTRIBUTES);

/** What the database hook entries attach to their hooks. */
export const dbOperationDuration = new SpanDurationMetric(DB_CLIENT_OPERATION_DURATION, dbMetricAttributes);
