/**
 * Adds `{ "transform": "tracewright/tsc" }` to a tsconfig's
 * `compilerOptions.plugins` by inserting text, so comments, trailing commas
 * and the file's own layout stay exactly as they were. The file is read as
 * JSON with comments (what tsc accepts); anything else is left to the user.
 */
import { skipTrivia } from '../../util/text.js';

/** The plugin entry `init` writes. */
export const TSC_PLUGIN_ENTRY = '{ "transform": "tracewright/tsc" }';

/** The edited text, 'already' when the plugin is there, or why the file cannot be edited safely. */
export type EditResult = { text: string } | { already: true } | { manual: string };

/** A member of a JSON object: its key and where its value starts and ends. */
interface Member {
  key: string;
  valueStart: number;
  valueEnd: number;
}

/** `text` with the tracewright plugin in `compilerOptions.plugins`. */
export function addTscPlugin(text: string): EditResult {
  if (/["']tracewright\/tsc["']/.test(text)) return { already: true };
  try {
    const root = skipTrivia(text, 0);
    if (text[root] !== '{') return { manual: 'the file is not a JSON object' };
    const compilerOptions = members(text, root).find((m) => m.key === 'compilerOptions');
    if (!compilerOptions) return { text: insertMember(text, root, `"compilerOptions": {\n${indentOf(text, root)}    "plugins": [${TSC_PLUGIN_ENTRY}]\n${indentOf(text, root)}  }`) };
    if (text[compilerOptions.valueStart] !== '{') return { manual: '"compilerOptions" is not an object' };
    const plugins = members(text, compilerOptions.valueStart).find((m) => m.key === 'plugins');
    if (!plugins) return { text: insertMember(text, compilerOptions.valueStart, `"plugins": [${TSC_PLUGIN_ENTRY}]`) };
    if (text[plugins.valueStart] !== '[') return { manual: '"compilerOptions.plugins" is not an array' };
    const empty = text[skipTrivia(text, plugins.valueStart + 1)] === ']';
    const at = plugins.valueStart + 1;
    return { text: text.slice(0, at) + TSC_PLUGIN_ENTRY + (empty ? '' : ', ') + text.slice(at) };
  } catch (error) {
    return { manual: (error as Error).message };
  }
}

/** Inserts `member` as the first member of the object opening at `open`, in the file's indentation. */
function insertMember(text: string, open: number, member: string): string {
  const first = skipTrivia(text, open + 1);
  const empty = text[first] === '}';
  const lineBreak = text.slice(open + 1, first).includes('\n') || !empty;
  if (!lineBreak) return `${text.slice(0, open + 1)} ${member} ${text.slice(first)}`;
  const indent = empty ? `${indentOf(text, open)}  ` : indentOf(text, first);
  const tail = empty ? `\n${indentOf(text, open)}` : ',';
  return `${text.slice(0, open + 1)}\n${indent}${member}${tail}${empty ? text.slice(first) : text.slice(open + 1)}`;
}

/** The white space that starts the line holding `pos`. */
function indentOf(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The direct members of the object opening at `open`. */
function members(text: string, open: number): Member[] {
  const found: Member[] = [];
  let pos = skipTrivia(text, open + 1);
  while (text[pos] !== '}') {
    if (pos >= text.length) throw new Error('unterminated object');
    if (text[pos] === ',') {
      pos = skipTrivia(text, pos + 1);
      continue;
    }
    if (text[pos] !== '"') throw new Error(`unexpected "${text[pos]}" at offset ${pos}`);
    const keyEnd = skipString(text, pos);
    const key = JSON.parse(text.slice(pos, keyEnd)) as string;
    pos = skipTrivia(text, keyEnd);
    if (text[pos] !== ':') throw new Error(`expected ":" after "${key}"`);
    const valueStart = skipTrivia(text, pos + 1);
    const valueEnd = skipValue(text, valueStart);
    found.push({ key, valueStart, valueEnd });
    pos = skipTrivia(text, valueEnd);
  }
  return found;
}

/** End of the string literal starting at `pos` (after its closing quote). */
function skipString(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new Error('unterminated string');
}

/** End of the JSON value starting at `pos`: strings and comments inside brackets are skipped whole. */
function skipValue(text: string, pos: number): number {
  if (text[pos] === '"') return skipString(text, pos);
  if (text[pos] !== '{' && text[pos] !== '[') {
    const end = /[\s,}\]/]/.exec(text.slice(pos));
    return end ? pos + end.index : text.length;
  }
  let depth = 0;
  for (let i = pos; i < text.length; i = skipTrivia(text, i)) {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    i++;
    if (depth === 0) return i;
  }
  throw new Error('unterminated object or array');
}
