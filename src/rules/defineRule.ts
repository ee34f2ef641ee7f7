import type { Rule } from './types.js';

/**
 * Declare a rule with full typing (field names, enums) in TypeScript. An
 * identity function: validation happens when the rule set is resolved, the
 * same way for built-in and user rules, so errors look the same for both.
 *
 * ```ts
 * export const query = defineRule({ id: 'mydb.query', join: 'method', module: 'mydb',
 *   class: 'Client', name: 'query', span: { kind: 'client' } });
 * ```
 */
export function defineRule(rule: Rule): Rule {
  return rule;
}
