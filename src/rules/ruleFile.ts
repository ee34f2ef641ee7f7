/**
 * Rule files: JSON or YAML text → validated rules, with every problem placed
 * at the line and column of the offending field. The same function serves a
 * build (`rules: "path"`) and `tracewright rules check`, so both report alike.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { createRequire } from 'node:module';
import type { LineCounter, Node as YamlNode } from 'yaml';
import { TracewrightError } from '../errors.js';
import { lineColumn } from '../util/text.js';
import type { ResolvedRule } from './types.js';
import { validateRules, type RuleLocator } from './validate.js';
import { didYouMean } from '../util/didYouMean.js';
import { ownFile } from '../util/ownFile.js';

/**
 * The `yaml` package, loaded on first use: only YAML files and JSON files with a
 * problem to place need it. Outside the plugin bundles on purpose (it would add
 * ~100 KB to every build's start), required from our own location.
 */
let yamlPackage: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlPackage ??= createRequire(ownFile())('yaml') as typeof import('yaml'));

/** Extensions of rule files; anything else is read as JSON. */
export const RULE_FILE_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;

/** Whether a rule file is YAML (by its extension). */
export function isYamlFile(file: string): boolean {
  return /^\.ya?ml$/i.test(extname(file));
}

/**
 * Parse and validate the text of a rule file.
 * @param label how messages name the file (a display path); also each rule's `source`
 * @throws TracewrightError whose problems carry `line` and `column`: a syntax
 *   error, or every validation problem at the field it concerns
 */
export function parseRuleFile(text: string, file: string, label: string): ResolvedRule[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows write a BOM
  if (isYamlFile(file)) {
    const { doc, lines } = parseWithPositions(text, true);
    const error = doc.errors[0];
    if (error) {
      const at = lines.linePos(error.pos[0]);
      throw syntaxError(label, file, 'YAML', error.message, at.line, at.col);
    }
    return validateRules(doc.toJS({ maxAliasCount: 100 }), label, { locate: locatorOf(doc.contents, lines) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Newer V8 appends its own "(line L column C)"; drop it and the offset, we print line:column.
    const message = (error as Error).message.replace(/ \(line \d+ column \d+\)$/, '');
    const position = /at position (\d+)/.exec(message);
    const at = lineColumn(text, position ? Number(position[1]) : text.length);
    throw syntaxError(label, file, 'JSON', message.replace(/ at position \d+/, ''), at.line, at.column);
  }
  try {
    return validateRules(parsed, label);
  } catch (error) {
    // Valid files never pay for the position map: the rules are validated again to place the problems.
    // YAML is a superset of JSON, so the same parser gives positions; duplicate keys are allowed
    // (the last one wins, as in JSON.parse).
    const { doc, lines } = parseWithPositions(text, false);
    if (doc.errors.length > 0) throw error;
    return validateRules(parsed, label, { locate: locatorOf(doc.contents, lines) });
  }
}

function parseWithPositions(text: string, uniqueKeys: boolean) {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, uniqueKeys, prettyErrors: false }), lines };
}

function syntaxError(label: string, file: string, format: string, message: string, line: number, column: number): TracewrightError {
  return new TracewrightError(`${label}:${line}:${column}: not valid ${format}: ${message}; fix the ${format} syntax`, { file, line, column });
}

/** A validator field (`span.kind`, `export[1]`, `span.attributes["db.system.name"]`) as path segments. */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]"]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

/** Positions of fields in a parsed document; the nearest existing node when a field is missing. */
function locatorOf(root: unknown, lines: LineCounter): RuleLocator {
  const { isMap, isScalar, isSeq } = yaml();
  const rulesNode = isSeq(root) ? root : isMap(root) ? root.get('rules', true) : undefined;
  return (ruleIndex, field, at) => {
    let node: unknown = ruleIndex === undefined ? root : isSeq(rulesNode) ? rulesNode.items[ruleIndex] : undefined;
    const path = field === undefined ? [] : fieldPath(field);
    for (let i = 0; i < path.length && node; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break; // a missing field: point at the object that lacks it
        node = i === path.length - 1 && at === 'key' ? pair.key : pair.value ?? pair.key;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
        node = node.items[segment];
      } else break;
    }
    const offset = (node as YamlNode | undefined)?.range?.[0];
    if (offset === undefined) return undefined;
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/**
 * Why a rule file could not be read, for a message: the real directory it was
 * looked for in, and the rule files near the name that was written.
 * @param spec the path as the user wrote it (suggestions keep its directory part)
 * @param relativeTo what `spec` is relative to, in words (e.g. "the directory of tsconfig.json")
 */
export function unreadableRuleFile(file: string, spec: string, error: unknown, relativeTo: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ENOENT') return `rule file ${spec} cannot be read (${code ?? String(error)})`;
  const dir = dirname(file);
  const written = `${spec} (relative to ${relativeTo})`;
  if (!existsSync(dir)) return `rule file ${written} does not exist: there is no directory ${dir}`;
  const names = readdirSync(dir).filter((n) => (RULE_FILE_EXTENSIONS as readonly string[]).includes(extname(n).toLowerCase()));
  const near = didYouMean(basename(file), names);
  const prefix = spec.slice(0, spec.length - basename(spec).length);
  const ruleFiles = names.filter((n) => /rule/i.test(n)).slice(0, 5);
  const fix = near !== undefined ? `; did you mean ${JSON.stringify(prefix + near)}?`
    : ruleFiles.length > 0 ? `; rule files there: ${ruleFiles.join(', ')}` : '';
  return `rule file ${written} does not exist: no ${basename(file)} in ${dir}${fix}`;
}
