/**
 * The local services the integration tests talk to (started on the machine
 * before the tests run): PostgreSQL, MariaDB, Redis, RabbitMQ, Mosquitto, NATS.
 *
 * A suite asks for its service with `await service('postgresql')` at the top
 * of the file and wraps its tests in `describe.skipIf(!up)`. On a machine
 * without the service the suite is skipped with a message naming it; under
 * `CI=true` a missing service is a failure instead (CI must never pass by
 * skipping what it was meant to prove).
 */
import { connect } from 'node:net';

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

const probes = new Map<ServiceName, Promise<boolean>>();

/**
 * Whether `name` is up. When it is not: under `CI=true` throws (the suite
 * fails, naming the service); elsewhere prints why the suite is skipped and
 * returns false.
 */
export async function service(name: ServiceName): Promise<boolean> {
  const { host, port, hint } = SERVICES[name];
  let probe = probes.get(name);
  if (!probe) probes.set(name, (probe = portOpen(host, port)));
  if (await probe) return true;
  const message = `${hint} is not reachable on ${host}:${port}`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure, not a skip`);
  console.warn(`[skipped] ${message}: its integration tests are skipped`);
  return false;
}

/** The services among `names` that are down (each probed once; under `CI=true` a down one throws, see {@link service}). */
export async function downServices(names: Iterable<ServiceName>): Promise<Set<ServiceName>> {
  const down = new Set<ServiceName>();
  for (const name of new Set(names)) if (!(await service(name))) down.add(name);
  return down;
}
