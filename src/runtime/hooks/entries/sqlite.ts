/**
 * `@tracewright/runtime/hooks/sqlite`: registers the better-sqlite3 hooks (`better-sqlite3` for
 * prepared statements, `better-sqlite3.exec` for `Database#exec`), which record
 * `db.client.operation.duration` when a meter provider is registered. Imported by instrumented
 * files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { dbOperationDuration } from '../../metrics/db.js';
import { withMetric } from '../../metrics/operation.js';
import { betterSqlite3ExecHooks, betterSqlite3Hooks } from '../sqlite.js';

registerHooks('better-sqlite3', withMetric(betterSqlite3Hooks, dbOperationDuration));
registerHooks('better-sqlite3.exec', withMetric(betterSqlite3ExecHooks, dbOperationDuration));
