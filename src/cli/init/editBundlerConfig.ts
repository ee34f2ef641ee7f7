/**
 * Adds the tracewright plugin to a bundler config or an esbuild build script:
 * an import (or `require`) of `tracewright/<bundler>` and `tracewright()` as the
 * first entry of its `plugins: [` array, or a new `plugins: [tracewright()]` in
 * the one options object it can recognise. Text insertions only; a file with
 * no such place, or more than one, is left to the user with what to write.
 */
import type { Bundler } from './detect.js';
import type { EditResult } from './editTsconfig.js';

const PLUGINS_ARRAY = /\bplugins\s*:\s*\[/g;
/** Options objects that are the whole config: `defineConfig({`, `export default {`, `module.exports = {`, `esbuild.build({`. */
const OPTIONS_OBJECT = /(?:\bdefineConfig\s*\(\s*|\bexport\s+default\s+|\bmodule\.exports\s*=\s*|\besbuild\s*\.\s*(?:build|context)\s*\(\s*)\{/g;

/** The statement that loads the plugin, in the file's module format. */
export function importLine(bundler: Bundler, commonJs: boolean): string {
  return commonJs ? `const tracewright = require('tracewright/${bundler}').default;` : `import tracewright from 'tracewright/${bundler}';`;
}

/** What to tell a user whose file `init` cannot edit. */
export function manualSteps(bundler: Bundler, commonJs: boolean): string {
  return `add \`${importLine(bundler, commonJs)}\` and \`tracewright()\` as the first entry of the plugins array of the ${bundler === 'esbuild' ? 'esbuild.build()/context() options' : `${bundler} config`}`;
}

/** Whether `file` is CommonJS: by extension, else by `require`/`module.exports` without `import`/`export`. */
export function isCommonJs(file: string, text: string): boolean {
  if (/\.c[jt]s$/.test(file)) return true;
  if (/\.m[jt]s$|\.ts$/.test(file)) return false;
  return /\brequire\s*\(|\bmodule\.exports\b/.test(text) && !/^\s*(import|export)\b/m.test(text);
}

/** `text` with the plugin added. */
export function addBundlerPlugin(bundler: Bundler, file: string, text: string): EditResult {
  if (text.includes(`tracewright/${bundler}`)) return { already: true };
  const commonJs = isCommonJs(file, text);
  if (/\btracewright\b/.test(text)) return { manual: `the name \`tracewright\` is already taken in this file; ${manualSteps(bundler, commonJs)}` };
  const arrays = [...text.matchAll(PLUGINS_ARRAY)];
  let withCall: string;
  if (arrays.length === 1) {
    withCall = insertFirstEntry(text, arrays[0]!.index! + arrays[0]![0].length);
  } else if (arrays.length === 0) {
    const objects = [...text.matchAll(OPTIONS_OBJECT)];
    if (objects.length !== 1) return { manual: `no \`plugins: [\` array or single options object found; ${manualSteps(bundler, commonJs)}` };
    const open = objects[0]!.index! + objects[0]![0].length;
    withCall = insertFirstProperty(text, open, 'plugins: [tracewright()]');
  } else {
    return { manual: `${arrays.length} \`plugins: [\` arrays (several configs?); ${manualSteps(bundler, commonJs)}` };
  }
  return { text: insertImport(withCall, importLine(bundler, commonJs), commonJs) };
}

/** `tracewright()` as the first element of the array whose `[` ends at `at`, in its layout. */
function insertFirstEntry(text: string, at: number): string {
  const rest = text.slice(at);
  const next = /^\s*/.exec(rest)![0];
  if (rest[next.length] === ']') return `${text.slice(0, at)}tracewright()${text.slice(at)}`;
  if (next.includes('\n')) {
    const indent = next.slice(next.lastIndexOf('\n') + 1);
    return `${text.slice(0, at)}\n${indent}tracewright(),${text.slice(at)}`;
  }
  return `${text.slice(0, at)}tracewright(), ${text.slice(at)}`;
}

/** `property` as the first property of the object whose `{` ends at `at`, in its layout. */
function insertFirstProperty(text: string, at: number, property: string): string {
  const rest = text.slice(at);
  const next = /^\s*/.exec(rest)![0];
  if (rest[next.length] === '}') return `${text.slice(0, at)} ${property} ${text.slice(at + next.length)}`;
  if (next.includes('\n')) {
    const indent = next.slice(next.lastIndexOf('\n') + 1);
    return `${text.slice(0, at)}\n${indent}${property},${text.slice(at)}`;
  }
  return `${text.slice(0, at)} ${property},${text.slice(at)}`;
}

/** `line` after the file's last top-level import (or require), else at the top after a shebang or 'use strict'. */
function insertImport(text: string, line: string, commonJs: boolean): string {
  const statement = commonJs ? /^(?:const|let|var)\b[^\n]*\brequire\s*\([^\n]*$/gm : /^import\b[\s\S]*?['"][^'"\n]+['"];?[ \t]*$/gm;
  const matches = [...text.matchAll(statement)];
  const last = matches[matches.length - 1];
  if (last) {
    const end = last.index! + last[0].length;
    return `${text.slice(0, end)}\n${line}${text.slice(end)}`;
  }
  const head = /^(#![^\n]*\n)?(\s*(['"])use strict\3;?[ \t]*\n)?/.exec(text)![0];
  return `${text.slice(0, head.length)}${line}\n${head ? '' : '\n'}${text.slice(head.length)}`;
}
