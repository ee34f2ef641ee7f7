import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// TRACEWRIGHT_OTEL_SDK (CI's Node 22 leg, see .ci/run and test/helpers/otelLine.ts): a folder
// holding the OpenTelemetry JS 3.x line. The test code and src/runtime (both transformed by vite,
// so aliases apply) then import its API, core and context manager: their CommonJS entries, the
// same module instances its SDK require()s. Packages under node_modules keep their own imports.
const otelSdk = process.env.TRACEWRIGHT_OTEL_SDK;
const otelAlias = otelSdk
  ? ['@opentelemetry/api', '@opentelemetry/core', '@opentelemetry/context-async-hooks'].map((name) => ({
      find: new RegExp(`^${name}$`),
      replacement: createRequire(join(resolve(otelSdk), 'package.json')).resolve(name),
    }))
  : [];

export default defineConfig({
  resolve: { alias: otelAlias },
  test: {
    include: ['test/**/*.test.ts'],
    // Temp projects of the build tests hold test files of their own.
    exclude: ['test/.tmp/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
