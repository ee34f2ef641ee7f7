/**
 * Judges findings against the listed differences: which ones no entry
 * explains, and which entries (or listed operations) no run shows any more.
 */
import type { Finding } from './compare.js';
import type { Difference } from './differences.js';
import type { Library } from './scenario.js';

/** Whether `entry` applies to `library`. */
export function appliesTo(entry: Difference, library: Library): boolean {
  return entry.library === '*' || entry.library === library || (Array.isArray(entry.library) && entry.library.includes(library));
}

/** Whether `entry` explains `finding`. */
export function explains(entry: Difference, finding: Finding): boolean {
  const name = entry.attribute;
  const attributeMatches = name.endsWith('*') ? finding.attribute.startsWith(name.slice(0, -1)) && !finding.attribute.startsWith('span ') : finding.attribute === name;
  return attributeMatches && entry.differs === finding.differs && appliesTo(entry, finding.library)
    && (entry.operations === undefined || entry.operations.includes(finding.operation));
}

/** The entry that explains `finding`, if any. */
export function explanationOf(finding: Finding, entries: readonly Difference[]): Difference | undefined {
  return entries.find((e) => explains(e, finding));
}

/** Whether a finding is an attribute the official sets and ours does not (a span's attribute, not a whole span). */
export function isMissingAttribute(finding: Finding): boolean {
  return finding.differs === 'missing' && !finding.attribute.startsWith('span ');
}

/** A finding as a failure message line, with the entry that would list it. */
export function describeFinding(f: Finding): string {
  const values = f.differs === 'value' ? ` (official ${JSON.stringify(f.official)}, ours ${JSON.stringify(f.ours)})`
    : f.differs === 'missing' ? ` (official ${JSON.stringify(f.official ?? 'span')})` : ` (ours ${JSON.stringify(f.ours ?? 'span')})`;
  return `${f.library} ${f.operation}: ${f.attribute} ${f.differs}${values}; fix it, or list it in test/parity/differences.ts as `
    + `{ library: '${f.library}', attribute: '${f.attribute}', differs: '${f.differs}', operations: ['${f.operation}'], reason: '…' }`;
}

/**
 * Entries, and operations named by entries, that explain none of `findings`
 * (only meaningful when every scenario ran).
 */
export function unusedEntries(entries: readonly Difference[], findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    const used = findings.filter((f) => explains(entry, f));
    const label = `${JSON.stringify(entry.library)} ${entry.attribute} ${entry.differs}`;
    if (used.length === 0) out.push(`${label}: no difference of this kind any more`);
    for (const op of entry.operations ?? []) {
      if (!used.some((f) => f.operation === op)) out.push(`${label}: operation ${op} no longer differs`);
    }
  }
  return out;
}
