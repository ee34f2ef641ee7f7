import { createRequire } from 'node:module';
import { ownFile } from './ownFile.js';

type Semver = typeof import('semver');

let semver: Semver | undefined;

/**
 * semver, loaded on first use: at load it builds its ~50 regular
 * expressions (~8 ms of every cold build), and most builds never compare a
 * version (only rules with `versions` do). Outside the plugin bundles on
 * purpose: required from our own location, as an installed dependency.
 */
export function lazySemver(): Semver {
  return (semver ??= createRequire(ownFile())('semver') as Semver);
}
