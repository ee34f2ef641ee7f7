import { fileURLToPath } from 'node:url';

/**
 * The file of the function that calls this (a path, also from a `file:` URL),
 * from V8's structured call sites: the same code serves the CommonJS and the
 * ES module build, where neither `__filename` nor `import.meta` exists in both.
 */
export function ownFile(): string {
  const saved = { prepare: Error.prepareStackTrace, limit: Error.stackTraceLimit };
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, ownFile);
    // captureStackTrace drops ownFile's own frame: the first frame is its caller.
    const file = (holder.stack as NodeJS.CallSite[] | undefined)?.[0]?.getFileName();
    if (!file) throw new Error('no call site');
    return file.startsWith('file:') ? fileURLToPath(file) : file;
  } finally {
    Error.prepareStackTrace = saved.prepare;
    Error.stackTraceLimit = saved.limit;
  }
}
