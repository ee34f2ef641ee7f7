/**
 * Ids of the runtime hook modules a rule may name in `hooks`. The runtime's
 * hook registry and the rule validator both read this list, so a rule can
 * never name a hook the runtime does not have (and the JSON Schema's `hooks`
 * enum is checked against it by a test).
 */
export const HOOK_IDS = ['http', 'fetch', 'undici.request', 'pg', 'pg.connect', 'mysql2', 'mariadb', 'mariadb.batch'] as const;

/** A known runtime hook module id. */
export type HookId = (typeof HOOK_IDS)[number];

/** Whether `id` names a known runtime hook module. */
export function isHookId(id: string): id is HookId {
  return (HOOK_IDS as readonly string[]).includes(id);
}
