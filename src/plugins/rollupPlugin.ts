/**
 * The factory (factory.ts) as a rollup-style plugin object, for vite and
 * rollup, adapted here rather than by unplugin: the factory's hooks already
 * have rollup's shape, and importing unplugin (with acorn and its other
 * dependencies) costs every cold `vite build` ~60 ms. webpack and rspack
 * still go through unplugin (unplugin.ts).
 */
import type { UnpluginOptions } from 'unplugin';
import { unpluginFactory } from './factory.js';
import type { TracewrightPluginOptions } from './pluginState.js';

type Handler = (this: unknown, code: string, id: string) => unknown;

/** What vite and rollup receive; `enforce` and `configResolved` are vite's and ignored by rollup. */
export interface RollupStylePlugin {
  name: string;
  enforce?: 'pre' | 'post';
  buildStart?: (this: unknown) => void;
  buildEnd?: (this: unknown) => void;
  watchChange?: (this: unknown, id: string) => void;
  configResolved?: (config: { root: string }) => void;
  transform: { filter?: unknown; handler: Handler };
}

/** The tracewright plugin for `framework` in rollup's plugin format. @internal */
export function rollupStylePlugin(options: TracewrightPluginOptions | undefined, framework: 'vite' | 'rollup'): RollupStylePlugin {
  const plugin: UnpluginOptions = unpluginFactory(options, { framework });
  const include = plugin.transformInclude;
  const transform = plugin.transform as { filter?: unknown; handler: Handler };
  const vite = framework === 'vite' ? (plugin.vite as { configResolved?: RollupStylePlugin['configResolved'] } | undefined) : undefined;
  return {
    name: plugin.name,
    ...(plugin.enforce ? { enforce: plugin.enforce } : {}),
    ...(plugin.buildStart ? { buildStart: plugin.buildStart as RollupStylePlugin['buildStart'] } : {}),
    ...(plugin.buildEnd ? { buildEnd: plugin.buildEnd as RollupStylePlugin['buildEnd'] } : {}),
    ...(plugin.watchChange ? { watchChange: plugin.watchChange as RollupStylePlugin['watchChange'] } : {}),
    ...(vite?.configResolved ? { configResolved: vite.configResolved } : {}),
    transform: {
      // Hosts that apply the filter natively (vite, rollup >= 4.40) skip files that cannot match;
      // older rollup calls the handler for every module, and transformSource prefilters itself.
      ...(transform.filter ? { filter: transform.filter } : {}),
      handler(code, id) {
        if (include && !include.call(this as never, id)) return undefined;
        return transform.handler.call(this, code, id);
      },
    },
  };
}
