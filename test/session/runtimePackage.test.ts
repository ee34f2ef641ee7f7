/**
 * The build's check that the project can load `@tracewright/runtime` (what the emitted code
 * imports): missing, wrong version, declared where `npm ci --omit=dev` removes it. Projects are
 * made in the OS temp directory so resolution cannot walk up into this repository.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { TracewrightError } from '../../src/errors.js';
import { TRACER_VERSION } from '../../src/runtime/version.js';
import { checkRuntimePackage } from '../../src/transformer/session/runtimePackage.js';
import { createBuildSession } from '../../src/transformer/session/session.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project with `manifest` as package.json and, unless `runtime` is null, a runtime of that version installed. */
function project(manifest: object, runtime: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-runtime-check-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  if (runtime !== null) {
    mkdirSync(join(dir, 'node_modules/@tracewright/runtime'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/@tracewright/runtime/package.json'), JSON.stringify({ name: '@tracewright/runtime', version: runtime }));
  }
  return dir;
}

const caught = (fn: () => unknown): TracewrightError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TracewrightError) return error;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('checkRuntimePackage', () => {
  test('not installed: names the package, the project and the install command', () => {
    const dir = project({}, null);
    const error = caught(() => checkRuntimePackage(dir, join(dir, 'tsconfig.json')));
    expect(error.message).toBe(`[tracewright] @tracewright/runtime is not installed in ${dir}: the instrumented code imports it at run time. ` +
      `Install it as a normal dependency (not a devDependency): npm i @tracewright/runtime@${TRACER_VERSION}`);
    expect(error.file).toBe(join(dir, 'tsconfig.json'));
  });

  test('another minor while 0.x: the versions and the install command', () => {
    const dir = project({ dependencies: { '@tracewright/runtime': '0.0.3' } }, '0.0.3');
    expect(caught(() => checkRuntimePackage(dir, 'x')).message).toBe(
      `[tracewright] @tracewright/runtime 0.0.3 is installed in ${dir}, but this tracewright (${TRACER_VERSION}) emits code for ` +
        `@tracewright/runtime ${TRACER_VERSION.replace(/\.\d+$/, '.x')}: npm i @tracewright/runtime@${TRACER_VERSION}`);
  });

  test('another patch of the same minor is fine, declared in dependencies: no warning', () => {
    const patch = TRACER_VERSION.replace(/\d+$/, '99');
    const dir = project({ dependencies: { '@tracewright/runtime': patch } }, patch);
    expect(checkRuntimePackage(dir, 'x')).toEqual({ version: patch });
  });

  test('declared in devDependencies: a warning that a production install removes it', () => {
    const dir = project({ devDependencies: { '@tracewright/runtime': TRACER_VERSION } }, TRACER_VERSION);
    expect(checkRuntimePackage(dir, 'x').warning).toBe(
      `@tracewright/runtime is listed in devDependencies: \`npm ci --omit=dev\` removes it and the program then fails at start-up; ` +
        `move it to dependencies (npm i @tracewright/runtime@${TRACER_VERSION})`);
  });
});

describe('a build session', () => {
  test('does not start without the runtime', () => {
    const dir = project({}, null);
    expect(() => createBuildSession({}, { configFile: join(dir, 'tsconfig.json'), projectRoot: dir })).toThrow(/@tracewright\/runtime is not installed/);
  });

  test('starts with the devDependencies warning among its start warnings and in the report', () => {
    const dir = project({ devDependencies: { '@tracewright/runtime': TRACER_VERSION } }, TRACER_VERSION);
    const session = createBuildSession({}, { configFile: join(dir, 'tsconfig.json'), projectRoot: dir });
    expect(session.startWarnings).toEqual([expect.stringContaining('is listed in devDependencies')]);
    expect(session.report.summary()).toContain('1 warning');
  });
});
