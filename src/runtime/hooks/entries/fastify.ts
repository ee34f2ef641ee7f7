/**
 * `@tracewright/runtime/hooks/fastify`: registers the Fastify hooks (server span and route
 * template on the instance `fastify()` returns). Imported by instrumented files whose sites name them.
 */
import { registerHooks } from '../index.js';
import { fastifyHooks } from '../fastify.js';

registerHooks('fastify', fastifyHooks);
