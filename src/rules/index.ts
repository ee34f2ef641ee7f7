/**
 * The built-in catalog and the merge of built-in and user rules.
 * One file per library family; add a file's rules to `builtinRules` below.
 */

import type { ResolvedRule, Rule } from './types.js';
import { validateRules } from './validate.js';
import { ProblemList } from '../errors.js';
import { suggestion } from '../util/didYouMean.js';
import { globalFetch } from './fetch.js';
import { undiciFetch, undiciRequest } from './undici.js';
import { httpGet, httpRequest, httpsGet, httpsRequest } from './http.js';
import { httpCreateServer, httpNewServer, httpsCreateServer, httpsNewServer } from './httpServer.js';
import { pgConnect, pgQuery } from './pg.js';
import { mysql2Query } from './mysql2.js';
import { mariadbBatch, mariadbQuery } from './mariadb.js';
import { ioredisCommand, ioredisExec } from './ioredis.js';
import { redisCommand, redisExec } from './redis.js';
import { betterSqlite3Exec, betterSqlite3Iterate, betterSqlite3Statement } from './betterSqlite3.js';
import { honoRoute, honoServe } from './hono.js';
import { nestCreate } from './nest.js';

/** Every built-in rule, in catalog order. */
export const builtinRules = [
  globalFetch,
  undiciFetch,
  undiciRequest,
  httpRequest,
  httpGet,
  httpsRequest,
  httpsGet,
  httpCreateServer,
  httpNewServer,
  httpsCreateServer,
  httpsNewServer,
  pgQuery,
  pgConnect,
  mysql2Query,
  mariadbQuery,
  mariadbBatch,
  ioredisCommand,
  ioredisExec,
  redisCommand,
  redisExec,
  betterSqlite3Exec,
  betterSqlite3Statement,
  betterSqlite3Iterate,
  honoServe,
  honoRoute,
  nestCreate,
] satisfies readonly Rule[];

/** Source name of built-in rules in messages and on `ResolvedRule.source`. */
export const BUILTIN_SOURCE = 'builtin';

let resolvedBuiltins: readonly ResolvedRule[] | undefined;

/** The built-in rules, validated once per process (they are data, they cannot change). */
export function resolvedBuiltinRules(): readonly ResolvedRule[] {
  return (resolvedBuiltins ??= Object.freeze(validateRules(builtinRules, BUILTIN_SOURCE, { trustRanges: true })));
}

/** Input of {@link resolveRuleSet}. */
export interface RuleSetInput {
  /** Include the built-in catalog. */
  builtin: boolean;
  /** User rules, already validated (each carries its own `source`). */
  user: readonly ResolvedRule[];
  /** Rule ids to drop from the result. */
  disable: readonly string[];
  /** Where `disable` was written (e.g. the tsconfig path), for messages. */
  source: string;
}

/**
 * The rule set a build uses: built-in rules (when `builtin`), then user rules.
 *
 * - A user rule with the id of a built-in rule replaces it, in the built-in's
 *   place: that is how users adjust a built-in rule (copy, edit, keep the id).
 * - Two user rules with the same id are an error naming both sources.
 * - `disable` drops rules by id; an id that names no rule (built-in ids count
 *   even with `builtin: false`) is an error with a did-you-mean, since a typo
 *   there would otherwise silently keep the rule.
 * @throws TracewrightError listing every problem
 */
export function resolveRuleSet(input: RuleSetInput): ResolvedRule[] {
  const problems = new ProblemList();
  const builtins = resolvedBuiltinRules();
  const merged = new Map<string, ResolvedRule>();
  if (input.builtin) for (const rule of builtins) merged.set(rule.id, rule);

  const userById = new Map<string, ResolvedRule>();
  for (const rule of input.user) {
    const earlier = userById.get(rule.id);
    if (earlier !== undefined) {
      problems.add({
        file: rule.source,
        ruleId: rule.id,
        field: 'id',
        message: `${rule.source}: rule "${rule.id}": duplicate id, also defined in ${earlier.source}; rename one of them`,
      });
      continue;
    }
    userById.set(rule.id, rule);
    merged.set(rule.id, rule); // keeps the built-in's position when it replaces one
  }

  const known = new Set([...merged.keys(), ...builtins.map((r) => r.id)]);
  const disabled = new Set<string>();
  input.disable.forEach((id, index) => {
    if (known.has(id)) disabled.add(id);
    else {
      const fix = suggestion(id, known) || 'list rule ids such as "http.get"';
      problems.add({
        file: input.source,
        ruleId: id,
        field: `disable[${index}]`,
        message: `${input.source}: option "disable": ${JSON.stringify(id)} names no rule; ${fix}`,
      });
    }
  });
  problems.throwIfAny();
  return [...merged.values()].filter((rule) => !disabled.has(rule.id));
}
