// The demo's build, written the way a user writes theirs: esbuild with
// tracewright's plugin. The plugin wraps the calls the built-in catalog knows
// (pg, ioredis, fetch, Express and Hono servers) and the calls our own rule
// below names. Packages stay external, as in a usual Node server build.
import { build } from 'esbuild';
import tracewright from 'tracewright/esbuild';

/**
 * User rules: the demo's own in-process cache is a class of the project, not
 * a library, so the catalog cannot know it. `module` is a project glob (it
 * starts with `./`); `class` and `name` pick the method to wrap; `args` reads
 * span attributes from the call's arguments.
 */
const cacheRules = ['get', 'set'].map((method) => ({
  id: `demo.cache.${method}`,
  join: 'method',
  module: './src/memoryCache.ts',
  class: 'MemoryCache',
  name: method,
  span: { name: `cache ${method}`, kind: 'internal', attributes: { 'cache.system': 'memory' }, args: { 'cache.key': 'args[0]' } },
  result: 'promise',
}));

await build({
  entryPoints: { api: 'src/api.ts', inventory: 'src/inventory.ts', otel: 'src/otel.ts' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'out',
  outExtension: { '.js': '.cjs' },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [tracewright({ rules: cacheRules, report: 'out/tracewright-report.json' })],
});
