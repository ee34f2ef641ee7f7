/**
 * `@tracewright/runtime/hooks/pg`: registers the PostgreSQL (`pg`) query and connect hooks.
 * Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { pgConnectHooks, pgHooks } from '../pg.js';

registerHooks('pg', pgHooks);
registerHooks('pg.connect', pgConnectHooks);
