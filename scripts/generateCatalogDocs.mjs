// Writes docs/catalog.md: one table per library of the built-in rule catalog (src/rules/), read
// from the rules themselves so the page cannot disagree with what a build matches.
//
//   npm run docs:catalog                                 rewrite docs/catalog.md
//   node scripts/generateCatalogDocs.mjs --check         exit 1 when it is not what this writes
//
// test/docs/catalogDocs.test.ts renders the page from src/rules and fails when the committed
// file differs, naming `npm run docs:catalog`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The generated file, relative to the repository root. */
export const TARGET = 'docs/catalog.md';

/** Library headings by the rules' `module`; a module missing here is its own heading. */
const LIBRARIES = {
  global: 'fetch (global)',
  undici: 'undici',
  http: 'Node.js http / https',
  https: 'Node.js http / https',
  pg: 'PostgreSQL: pg (node-postgres)',
  mysql2: 'MySQL: mysql2',
  mariadb: 'MariaDB: mariadb connector',
  ioredis: 'Redis: ioredis',
  redis: 'Redis: node-redis (redis)',
  'better-sqlite3': 'SQLite: better-sqlite3',
  express: 'Express',
  '@hono/node-server': 'Hono',
  hono: 'Hono',
  '@nestjs/core': 'NestJS',
  fastify: 'Fastify',
  koa: 'Koa and @koa/router',
  '@koa/router': 'Koa and @koa/router',
};

/**
 * What each runtime hook adds to the span (its name and attributes are computed at run time,
 * so the rules carry none). Every hook a built-in rule names must be described here.
 */
export const HOOK_EFFECTS = {
  fetch: 'HTTP client span named after the method; `http.request.method`, `url.full` (redacted), `server.address`, `server.port`, `http.response.status_code`, `error.type`; injects `traceparent`',
  'undici.request': 'as `fetch`: HTTP client attributes, `traceparent` injected',
  http: 'HTTP client span named after the method; `http.request.method`, `url.full` (redacted), `server.address`, `server.port`, `http.response.status_code`, `error.type`; ends when the response ends or the request fails; injects `traceparent`',
  'http.server': 'installs request handling on the server: a SERVER span per request (`http.request.method`, `url.path`, `url.query`, `url.scheme`, `server.address`/`port`, `client.address`, `network.*`, `user_agent.original`, `http.route`, `http.response.status_code`, `error.type`) — see [server.md](server.md)',
  pg: 'named `{db.query.summary}`; `db.system.name` `postgresql`, `db.namespace`, `db.query.text`, `db.query.summary`, `server.address`, `server.port`, `db.response.status_code` (SQLSTATE), `error.type`',
  'pg.connect': 'span `pg.connect` (`pg-pool.connect` for a pool); `db.system.name` `postgresql`, `db.namespace`, `server.address`, `server.port`',
  mysql2: 'named `{db.query.summary}`; `db.system.name` `mysql`, `db.namespace`, `db.query.text`, `db.query.summary`, `server.address`, `server.port`, `db.response.status_code` (error number), `error.type`',
  mariadb: 'named `{db.query.summary}`; `db.system.name` `mariadb`, `db.namespace`, `db.query.text`, `db.query.summary`, `server.address`, `server.port`, `db.response.status_code`, `error.type`',
  'mariadb.batch': 'as `mariadb`, plus `db.operation.batch.size`',
  ioredis: 'named after the command (`GET`, `PIPELINE`, `MULTI`); `db.system.name` `redis`, `db.namespace`, `db.operation.name`, `db.query.text` (arguments redacted), `server.address`, `server.port`, `db.response.status_code` (error prefix), `error.type`',
  redis: 'as `ioredis` (node-redis 4–6); `multi()` spans carry no query text',
  'better-sqlite3': 'named `{db.query.summary}`; `db.system.name` `sqlite`, `db.namespace` (the file name), `db.query.text`, `db.query.summary`, `db.response.status_code` (SQLite result code), `error.type`',
  'better-sqlite3.exec': 'as `better-sqlite3`, literals of the text replaced by `?`',
  express: 'server root on `app.listen()`; route handlers and mounts record the full `http.route` template (INTERNAL handler spans under `handlerSpans`)',
  hono: 'server root on `serve()`/`createAdaptorServer()`; handlers record `http.route` (`c.req.routePath`)',
  nest: 'server root on the app `NestFactory.create()` fulfils with; route from the Express or Fastify adapter',
  fastify: 'server root on `instance.server`; one `onRequest` hook records `request.routeOptions.url`',
  koa: 'server root on `app.listen()`; router middleware records `ctx._matchedRoute`',
};

