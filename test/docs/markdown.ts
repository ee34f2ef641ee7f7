/**
 * Code blocks of the repository's Markdown pages, for the tests that run or validate them: a block
 * may be marked by an HTML comment on the line before its fence (`<!-- snippet: vite -->`).
 */
import { readFileSync } from 'node:fs';

/** One fenced code block. */
export interface CodeBlock {
  /** The fence's info string (`js`, `json`, ...), '' when none. */
  lang: string;
  /** The block's text, fences excluded, ending in a newline. */
  text: string;
  /** `snippet: vite` → `{ kind: 'snippet', name: 'vite' }` when a marker comment precedes the fence. */
  marker?: { kind: string; name: string };
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

/** Every fenced code block of the Markdown file `file`, in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: code block never closed`);
    const mark = /^<!--\s*([\w-]+):\s*([\w.-]+)\s*-->$/.exec(lines[i - 1] ?? '');
    blocks.push({ lang: open[1]!, text: lines.slice(i + 1, end).join('\n') + '\n', line: i + 1, ...(mark ? { marker: { kind: mark[1]!, name: mark[2]! } } : {}) });
    i = end;
  }
  return blocks;
}

/** The blocks marked `<!-- <kind>: <name> -->`, by name; a name marked twice is an error. */
export function markedBlocks(file: string, kind: string): Map<string, CodeBlock> {
  const found = new Map<string, CodeBlock>();
  for (const block of codeBlocks(file)) {
    if (block.marker?.kind !== kind) continue;
    if (found.has(block.marker.name)) throw new Error(`${file}:${block.line}: a second block marked "${kind}: ${block.marker.name}"`);
    found.set(block.marker.name, block);
  }
  return found;
}
