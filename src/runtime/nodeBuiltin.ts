/**
 * Node built-ins reached through `process.getBuiltinModule` (Node >= 20.16)
 * instead of static imports: the runtime is also bundled into browser code
 * (a front-end `fetch` is instrumented too), where a static `node:` import
 * would break the build. Elsewhere it returns undefined and the hooks that
 * need the module do less.
 */
type BuiltinLoader = { getBuiltinModule?: (id: string) => unknown };

/** The built-in module `id` (`node:events`), or undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  try {
    const proc = (globalThis as { process?: BuiltinLoader }).process;
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
