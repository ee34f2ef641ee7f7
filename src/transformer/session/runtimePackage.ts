/**
 * The instrumented code imports the runtime package at run time, so a build
 * whose project cannot resolve it would emit code that crashes at start-up
 * (`ERR_MODULE_NOT_FOUND` in production, after `npm ci --omit=dev`). Every
 * build checks it first, from the project root, the way the project's own
 * code will resolve it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TracewrightError } from '../../errors.js';
import { TRACER_VERSION } from '../../runtime/version.js';
import { RUNTIME_MODULE } from '../write/siteTable.js';

/** What the check found: the installed version, and a warning about where it is declared (or none). */
export interface RuntimePackageCheck {
  version: string;
  warning?: string;
}

/**
 * Throws a TracewrightError naming the package and the install command when
 * `@tracewright/runtime` does not resolve from `projectRoot`, or resolves at a
 * version this build's emitted code was not written for (the two packages are
 * versioned together: same major, and same minor while 0.x).
 * @param configFile named in the error, so hosts place it (tsconfig, plugin options)
 */
export function checkRuntimePackage(projectRoot: string, configFile: string): RuntimePackageCheck {
  const install = `npm i ${RUNTIME_MODULE}@${TRACER_VERSION}`;
  let manifest: string;
  try {
    manifest = createRequire(join(projectRoot, '__tracewright__.js')).resolve(`${RUNTIME_MODULE}/package.json`);
  } catch {
    throw new TracewrightError(
      `${RUNTIME_MODULE} is not installed in ${projectRoot}: the instrumented code imports it at run time. ` +
        `Install it as a normal dependency (not a devDependency): ${install}`,
      { file: configFile },
    );
  }
  const version = readVersion(manifest);
  if (!compatible(version, TRACER_VERSION)) {
    throw new TracewrightError(
      `${RUNTIME_MODULE} ${version ?? '(no version)'} is installed in ${projectRoot}, but this tracewright (${TRACER_VERSION}) ` +
        `emits code for ${RUNTIME_MODULE} ${TRACER_VERSION.replace(/\.\d+$/, '.x')}: ${install}`,
      { file: configFile },
    );
  }
  const declaredAs = declaration(projectRoot);
  return declaredAs === 'devDependencies'
    ? { version, warning: `${RUNTIME_MODULE} is listed in devDependencies: \`npm ci --omit=dev\` removes it and the program then fails at start-up; move it to dependencies (${install})` }
    : { version };
}

function readVersion(manifest: string): string | undefined {
  try {
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Same major; while 0.x also the same minor; from 1.0 a newer minor is fine (the runtime only adds helpers). */
function compatible(installed: string | undefined, ours: string): installed is string {
  const a = /^(\d+)\.(\d+)\./.exec(installed ?? '');
  const b = /^(\d+)\.(\d+)\./.exec(ours);
  if (!a || !b || a[1] !== b[1]) return false;
  return b[1] === '0' ? a[2] === b[2] : Number(a[2]) >= Number(b[2]);
}

/** Which field of the project's nearest package.json lists the runtime, if any. */
function declaration(projectRoot: string): string | undefined {
  for (let dir = projectRoot; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
        for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
          if (pkg[field] && Object.hasOwn(pkg[field], RUNTIME_MODULE)) return field;
        }
      } catch { /* an unreadable package.json says nothing about the runtime */ }
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
