/**
 * `@tracewright/runtime/hooks/nest`: registers the NestJS hooks (the app from
 * `NestFactory.create()` as a server root, its routes noted per request).
 * Imported by instrumented files whose sites name them.
 */
import { nestHooks } from '../nest.js';
import { registerHooks } from '../index.js';

registerHooks('nest', nestHooks);
