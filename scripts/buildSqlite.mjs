// Builds better-sqlite3's native binding for the node running this script, without network
// access beyond the npm registry (`npm run build:sqlite`; CI runs it before the tests).
//
// better-sqlite3's own install script is declined (package.json `allowScripts`): it downloads a
// prebuilt binary from GitHub, or runs node-gyp, which downloads Node's headers from nodejs.org.
// Here the headers come from the npm package `node-<platform>-<arch>@<this node's version>`
// (its `include/node`; the package has no install script), installed into
// `.tmp/node-headers-<version>`, and npm's bundled node-gyp compiles against them with
// `--nodedir` (needs python3, make and a C++ compiler).
//
//   node scripts/buildSqlite.mjs [--dir <better-sqlite3 package dir>] [--force]
//
// `--dir` defaults to the devDependency (`node_modules/better-sqlite3`); CI's Node 22 leg
// passes a better-sqlite3 13 installed elsewhere (13.x ships Node-API prebuilds for common
// platforms inside its npm package, so there it usually finds nothing to do; `--force`
// compiles anyway). Idempotent and quick when done: nothing happens when the binding already
// loads under this node; a binding built earlier for the same package and node version (kept
// under `.tmp/better-sqlite3-builds/`, which `npm ci` does not wipe) is copied back instead of
// compiled again.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(REPO, '.tmp');
const NODE_VERSION = process.versions.node;
const BINDING = join('build', 'Release', 'better_sqlite3.node');

/** Stops with a message naming what to do. */
function fail(message) {
  process.stderr.write(`[build:sqlite] ${message}\n`);
  process.exit(1);
}

function log(message) {
  process.stdout.write(`[build:sqlite] ${message}\n`);
}

function argValue(name) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Whether the package in `dir` opens a database under this node (in a child: a failed dlopen stays there). */
function loads(dir) {
  const probe = `const D = require(${JSON.stringify(dir)}); const db = new D(':memory:'); db.prepare('SELECT 1').get(); db.close();`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  return { ok: result.status === 0, error: (result.stderr || '').trim().split('\n').find((l) => /Error|error/.test(l)) ?? '' };
}

/**
 * npm's own CLI script: the one running this script (`npm run` sets npm_execpath), else the
 * `npm` found on PATH (usually a symlink to `<npm>/bin/npm-cli.js`), else `npm root -g`.
 */
function npmCli() {
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(process.env.npm_execpath);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      candidates.push(realpathSync(join(dir, 'npm')));
    } catch {
      // not in this PATH entry
    }
  }
  for (const file of candidates) if (/npm-cli\.js$/.test(file) && existsSync(file)) return file;
  try {
    const root = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
    const file = join(root, 'npm', 'bin', 'npm-cli.js');
    if (existsSync(file)) return file;
  } catch {
    // no npm on PATH at all
  }
  return fail('cannot find npm (npm-cli.js); run this through `npm run build:sqlite`');
}

/** node-gyp as npm bundles it (npm sets npm_config_node_gyp for scripts it runs). */
function nodeGyp(npm) {
  const candidates = [process.env.npm_config_node_gyp, join(dirname(dirname(npm)), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  const found = candidates.find((file) => file && existsSync(file));
  return found ?? fail(`npm at ${dirname(dirname(npm))} bundles no node-gyp (looked for ${candidates.filter(Boolean).join(', ')})`);
}

/** `.tmp/node-headers-<version>/node_modules/node-<platform>-<arch>`, installed from npm if missing. */
function nodeHeaders(npm) {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const name = `node-${platform}-${process.arch}`;
  const prefix = join(TOOLS, `node-headers-${NODE_VERSION}`);
  const nodedir = join(prefix, 'node_modules', name);
  if (existsSync(join(nodedir, 'include', 'node', 'node_version.h'))) return nodedir;
  log(`installing ${name}@${NODE_VERSION} (Node's headers) into ${prefix}`);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
  // The package has no install script; --ignore-scripts keeps it that way whatever it becomes.
  const args = [npm, 'install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--no-save', `${name}@${NODE_VERSION}`];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0 || !existsSync(join(nodedir, 'include', 'node', 'node_version.h'))) {
    fail(`installing ${name}@${NODE_VERSION} failed: no ${join(nodedir, 'include', 'node')}; is the npm registry reachable?`);
  }
  return nodedir;
}

const dir = resolve(argValue('--dir') ?? join(REPO, 'node_modules', 'better-sqlite3'));
const manifest = join(dir, 'package.json');
if (!existsSync(manifest)) fail(`no better-sqlite3 package at ${dir}; run \`npm ci\` first`);
const version = JSON.parse(readFileSync(manifest, 'utf8')).version;
const label = `better-sqlite3 ${version} for Node ${NODE_VERSION}`;
const cached = join(TOOLS, 'better-sqlite3-builds', `${version}-node${NODE_VERSION}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
const force = process.argv.includes('--force');

if (!force && loads(dir).ok) {
  const which = existsSync(join(dir, BINDING)) ? `built: ${join(dir, BINDING)}` : 'the prebuilt binding its package ships';
  log(`${label}: loads (${which})`);
  process.exit(0);
}
if (!force && existsSync(cached)) {
  mkdirSync(dirname(join(dir, BINDING)), { recursive: true });
  copyFileSync(cached, join(dir, BINDING));
  if (loads(dir).ok) {
    log(`${label}: restored the binding built earlier (${cached})`);
    process.exit(0);
  }
}

const npm = npmCli();
const gyp = nodeGyp(npm);
const nodedir = nodeHeaders(npm);
const jobs = String(Math.max(1, Math.min(2, cpus().length)));
log(`${label}: compiling with node-gyp (${gyp}) against ${nodedir}, about two minutes`);
// force_build: better-sqlite3 13's binding.gyp builds nothing when a prebuild exists unless told to.
const args = [gyp, 'rebuild', '--release', `--jobs=${jobs}`, `--nodedir=${nodedir}`, '--force_build=1'];
const build = spawnSync(process.execPath, args, { cwd: dir, stdio: 'inherit' });
if (build.status !== 0) fail(`node-gyp rebuild failed in ${dir} (exit ${build.status}); it needs python3, make and g++`);
const check = loads(dir);
if (!check.ok) fail(`built, but the binding does not load under Node ${NODE_VERSION}: ${check.error}`);
mkdirSync(dirname(cached), { recursive: true });
copyFileSync(join(dir, BINDING), cached);
log(`${label}: built ${join(dir, BINDING)}`);
