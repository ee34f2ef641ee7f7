/**
 * Shared by the Redis hook suites: the site table the emitted code would
 * carry for Redis rules (a command rule in `auto` and `callback` mode, an exec
 * rule), unique key names, the spans as the tests compare them, and the
 * runner of the scenario tables of `redisScenarios.ts`, driven per major.
 */
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import * as rt from '../../src/runtime/index.js';
// What an instrumented file whose sites name the Redis hooks imports.
import '../../src/runtime/hooks/entries/redis.js';
import { finishedSpans, resetSpans, setupOtel, simplifySpans, startedSpanCount, type SimpleSpan } from '../helpers/otel.js';
import type { Call, ClientName, Scenario, SiteName, TracedStep } from './redisScenarios.js';

/** Site numbers in the table of {@link redisSites}. */
export const COMMAND = 0;
export const COMMAND_CALLBACK = 1;
export const EXEC = 2;

/** Lines of those sites in `src/cache.ts` (all at column 7). */
const LINES = [3, 4, 5];

/** The sites of a file using `hookId`'s rules, as `__tw.sites(json)` returns them. */
export function redisSites(hookId: 'ioredis' | 'redis'): rt.Site[] {
  return rt.sites(
    JSON.stringify({
      v: 1,
      f: 'src/cache.ts',
      s: [
        { r: `${hookId}.command`, n: 'redis', k: 2, h: hookId, m: 'auto' },
        { r: `${hookId}.command`, n: 'redis', k: 2, h: hookId, m: 'callback' },
        { r: `${hookId}.exec`, n: 'redis', k: 2, h: hookId, m: 'auto' },
      ],
      c: [
        [0, LINES[0], 7],
        [1, LINES[1], 7],
        [2, LINES[2], 7],
      ],
    }),
  );
}

/** `code.*` of site `i`. */
export function codeOf(i: number): Record<string, string | number> {
  return { 'code.file.path': 'src/cache.ts', 'code.line.number': LINES[i] as number, 'code.column.number': 7 };
}

let counter = 0;

/** A key no other test (or concurrent run) uses; remember it for cleanup. */
export function uniqueKey(keys: string[], what: string): string {
  const key = `tw:test:${process.pid}:${Date.now().toString(36)}:${counter++}:${what}`;
  keys.push(key);
  return key;
}

/** The finished spans, simplified, in start order. */
export function spans(): SimpleSpan[] {
  return simplifySpans(finishedSpans());
}

/** A client of any major, as the scenario runner calls it: methods by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyClient = Record<string, any>;

/** What the scenario runner needs from one major of a library. */
export interface RedisDriver {
  /** The major (the `describe.each` titles name it). */
  major: number;
  /** A client connected to database `db` of 127.0.0.1:6379. */
  connect(db: number): Promise<AnyClient>;
  /** A client created and never connected. */
  unconnected?(): AnyClient;
  close(client: AnyClient): Promise<void>;
  /** An argument the major builds itself (an ioredis `Command`); anything else is returned as is. */
  arg?(value: unknown): unknown;
}

/** What one scenario run works with. */
export interface ScenarioContext {
  driver: RedisDriver;
  /** The client on database 0, fresh for each scenario. */
  main: AnyClient;
  /** The sites of {@link redisSites}. */
  sites: rt.Site[];
  /** Keys to delete from database 0 after the scenario. */
  keys: string[];
}

const SITE_OF: Record<SiteName, number> = { command: COMMAND, callback: COMMAND_CALLBACK, exec: EXEC };
const DB_OF: Record<ClientName, string> = { main: '0', db1: '1', unconnected: '0' };

/**
 * Runs `scenario` (see `redisScenarios.ts`): its steps in order, checking each
 * traced call's result or error as it settles; then every span, exactly and
 * in start order, and that every span started has ended. Cleanup steps and
 * closing the scenario's own clients happen whatever failed.
 */
export async function runScenario(scenario: Scenario, ctx: ScenarioContext): Promise<void> {
  const keys = new Map(scenario.keys.map((name) => [name, uniqueKey(ctx.keys, name)]));
  const sub = (v: unknown): unknown => substitute(v, keys);
  const argsOf = (call: Call): unknown[] => call.slice(1).map((a) => (ctx.driver.arg ? ctx.driver.arg(sub(a)) : sub(a)));
  const own = new Map<ClientName, AnyClient>();
  const clientOf = async (name: ClientName = 'main'): Promise<AnyClient> => {
    if (name === 'main') return ctx.main;
    let c = own.get(name);
    if (c === undefined) {
      if (name === 'unconnected' && ctx.driver.unconnected === undefined) throw new Error(`major ${ctx.driver.major}: no unconnected client`);
      c = name === 'db1' ? await ctx.driver.connect(1) : ctx.driver.unconnected!();
      own.set(name, c);
    }
    return c;
  };
  const expected: SimpleSpan[] = [];
  try {
    for (const step of scenario.steps) {
      const client = await clientOf(step.client);
      if ('plain' in step) {
        await client[step.plain[0]](...argsOf(step.plain));
        continue;
      }
      await runTraced(step, client, ctx.sites[SITE_OF[step.traced]] as rt.Site, argsOf, sub);
      expected.push(expectedSpan(step, DB_OF[step.client ?? 'main'], ctx.driver.major, sub));
    }
    expect(spans()).toEqual(expected);
  } finally {
    for (const step of scenario.cleanup ?? []) await (await clientOf(step.client))[step.plain[0]](...argsOf(step.plain));
    for (const [name, c] of own) if (name !== 'unconnected') await ctx.driver.close(c);
  }
  expect(startedSpanCount(), 'every span started has ended').toBe(expected.length);
}