const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const code = (text) => '`' + String(text).replaceAll('|', '\\|') + '`';
/** A long method list (the Redis rules name hundreds of commands) is shortened to a count. */
const names = (values, max = 12) =>
  values.length > max ? `${values.slice(0, 6).map(code).join(', ')} … (${values.length} methods)` : values.map(code).join(', ');

/** What the rule matches, in the words of its join point. */
function matches(rule) {
  const module = rule.module === 'global' ? 'global' : code(rule.module);
  const classes = names(list(rule.class));
  const methods = rule.path ? code(rule.path) : names(list(rule.name));
  const exports = names(list(rule.export));
  switch (rule.join) {
    case 'call':
      return rule.module === 'global' ? `global ${exports}` : `${exports} of ${module}`;
    case 'new':
      return `\`new\` ${exports} of ${module}`;
    case 'method':
      return `${methods} on ${classes} of ${module}`;
    case 'callback-arg':
      return `functions at ${code(rule.callback)} of ${rule.export ? `${exports} of ${module}` : `${methods} on ${classes} of ${module}`}`;
    default:
      return `${rule.join} ${module}`;
  }
}

/** The static and argument attributes a rule sets itself. */
function ruleAttributes(rule) {
  const fixed = Object.entries(rule.span?.attributes ?? {}).map(([k, v]) => `${code(k)} = ${code(JSON.stringify(v))}`);
  const fromArgs = Object.entries(rule.span?.args ?? {}).map(([k, v]) => `${code(k)} ← ${code(v)}`);
  return [...fixed, ...fromArgs].join('<br>') || '–';
}

/** The row of one rule. */
function row(rule) {
  if (rule.hooks && !(rule.hooks in HOOK_EFFECTS)) throw new Error(`scripts/generateCatalogDocs.mjs: hook "${rule.hooks}" of rule ${rule.id} has no HOOK_EFFECTS entry`);
  const result = rule.result ?? 'auto';
  const named = `${rule.span?.name ? code(rule.span.name) : 'from the hook'}, ${rule.span?.kind ?? 'internal'}`;
  const span =
    result === 'install' ? 'none around the call (server root)'
    : rule.join === 'callback-arg' ? (rule.hooks ? "the hook's callback wrapper decides" : `${named}, around each call of the callback`)
    : named;
  const hooks = rule.hooks ? `${code(rule.hooks)}: ${HOOK_EFFECTS[rule.hooks]}` : '–';
  return `| ${code(rule.id)} | ${rule.join} | ${matches(rule)} | ${rule.versions ? code(rule.versions) : 'any'} | ${span} | ${ruleAttributes(rule)} | ${hooks} | ${code(result)} |`;
}

/** The whole page for `rules` (the built-in catalog, in catalog order). */
export function renderCatalog(rules) {
  const groups = new Map();
  for (const rule of rules) {
    const library = LIBRARIES[rule.module] ?? rule.module;
    if (!groups.has(library)) groups.set(library, []);
    groups.get(library).push(rule);
  }
  const out = [
    '# Built-in catalog',
    '',
    '<!-- Generated by scripts/generateCatalogDocs.mjs from src/rules/: do not edit, run `npm run docs:catalog`. -->',
    '',
    `${rules.length} rules, on by default (option \`builtin\`); turn one off with \`disable: ["<id>"]\`, replace one with a rule of`,
    'your own with the same id ([rules.md](rules.md)). Columns: the join point; what it matches; the',
    'semver range of the installed package (checked from the importing file); the span (name and kind;',
    '"from the hook" when the runtime hook names it); attributes the rule itself sets (static, and `←`',
    'read from the arguments); the runtime hook and what it adds; the result mode. Every span also',
    'carries the call site: `code.file.path`, `code.line.number`, `code.column.number`.',
    '',
  ];
  for (const [library, group] of groups) {
    out.push(`## ${library}`, '', '| id | join | matches | versions | span | rule attributes | hooks | result |', '|---|---|---|---|---|---|---|---|');
    for (const rule of group) out.push(row(rule));
    out.push('');
  }
  return out.join('\n');
}

/** The built-in rules, bundled from src/rules with esbuild (so the page never comes from a stale dist/). */
async function loadBuiltinRules() {
  const { build } = await import('esbuild');
  const dir = join(root, 'node_modules/.cache/tracewright-docs');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `rules-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, 'src/rules/index.ts')], bundle: true, format: 'esm', platform: 'node', packages: 'external', outfile, logLevel: 'error' });
  try {
    return (await import(pathToFileURL(outfile).href)).builtinRules;
  } finally {
    rmSync(outfile, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = renderCatalog(await loadBuiltinRules());
  const target = join(root, TARGET);
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      console.error(`${TARGET} is stale: run \`npm run docs:catalog\``);
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${TARGET}`);
  }
}
