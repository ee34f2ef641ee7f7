/**
 * The built-in catalog's {@link LibraryTypes}: one declaration per library
 * entry point, listed beside that library's rules. See the matcher's
 * `match/instanceOf.ts` for how they are read.
 */
import { betterSqlite3Types } from './betterSqlite3.js';
import { honoTypes } from './hono.js';
import { ioredisTypes } from './ioredis.js';
import { mariadbTypes } from './mariadb.js';
import { mysql2PromiseTypes, mysql2Types } from './mysql2.js';
import { nestTypes } from './nest.js';
import { pgTypes } from './pg.js';
import { redisTypes } from './redis.js';
import type { LibraryTypes } from './types.js';

/** Every built-in library type declaration. */
export const builtinLibraryTypes: readonly LibraryTypes[] = [pgTypes, mysql2Types, mysql2PromiseTypes, mariadbTypes, ioredisTypes, redisTypes, betterSqlite3Types, honoTypes, nestTypes];
