/**
 * `@tracewright/runtime/hooks/mysql`: registers the MySQL-protocol client hooks (`mysql2`, and
 * `mariadb` / `mariadb.batch` for the MariaDB connector), which record
 * `db.client.operation.duration` when a meter provider is registered. Imported by instrumented
 * files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { dbOperationDuration } from '../../metrics/db.js';
import { withMetric } from '../../metrics/operation.js';
import { mariadbBatchHooks, mariadbHooks, mysql2Hooks } from '../mysql.js';

registerHooks('mysql2', withMetric(mysql2Hooks, dbOperationDuration));
registerHooks('mariadb', withMetric(mariadbHooks, dbOperationDuration));
registerHooks('mariadb.batch', withMetric(mariadbBatchHooks, dbOperationDuration));
