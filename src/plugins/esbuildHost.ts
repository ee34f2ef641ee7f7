/**
 * The esbuild side of the plugin: one synchronous `onLoad` for source files.
 * Files left unchanged return nothing, so esbuild loads them itself; only
 * instrumented files (and files with warnings) come back as contents, with
 * the source map inlined for esbuild to chain. (unplugin's esbuild transform
 * reads every file asynchronously and hands every one back: about 4x the
 * plugin's own cost on a 400-module bundle.)
 */
import { readFileSync } from 'node:fs';
import type { Loader, Message, PartialMessage, PluginBuild } from 'esbuild';
import { sourceMapUrl } from '../transformer/session/transformSource.js';
import type { PluginState } from './pluginState.js';
import { ANY_SOURCE, SOURCE_OUTSIDE_NODE_MODULES } from './esbuildFilter.js';

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js' };

/** Registers the transform and the end-of-build report on an esbuild build. @internal */
export function setupEsbuild(build: PluginBuild, state: PluginState): void {
  // Without an include glob that adds packages, node_modules files never reach JavaScript.
  build.onLoad({ filter: state.includesPackages() ? ANY_SOURCE : SOURCE_OUTSIDE_NODE_MODULES }, (args) => {
    if (args.namespace !== 'file' || !state.includes(args.path)) return undefined;
    const code = readFileSync(args.path, 'utf8');
    const warnings: PartialMessage[] = [];
    const errors: PartialMessage[] = [];
    const watchFiles: string[] = [];
    const out = state.transform(code, args.path, {
      warn: (w) => warnings.push({ text: w.message, location: w.line ? { file: w.file, line: w.line, column: (w.column ?? 1) - 1 } : null }),
      error: (text) => errors.push({ text }),
      watch: (file) => watchFiles.push(file),
    });
    if (!out && warnings.length === 0 && errors.length === 0) return undefined;
    const contents = out ? `${out.code}\n//# sourceMappingURL=${sourceMapUrl(out.map)}\n` : code;
    return { contents, loader: LOADERS[args.path.slice(args.path.lastIndexOf('.'))] ?? 'js', warnings, errors, watchFiles };
  });
  // esbuild's end-of-build context has no warn/error: report into the build result.
  build.onEnd((result) => {
    const message = (text: string): Message => ({ id: '', pluginName: 'tracewright', text, location: null, notes: [], detail: undefined });
    state.finish({ warn: (text) => result.warnings.push(message(text)), error: (text) => result.errors.push(message(text)) });
  });
}
