/**
 * Which OpenTelemetry JS line the tests run on.
 *
 * By default the devDependencies: `@opentelemetry/api` 1.9 with the 2.x SDK
 * (`@opentelemetry/sdk-trace-node`). CI's Node 22 leg (`.ci/run`) installs the
 * 3.x line (`@opentelemetry/api` 1.10, `@opentelemetry/sdk-trace` 3,
 * `@opentelemetry/context-async-hooks` 3, `@opentelemetry/core` 3; Node >= 22.15)
 * into `.tmp/otel3` and names that folder in `TRACEWRIGHT_OTEL_SDK`:
 *
 * - `test/helpers/otel.ts` builds its provider from that folder's packages;
 * - `vitest.config.mts` points the bare imports `@opentelemetry/api`, `…/core` and
 *   `…/context-async-hooks` of the test code and of `src/runtime` at that folder's CommonJS
 *   entries, the very module instances the SDK `require()`s, so one API 1.10 registers the
 *   globals and the runtime reads them through that API. (Without the alias the runtime would
 *   import the devDependency API 1.9, which accepts 1.10's globals — an API refuses only globals
 *   of an older minor — so spans would still appear, but the runtime would not be tested on 1.10.)
 *
 * There is no fallback: with the variable set, a folder without the 3.x packages fails
 * loudly. Child processes (watch, unhandled) still load the devDependencies.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/** The environment variable naming the folder where the 3.x line is installed. */
export const OTEL_SDK_ENV = 'TRACEWRIGHT_OTEL_SDK';

/** The folder named by `TRACEWRIGHT_OTEL_SDK` (absolute), or undefined for the devDependencies. */
export function otelSdkDir(): string | undefined {
  const dir = process.env[OTEL_SDK_ENV];
  return dir ? resolve(dir) : undefined;
}

/** `require` from the folder of the line under test (the repository's for the devDependencies). */
export function otelRequire(): NodeRequire {
  const dir = otelSdkDir();
  return createRequire(dir === undefined ? import.meta.url : join(dir, 'package.json'));
}

/** Installed version of `name` as the line under test resolves it. */
export function otelPackageVersion(name: string): string {
  const req = otelRequire();
  const entry = req.resolve(name);
  // The entry sits under the package folder; its package.json is the nearest one named `name`.
  let dir = entry;
  for (;;) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error(`no package.json of ${name} above ${entry}`);
    dir = parent;
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === name) return pkg.version;
    } catch {
      // not a package folder
    }
  }
}
