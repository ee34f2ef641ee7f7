/**
 * Where a problem is, in the shape bundlers place diagnostics: an existing
 * file, a 1-based line and column, and the text of that line for the snippet
 * under the message. Bundlers print a location like this instead of a stack,
 * so an invalid rule points at the rule file, not at the bundler's own code.
 * @internal
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TracewrightProblem } from '../errors.js';
import { lineColumn } from '../util/text.js';

/** A problem's place in a file that exists. @internal */
export interface FileLocation {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The text of `line` (without its line break). */
  lineText: string;
}

/** Reads a file, or undefined when it cannot be read (a label such as "vite plugin options"). */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Where the rule `ruleId` (and in it `field`'s last key) is spelt in a JSON or
 * YAML rule file, for problems whose validator gave no line: the rule's id
 * string, then the first spelling of the field's key before the next rule's id.
 */
function findRule(text: string, ruleId: string, field: string | undefined): number | undefined {
  const id = text.search(new RegExp(`["']?id["']?\\s*:\\s*["']?${ruleId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?(?=[\\s,}]|$)`, 'm'));
  if (id < 0) return undefined;
  const key = field?.split('.').pop()?.replace(/\[\d+\]$/, '');
  if (!key) return id;
  const rest = text.slice(id + 2);
  const nextRule = rest.search(/["']?id["']?\s*:/);
  const within = nextRule < 0 ? rest : rest.slice(0, nextRule);
  const at = within.search(new RegExp(`["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`));
  return at < 0 ? id : id + 2 + at;
}

/**
 * The location of `problem` in its file, resolved from `projectRoot`; undefined
 * when the problem names no readable file (inline options: the bundler's
 * config, which we cannot see) or the spot in it cannot be found.
 */
export function problemLocation(problem: TracewrightProblem, projectRoot: string): FileLocation | undefined {
  if (!problem.file) return undefined;
  const file = isAbsolute(problem.file) ? problem.file : resolve(projectRoot, problem.file);
  const text = readText(file);
  if (text === undefined) return undefined;
  let at: { line: number; column: number } | undefined;
  if (problem.line !== undefined) at = { line: problem.line, column: problem.column ?? 1 };
  else if (problem.ruleId !== undefined) {
    const offset = findRule(text, problem.ruleId, problem.field);
    if (offset !== undefined) at = lineColumn(text, offset + (/^\s/.test(text[offset] ?? '') ? 1 : 0));
  }
  at ??= { line: 1, column: 1 };
  return { file, ...at, lineText: lineTextAt(text, at.line) };
}

/** The text of 1-based line `line` of `text` (empty past the end). */
export function lineTextAt(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}

/**
 * A message about one user rule (`rule <id> (from <rule file>): …`, as the
 * session and the report word them) as a problem naming the rule and its
 * file, so hosts can point at the rule; other messages come back unlocated.
 */
export function ruleMessageProblem(message: string, field?: string): TracewrightProblem {
  const text = message.startsWith('[tracewright] ') ? message.slice('[tracewright] '.length) : message;
  const rule = /^rule (\S+) \(from (.+?)\)[: ]/.exec(text);
  if (!rule) return { message: text };
  const named = field ?? (/: module "[^"]*" is not installed/.test(text) ? 'module' : undefined);
  return { message: text, ruleId: rule[1]!, file: rule[2]!, ...(named ? { field: named } : {}) };
}

/** `7:     "kind": "sideways"` and a caret under the column, as rollup prints a code frame. */
export function codeFrame(at: FileLocation): string {
  return `${at.line}: ${at.lineText}\n${' '.repeat(String(at.line).length + 2 + at.column - 1)}^`;
}
