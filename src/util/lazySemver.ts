import { createRequire } from 'node:module';
import { ownFile } from './ownFile.js';

type Semver = typeof import('semver');

/** The two semver functions tracewright calls. */
export type LazySemver = Pick<Semver, 'satisfies' | 'validRange'>;

let satisfies: Semver['satisfies'] | undefined;
let validRange: Semver['validRange'] | undefined;

const load = <T>(path: string): T => createRequire(ownFile())(path) as T;

const LAZY: LazySemver = {
  satisfies: (...args) => (satisfies ??= load<Semver['satisfies']>('semver/functions/satisfies'))(...args),
  validRange: (...args) => (validRange ??= load<Semver['validRange']>('semver/ranges/valid'))(...args),
};

/**
 * semver's `satisfies` and `validRange`, each loaded on first use: at load
 * semver builds its ~50 regular expressions (~8 ms of every cold build), and
 * most builds never compare a version (only rules with `versions` do). Each
 * function is required from its own module (`semver/functions/satisfies`,
 * ~20 files) rather than semver's index (~45 files: every function, class and
 * range helper), which halves the load. Outside the plugin bundles on
 * purpose: required from our own location, as an installed dependency.
 */
export function lazySemver(): LazySemver {
  return LAZY;
}
