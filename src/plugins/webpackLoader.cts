/**
 * The webpack/rspack loader of the bundler plugin. CommonJS on purpose (a
 * `.cts` file): webpack needs a loader *path*, and `__filename` gives it in
 * both the CJS and the ESM build. The loader holds no logic: the plugin
 * instance hands itself over in the loader options.
 * @internal
 */

/** A warning as the plugin reports it. @internal */
interface HostWarning {
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** What the loader calls back into (the plugin's per-instance state). @internal */
interface LoaderHost {
  transform(code: string, id: string, host: {
    warn(w: HostWarning): void;
    error(message: string): void;
    watch(file: string): void;
  }): { code: string; map: unknown } | undefined;
}

/** The part of webpack's and rspack's loader context the loader uses. @internal */
interface LoaderContext {
  resourcePath: string;
  getOptions(): { host: LoaderHost };
  addDependency(file: string): void;
  emitWarning(error: Error): void;
  emitError(error: Error): void;
  callback(error: Error | null, code?: string, map?: unknown): void;
}

function named(message: string): Error {
  const error = new Error(message);
  error.name = 'TracewrightError';
  return error;
}

/**
 * Transforms one module and passes the source map on (the loader runs first,
 * `enforce: "pre"`, so there is no earlier map to chain).
 */
function tracewrightLoader(this: LoaderContext, source: string, inputMap?: unknown): void {
  const { host } = this.getOptions();
  let failed = false;
  let result;
  try {
    result = host.transform(source, this.resourcePath, {
      warn: (w) => this.emitWarning(named(w.message)),
      error: (message) => {
        failed = true;
        this.callback(named(message));
      },
      watch: (file) => this.addDependency(file),
    });
  } catch (error) {
    this.callback(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  if (failed) return;
  if (result) this.callback(null, result.code, result.map);
  else this.callback(null, source, inputMap);
}

/** Absolute path of this loader, for `module.rules[].use[].loader`. */
tracewrightLoader.path = __filename;

export = tracewrightLoader;
