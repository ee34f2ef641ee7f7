/**
 * `@tracewright/runtime/hooks/mysql`: registers the MySQL-protocol client hooks (`mysql2`, and
 * `mariadb` / `mariadb.batch` for the MariaDB connector). Imported by instrumented files whose
 * sites name them.
 */
import { registerHooks } from '../index.js';
import { mariadbBatchHooks, mariadbHooks, mysql2Hooks } from '../mysql.js';

registerHooks('mysql2', mysql2Hooks);
registerHooks('mariadb', mariadbHooks);
registerHooks('mariadb.batch', mariadbBatchHooks);
