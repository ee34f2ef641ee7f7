/**
 * The server options a site carries in `spec.o` (from the plugin options, see
 * docs/server.md), read once when request handling is installed.
 * The build validated them; here anything unexpected is ignored.
 */
import { compilePathGlobs, type PathMatcher } from './pathGlob.js';

/** What the server core needs of a site's options. */
export interface ServerSettings {
  /** `ignorePaths`, compiled: a matching `url.path` gets no span at all. */
  readonly ignore: PathMatcher | undefined;
}

/** No options: every path traced. */
export const DEFAULT_SETTINGS: ServerSettings = { ignore: undefined };

/** The settings of `spec.o` (`{ ignorePaths?: string[], ... }`, or nothing). Never throws. */
export function serverSettings(options: unknown): ServerSettings {
  if (typeof options !== 'object' || options === null) return DEFAULT_SETTINGS;
  try {
    const ignore = compilePathGlobs((options as { ignorePaths?: unknown }).ignorePaths);
    return ignore === undefined ? DEFAULT_SETTINGS : { ignore };
  } catch {
    return DEFAULT_SETTINGS;
  }
}
