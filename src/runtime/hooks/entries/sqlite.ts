/**
 * `@tracewright/runtime/hooks/sqlite`: registers the better-sqlite3 hooks (`better-sqlite3` for
 * prepared statements, `better-sqlite3.exec` for `Database#exec`). Imported by instrumented files
 * whose sites name them.
 */
import { registerHooks } from '../index.js';
import { betterSqlite3ExecHooks, betterSqlite3Hooks } from '../sqlite.js';

registerHooks('better-sqlite3', betterSqlite3Hooks);
registerHooks('better-sqlite3.exec', betterSqlite3ExecHooks);
