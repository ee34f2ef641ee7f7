import { TracewrightError } from '../../src/errors.js';

/** The message of the TracewrightError `fn` throws (fails when it throws anything else, or nothing). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof TracewrightError) return error.message;
    throw error;
  }
  throw new Error('expected a TracewrightError, nothing was thrown');
}

/** The TracewrightError `fn` throws. */
export function thrown(fn: () => unknown): TracewrightError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TracewrightError) return error;
    throw error;
  }
  throw new Error('expected a TracewrightError, nothing was thrown');
}
