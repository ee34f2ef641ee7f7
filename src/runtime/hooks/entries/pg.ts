/**
 * `@tracewright/runtime/hooks/pg`: registers the PostgreSQL (`pg`) query and connect hooks;
 * queries record `db.client.operation.duration` when a meter provider is registered.
 * Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { dbOperationDuration } from '../../metrics/db.js';
import { withMetric } from '../../metrics/operation.js';
import { pgConnectHooks, pgHooks } from '../pg.js';

registerHooks('pg', withMetric(pgHooks, dbOperationDuration));
registerHooks('pg.connect', pgConnectHooks);
