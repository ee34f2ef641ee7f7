/**
 * The instrumentation scope the runtime reports its spans under. Kept as a
 * constant (not read from package.json) because the runtime is bundled into
 * user code, where package.json is not reachable; a test checks it matches.
 * @internal
 */
export const TRACER_NAME = 'tracewright';

/** @internal The package version; `test/runtime/version.test.ts` keeps it equal to package.json's. */
export const TRACER_VERSION = '0.1.0';
