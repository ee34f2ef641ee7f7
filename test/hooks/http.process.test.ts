// An 'error' nobody listens for must still crash the instrumented program exactly
// as it crashes the plain one (same exit code, same message) — and the span is
// exported before the crash. Runs in child processes: the hooks are transpiled
// with TypeScript into test/.tmp and driven the way the runtime drives them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './harness.js';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, 'test', '.tmp', `hooks-process-${process.pid}`);

/** The child: plain or instrumented `http.get` to a refused port, no 'error' listener. */
const CHILD = `
import http from 'node:http';
import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { httpHooks } from './hooks/http.js';

const [mode, port] = process.argv.slice(2);
const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
process.on('exit', () => {
  const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes, status: s.status }));
  process.stdout.write(JSON.stringify(spans));
});

const url = 'http://127.0.0.1:' + port + '/';
if (mode === 'plain') {
  http.get(url);
} else {
  // exactly the runtime's sequence for a non-promise result
  const spec = { r: 'http.get', n: 'http.get', k: SpanKind.CLIENT, m: 'sync' };
  const call = { spec, thisArg: undefined, args: [url], name: spec.n, attributes: {} };
  httpHooks.onStart(call);
  const parent = context.active();
  const span = trace.getTracer('t').startSpan(call.name, { kind: spec.k, attributes: call.attributes }, parent);
  const ctx = trace.setSpan(parent, span);
  httpHooks.onInject(call, ctx);
  const req = context.with(ctx, () => http.get(...call.args));
  let ended = false;
  const end = () => { if (!ended) { ended = true; span.end(); } };
  if (httpHooks.onResult(span, req, end, call) !== true) end();
}
`;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  // The whole runtime tree, so the hooks' imports of runtime helpers resolve as in the package.
  const src = join(root, 'src', 'runtime');
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
    const out = ts.transpileModule(readFileSync(join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    });
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f.replace(/\.ts$/, '.js')), out.outputText);
  }
  writeFileSync(join(dir, 'child.mjs'), CHILD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(mode: 'plain' | 'traced', port: number) {
  const r = spawnSync(process.execPath, [join(dir, 'child.mjs'), mode, String(port)], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

describe('unhandled request error', () => {
  it('crashes the same way with and without the hooks; the span is exported first', async () => {
    const port = await closedPort();
    const plain = run('plain', port);
    const traced = run('traced', port);

    expect(plain.status).toBe(1);
    expect(plain.stderr).toContain("Unhandled 'error' event");
    expect(plain.stderr).toContain(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(traced.status).toBe(plain.status);
    const firstLines = (s: string) => s.split('\n').filter((l) => /Error|ECONNREFUSED|Emitted/.test(l) && !l.includes('    at '));
    expect(firstLines(traced.stderr)).toEqual(firstLines(plain.stderr));

    expect(JSON.parse(plain.stdout)).toEqual([]);
    const spans = JSON.parse(traced.stdout);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      name: 'GET',
      attributes: { 'error.type': 'Error', 'url.full': `http://127.0.0.1:${port}/` },
      status: { code: 2 },
    });
  });
});
