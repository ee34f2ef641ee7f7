/**
 * The local services the integration tests talk to (started on the machine
 * before the tests run): PostgreSQL, MariaDB, Redis, RabbitMQ, Mosquitto, NATS;
 * and the native modules they load, which `npm ci` does not build
 * (better-sqlite3: `npm run build:sqlite`).
 *
 * A suite asks for its service with `await service('postgresql')` (or
 * `nativeModule('better-sqlite3')`) at the top of the file and wraps its tests
 * in `describe.skipIf(!up)`. On a machine without the service the suite is
 * skipped with a message naming it (`TRACEWRIGHT_<NAME>_PORT=1` simulates a
 * service that is down); under `CI=true` a missing service is a
 * failure instead (CI must never pass by skipping what it was meant to prove).
 */
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';

/** The services of this machine, where the tests expect them. */
export const SERVICES = {
  postgresql: { host: '127.0.0.1', port: 5432, hint: 'PostgreSQL (trust auth, database `test`)' },
  mariadb: { host: '127.0.0.1', port: 3306, hint: 'MariaDB (root, no password, database `test`)' },
  redis: { host: '127.0.0.1', port: 6379, hint: 'Redis' },
  rabbitmq: { host: '127.0.0.1', port: 5672, hint: 'RabbitMQ (guest/guest)' },
  mosquitto: { host: '127.0.0.1', port: 1883, hint: 'Mosquitto' },
  nats: { host: '127.0.0.1', port: 4222, hint: 'NATS' },
} as const;

export type ServiceName = keyof typeof SERVICES;

/** Whether a TCP connection to host:port opens within `timeoutMs`. */
export function portOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The port a service is probed on: `TRACEWRIGHT_<NAME>_PORT` (e.g. `TRACEWRIGHT_REDIS_PORT=1`)
 * overrides it, so that a run can see what happens when the service is down (its suites skip
 * with a message naming it; under `CI=true` they fail).
 */
export function servicePort(name: ServiceName): number {
  const override = process.env[`TRACEWRIGHT_${name.toUpperCase()}_PORT`];
  return override && /^\d+$/.test(override) ? Number(override) : SERVICES[name].port;
}

const probes = new Map<ServiceName, Promise<boolean>>();

/**
 * Whether `name` is up. When it is not: under `CI=true` throws (the suite
 * fails, naming the service); elsewhere prints why the suite is skipped and
 * returns false.
 */
export async function service(name: ServiceName): Promise<boolean> {
  const { host, hint } = SERVICES[name];
  const port = servicePort(name);
  let probe = probes.get(name);
  if (!probe) probes.set(name, (probe = portOpen(host, port)));
  if (await probe) return true;
  const message = `${hint} is not reachable on ${host}:${port}`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure, not a skip`);
  console.warn(`[skipped] ${message}: its integration tests are skipped`);
  return false;
}

/**
 * Native modules the tests load, each with the environment variable that may
 * point at another copy (a package directory, relative to the current one):
 * CI's Node 22 leg sets `TRACEWRIGHT_BETTER_SQLITE3` to a better-sqlite3 13
 * built for Node 22, as `TRACEWRIGHT_TYPESCRIPT` selects TypeScript 6.
 */
export const NATIVE_MODULES = {
  'better-sqlite3': {
    env: 'TRACEWRIGHT_BETTER_SQLITE3',
    hint: 'run `npm run build:sqlite` with this node (or point TRACEWRIGHT_BETTER_SQLITE3 at a copy built for it)',
    probe(m: unknown): void {
      const db = new (m as new (file: string) => { prepare(sql: string): { get(): unknown }; close(): void })(':memory:');
      try {
        db.prepare('SELECT 1').get();
      } finally {
        db.close();
      }
    },
  },
} as const;

export type NativeModuleName = keyof typeof NATIVE_MODULES;

const repoRequire = createRequire(import.meta.url);

/** Directory of the native module under test: its environment variable's, or the devDependency. */
export function nativeModuleDir(name: NativeModuleName): string {
  const fromEnv = process.env[NATIVE_MODULES[name].env];
  return fromEnv ? resolve(fromEnv) : dirname(repoRequire.resolve(`${name}/package.json`));
}

/** The native module under test (see {@link nativeModuleDir}); check {@link nativeModule} first. */
export function requireNative<T = unknown>(name: NativeModuleName): T {
  return repoRequire(nativeModuleDir(name)) as T;
}

const loaded = new Map<NativeModuleName, boolean>();

/**
 * Whether `name` loads and works (its binding is built for this node). When it
 * does not: under `CI=true` throws; elsewhere prints why and returns false.
 */
export function nativeModule(name: NativeModuleName): boolean {
  let ok = loaded.get(name);
  let problem = '';
  if (ok === undefined) {
    try {
      NATIVE_MODULES[name].probe(requireNative(name));
      ok = true;
    } catch (error) {
      ok = false;
      problem = String((error as Error)?.message ?? error).split('\n')[0]!.replace(/\s*Tried:$/, ''); // bindings' "Could not locate..."
    }
    loaded.set(name, ok);
  }
  if (ok) return true;
  const message = `${name} (${nativeModuleDir(name)}) does not load on Node ${process.versions.node}${problem ? ` (${problem})` : ''}; ${NATIVE_MODULES[name].hint}`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure, not a skip`);
  console.warn(`[skipped] ${message}: its tests are skipped`);
  return false;
}

/** The native modules among `names` that do not load (under `CI=true` one that does not throws, see {@link nativeModule}). */
export function missingNativeModules(names: Iterable<NativeModuleName>): Set<NativeModuleName> {
  return new Set([...new Set(names)].filter((name) => !nativeModule(name)));
}

/** The services among `names` that are down (each probed once; under `CI=true` a down one throws, see {@link service}). */
export async function downServices(names: Iterable<ServiceName>): Promise<Set<ServiceName>> {
  const down = new Set<ServiceName>();
  for (const name of new Set(names)) if (!(await service(name))) down.add(name);
  return down;
}
