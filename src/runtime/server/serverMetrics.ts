/**
 * `http.server.request.duration` (stable HTTP metric conventions): a histogram
 * in seconds of each request our SERVER span covered, with the bucket
 * boundaries the conventions advise, recorded when the span ends, only when a
 * meter provider is registered (see metrics/instruments.ts), sampled or not.
 *
 * Attributes: the span's values of the keys the convention lists as required
 * or recommended — `http.request.method`, `url.scheme`,
 * `http.response.status_code`, `http.route`, `error.type` and
 * `network.protocol.version` (`network.protocol.name` is only required when it
 * is not `http`, so it is left out). The opt-in
 * `server.address` / `server.port` are left out: on the server side they come
 * from the client's `Host` header, so their cardinality is the client's choice.
 * Requests of ignored paths and requests the official http instrumentation
 * traces are not recorded here (the latter records its own).
 */
import type { Attributes } from '@opentelemetry/api';
import { HistogramInstrument } from '../metrics/instruments.js';
import { attributeSelector } from '../metrics/operation.js';

/** The histogram, as the conventions define it. */
export const HTTP_SERVER_REQUEST_DURATION = new HistogramInstrument({
  name: 'http.server.request.duration',
  unit: 's',
  description: 'Duration of HTTP server requests.',
  boundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
});

/** The span attributes the metric carries. */
export const SERVER_METRIC_ATTRIBUTES: readonly string[] = [
  'http.request.method',
  'url.scheme',
  'http.response.status_code',
  'http.route',
  'error.type',
  'network.protocol.version',
];

/** The metric's attributes from the span's (a new object). */
export const serverMetricAttributes: (span: Attributes) => Attributes = attributeSelector(SERVER_METRIC_ATTRIBUTES);
