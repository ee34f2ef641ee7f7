/**
 * The built-in catalog's {@link LibraryTypes}: one declaration per library
 * entry point, listed beside that library's rules. See the matcher's
 * `match/instanceOf.ts` for how they are read.
 */
import type { LibraryTypes } from './types.js';

/** Every built-in library type declaration. */
export const builtinLibraryTypes: readonly LibraryTypes[] = [];