/** The scenarios of `table` that apply to `major`, as `it.each` rows: `[title, scenario]`. */
export function scenariosFor(table: readonly Scenario[], major: number): [string, Scenario][] {
  return table.filter((s) => s.majors === undefined || s.majors.includes(major)).map((s) => [s.title, s]);
}

/** @internal One traced call: made as instrumented code makes it, its outcome checked. */
async function runTraced(
  step: TracedStep,
  client: AnyClient,
  site: rt.Site,
  argsOf: (call: Call) => unknown[],
  sub: (v: unknown) => unknown,
): Promise<void> {
  const method = step.call[0];
  const receiver = (): AnyClient => (step.batch === undefined ? client : batchOf(client, step.batch, argsOf));
  let untraced: string | undefined;
  if (step.rejects?.sameAsUntraced) untraced = String(await outcome(() => receiver()[method](...argsOf(step.call))).then(([e]) => e));
  const [err, value] =
    step.traced === 'callback'
      ? await new Promise<[unknown, unknown]>((resolve) => {
          invoke(site, receiver(), method, [...argsOf(step.call), (e: unknown, v: unknown) => resolve([e ?? null, v])]);
        })
      : await outcome(() => invoke(site, receiver(), method, argsOf(step.call)));
  if (step.rejects === undefined) {
    expect(err, `${method} fails`).toBeNull();
    if ('returns' in step) expect(normalise(value), `${method}: the result`).toEqual(sub(step.returns));
    return;
  }
  expect(err, `${method} succeeds`).not.toBeNull();
  const { message, class: cls, sameAsUntraced } = step.rejects;
  if (message !== undefined) expect(String(err)).toMatch(message);
  if (cls !== undefined) expect((err as object).constructor.name).toBe(cls);
  if (sameAsUntraced) expect(String(err)).toBe(untraced);
}

/** @internal `[error or null, value]` of a call that may throw or return a promise. */
async function outcome(f: () => unknown): Promise<[unknown, unknown]> {
  try {
    return [null, await f()];
  } catch (e) {
    return [e ?? new Error(`rejected with ${String(e)}`), undefined];
  }
}

/** @internal `recv[method](...args)` through the runtime helper emitted code uses for that many arguments. */
function invoke(site: rt.Site, recv: AnyClient, method: string, args: unknown[]): unknown {
  switch (args.length) {
    case 0:
      return rt.method0(site, recv, method);
    case 1:
      return rt.method1(site, recv, method, args[0]);
    case 2:
      return rt.method2(site, recv, method, args[0], args[1]);
    case 3:
      return rt.method3(site, recv, method, args[0], args[1], args[2]);
    default:
      return rt.method(site, recv, method, args);
  }
}

/** @internal `client[kind]()` with the queued calls chained on it. */
function batchOf(client: AnyClient, batch: NonNullable<TracedStep['batch']>, argsOf: (call: Call) => unknown[]): AnyClient {
  let b = client[batch.kind]() as AnyClient;
  for (const call of batch.queue) b = b[call[0]](...argsOf(call));
  return b;
}

/** @internal The span of a traced step, as `spans()` gives it (see the conventions of `redisScenarios.ts`). */
function expectedSpan(step: TracedStep, db: string, major: number, sub: (v: unknown) => unknown): SimpleSpan {
  const { name, text, status = 'unset', events = [], attributes = {}, byMajor = {} } = step.span;
  const all: SimpleSpan['attributes'] = {
    ...codeOf(SITE_OF[step.traced]),
    'db.system.name': 'redis',
    'db.operation.name': name,
    'db.namespace': db,
    'server.address': '127.0.0.1',
    'server.port': 6379,
  };
  if (text !== undefined) all['db.query.text'] = sub(text) as string;
  for (const [key, value] of Object.entries({ ...attributes, ...byMajor[major] })) {
    if (value === null) delete all[key];
    else all[key] = value;
  }
  return { name, kind: 'client', attributes: all, status, events: [...events], parent: null };
}

/** @internal `$name` in strings (deeply, in arrays and plain objects) → the scenario's key `name`. */
function substitute(v: unknown, keys: ReadonlyMap<string, string>): unknown {
  if (typeof v === 'string') return v.replace(/\$([a-z]\w*)/g, (m, name: string) => keys.get(name) ?? m);
  if (Array.isArray(v)) return v.map((x) => substitute(x, keys));
  if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, keys)]));
  }
  return v;
}

/** @internal A result with the errors in it as `String(err)`. */
function normalise(v: unknown): unknown {
  if (v instanceof Error) return String(v);
  if (Array.isArray(v)) return v.map(normalise);
  return v;
}

/**
 * The body of a per-major `describe` against the real server: a fresh client per scenario (no
 * scenario depends on what ran before it), its keys deleted afterwards, one test per scenario of
 * `table` that the major runs.
 */
export function realServerScenarios(d: RedisDriver, table: readonly Scenario[], sites: rt.Site[]): void {
  let main: AnyClient;
  const keys: string[] = [];
  beforeAll(() => {
    setupOtel();
  });
  beforeEach(async () => {
    resetSpans();
    main = await d.connect(0);
  });
  afterEach(async () => {
    if (keys.length > 0) await main.del(keys.splice(0));
    await d.close(main);
  });

  it.each(scenariosFor(table, d.major))('%s', async (_title, scenario) => {
    await runScenario(scenario, { driver: d, main, sites, keys });
  });
}
