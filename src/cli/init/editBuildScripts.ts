/**
 * package.json scripts that run plain `tsc` (or `tspc`) become `tracewright tsc`:
 * plain tsc ignores the tsconfig's transformer plugins and silently emits
 * uninstrumented code. Only the command word changes; its arguments stay.
 */
import type { EditResult } from './editTsconfig.js';

/** `tsc`/`tspc` where a shell command starts: at the start, or after `&&`, `||`, `;`. */
const TSC_COMMAND = /(^|&&\s*|\|\|\s*|;\s*)(?:tsc|tspc)(?=\s|$)/g;

/** `text` (a package.json) with each script's `tsc`/`tspc` replaced by `tracewright tsc`. */
export function useTracewrightTsc(text: string): EditResult {
  let scripts: Record<string, unknown>;
  try {
    scripts = ((JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {});
  } catch (error) {
    return { manual: `not valid JSON: ${(error as Error).message}` };
  }
  let edited = text;
  for (const [name, value] of Object.entries(scripts)) {
    if (typeof value !== 'string' || !new RegExp(TSC_COMMAND.source).test(value)) continue;
    const replaced = value.replace(TSC_COMMAND, '$1tracewright tsc');
    // The member's exact text: JSON.stringify spells keys and values as npm writes them.
    const member = new RegExp(`(${escape(JSON.stringify(name))}\\s*:\\s*)${escape(JSON.stringify(value))}`);
    if (!member.test(edited)) return { manual: `script "${name}": change \`${value}\` to \`${replaced}\`` };
    edited = edited.replace(member, (_all, key: string) => key + JSON.stringify(replaced));
  }
  return edited === text ? { already: true } : { text: edited };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
