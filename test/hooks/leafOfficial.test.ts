// Client spans are leaves, proven against the official instrumentations:
// @opentelemetry/instrumentation-pg, -ioredis and -http registered at run
// time, real PostgreSQL and Redis, a local HTTP server. A call driven through the runtime with a CLIENT site
// gives exactly one span (ours), pool and lazy connects beneath it included;
// the same call outside the runtime gives the official span; a user span
// started in the call's callback is the caller's child. Runs in a child
// process (leafOfficial.child.cjs): the instrumentations patch pg and ioredis
// when they are required, which vitest's own module loading would bypass, so
// the runtime is transpiled to CommonJS into test/.tmp for it.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../helpers/services.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', '.tmp', `leaf-official-${process.pid}`);
const pgUp = await service('postgresql');
const redisUp = await service('redis');

interface ChildSpan {
  name: string;
  kind: number;
  scope: string;
  parent: string | null;
}
type Results = Record<string, { spans: ChildSpan[]; suppressed: Record<string, boolean> }>;

const OFFICIAL_PG = '@opentelemetry/instrumentation-pg';
const OFFICIAL_IOREDIS = '@opentelemetry/instrumentation-ioredis';
const CLIENT = 2;
let results: Results = {};

/** The runtime as CommonJS, the way the published package's cjs build has it. */
function transpileRuntime(out: string): void {
  const src = join(root, 'src', 'runtime');
  writeFileSync(join(out, 'package.json'), '{"type":"commonjs"}\n');
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
    const js = ts.transpileModule(readFileSync(join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    mkdirSync(dirname(join(out, f)), { recursive: true });
    writeFileSync(join(out, f.replace(/\.ts$/, '.js')), js.outputText);
  }
}

function runChild(services: string[]): Promise<Results> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'leafOfficial.child.cjs'), join(dir, 'runtime'), services.join(',')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 50_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(stdout) as Results);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

beforeAll(async () => {
  mkdirSync(join(dir, 'runtime'), { recursive: true });
  transpileRuntime(join(dir, 'runtime'));
  results = await runChild([pgUp ? 'postgresql' : '', redisUp ? 'redis' : ''].filter(Boolean));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The spans of a scenario as `scope: name <- parent`, in the order they ended, for readable failures. */
function spansOf(scenario: string): string[] {
  const result = results[scenario];
  if (result === undefined) throw new Error(`scenario ${scenario} did not run`);
  return result.spans.map((s) => `${s.scope}: ${s.name} <- ${s.parent}`);
}

describe('node:http under @opentelemetry/instrumentation-http 0.223', () => {
  const HTTP = '@opentelemetry/instrumentation-http';
  const kinds = (scenario: string) => (results[scenario]?.spans ?? []).map((s) => `${s.scope}: ${s.name} (kind ${s.kind}) <- ${s.parent}`).sort();

  it('outside the runtime: the official client span, the server span beneath it', () => {
    expect(kinds('http plain')).toEqual([
      `${HTTP}: GET (kind 1) <- ${HTTP}/GET`,
      `${HTTP}: GET (kind 2) <- test/caller`,
      'test: in response callback (kind 0) <- test/caller',
    ]);
  });

  it('through a CLIENT site: no official client span; the server span is our child (traceparent injected outside the suppression)', () => {
    expect(kinds('http runtime')).toEqual([
      `${HTTP}: GET (kind 1) <- tracewright/GET`,
      'test: in response callback (kind 0) <- tracewright/GET',
      'tracewright: GET (kind 2) <- test/caller',
    ]);
  });

  it('the response callback runs unsuppressed (released at the headers): the user span is kept, as our child', () => {
    expect(results['http runtime']?.suppressed).toEqual({ 'in response callback': false });
  });
});

describe.skipIf(!pgUp)('pg 8 under @opentelemetry/instrumentation-pg 0.76', () => {
  it('outside the runtime: the official span', () => {
    expect(spansOf('pg plain')).toEqual([`${OFFICIAL_PG}: pg.query:SELECT test <- test/caller`]);
  });

  it('through a CLIENT site: exactly one span, ours (promise, pool.query with its connect, connect)', () => {
    expect(spansOf('pg runtime promise')).toEqual(['tracewright: SELECT <- test/caller']);
    expect(spansOf('pg runtime pool.query')).toEqual(['tracewright: SELECT <- test/caller']);
    expect(spansOf('pg runtime connect')).toEqual(['tracewright: pg.connect <- test/caller']);
    expect(results['pg runtime promise']?.spans[0]?.kind).toBe(CLIENT);
  });

  it('through an INTERNAL site (not a leaf): the official span is still made, as our child', () => {
    expect(spansOf('pg runtime internal site')).toEqual([`${OFFICIAL_PG}: pg.query:SELECT test <- tracewright/SELECT`, 'tracewright: SELECT <- test/caller']);
  });

  it('a user span started in the query callback is the caller\'s child, not suppressed, not ours', () => {
    expect(spansOf('pg runtime callback')).toEqual(['tracewright: SELECT <- test/caller', 'test: in pg callback <- test/caller']);
    expect(results['pg runtime callback']?.suppressed).toEqual({ 'in pg callback': false });
  });

  it('a connection opened inside a leaf is not left suppressed once the leaf ended', () => {
    // Its socket was created in the leaf's context; later plain queries are traced as usual.
    expect(spansOf('pg plain callback on a connection opened by a leaf')).toEqual([
      `${OFFICIAL_PG}: pg.query:SELECT test <- test/caller`,
      'test: in plain callback <- test/caller',
    ]);
  });
});

describe.skipIf(!redisUp)('ioredis under @opentelemetry/instrumentation-ioredis 0.71', () => {
  it('outside the runtime: the official span', () => {
    expect(spansOf('ioredis plain')).toEqual([`${OFFICIAL_IOREDIS}: get <- test/caller`]);
  });

  it('through a CLIENT site: exactly one span, ours (the lazy connect beneath the first command included)', () => {
    expect(spansOf('ioredis runtime first command')).toEqual(['tracewright: GET <- test/caller']);
    expect(spansOf('ioredis runtime promise')).toEqual(['tracewright: GET <- test/caller']);
  });

  it('a user span started in the command callback is the caller\'s child', () => {
    expect(spansOf('ioredis runtime callback')).toEqual(['tracewright: GET <- test/caller', 'test: in ioredis callback <- test/caller']);
    expect(results['ioredis runtime callback']?.suppressed).toEqual({ 'in ioredis callback': false });
  });
});
