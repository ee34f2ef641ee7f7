/**
 * Whether a script (a file without `import`/`export`) is CommonJS by its own
 * text: such a file must load the runtime with `require`, since an inserted
 * `import` would turn it into an ES module in which its `require` calls fail.
 * Shared by both writers' entries (tsc.ts, transformSource.ts).
 */
export function looksCommonJs(text: string): boolean {
  return /\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w|\bexports\[/.test(text);
}
