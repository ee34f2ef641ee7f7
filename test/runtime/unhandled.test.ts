// Unhandled rejections, in child processes against the compiled runtime: a
// plain native promise result is derived, so Node reports (and by default
// crashes on) exactly the rejections it would report without instrumentation,
// with the same reason. The documented caveat for promise subclasses is shown
// too: observing them marks them handled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRuntime, removeCompiled, runScript, type ScriptResult } from './_compile.js';

let dir = '';
beforeAll(() => {
  dir = compileRuntime();
});
afterAll(() => {
  if (dir) removeCompiled(dir);
});

const PRELUDE = `
const { NodeTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
const tw = require('./runtime/index.js');
const S = tw.sites(JSON.stringify({ v: 1, f: 'x.js', s: [{ r: 't', n: 'op', k: 0, m: 'auto' }], c: [[0, 1, 1]] }))[0];
process.on('exit', () => process.stdout.write('spans=' + exporter.getFinishedSpans().length + '\\n'));
`;

/** Each scenario uses CALL(fn) for the call under test. */
const scenarios: Record<string, string> = {
  unhandled: `CALL(async () => { throw new Error('REASON-7f3a'); });`,
  handled: `CALL(async () => { throw new Error('REASON-7f3a'); }).catch((e) => console.log('caught ' + e.message));`,
  awaited: `(async () => { try { await CALL(async () => { throw new Error('REASON-7f3a'); }); } catch (e) { console.log('caught ' + e.message); } })();`,
  handledTooLate: `const p = CALL(async () => { throw new Error('REASON-7f3a'); }); setTimeout(() => p.catch(() => console.log('late')), 10);`,
  listener: `
    const error = new Error('REASON-7f3a');
    const returned = CALL(async () => { throw error; });
    process.on('unhandledRejection', (reason, promise) => console.log('reason same: ' + (reason === error) + ', promise is returned: ' + (promise === returned)));`,
  warnMode: `CALL(async () => { throw new Error('REASON-7f3a'); }); setTimeout(() => console.log('still running'), 10);`,
};
const flags: Record<string, string[]> = { warnMode: ['--unhandled-rejections=warn'] };

function run(name: string, body: string, instrumented: boolean): ScriptResult {
  const call = instrumented ? 'const CALL = (fn) => tw.call0(S, fn, undefined);' : 'const CALL = (fn) => fn();';
  return runScript(dir, `${name}-${instrumented ? 'tw' : 'plain'}.cjs`, `${PRELUDE}\n${call}\n${body}\n`, flags[name]);
}

function summary(r: ScriptResult) {
  return {
    status: r.status,
    stdout: r.stdout.replace(/spans=\d+\n/, ''),
    reasonInStderr: r.stderr.includes('REASON-7f3a'),
  };
}

describe('unhandled rejections of plain native promises', () => {
  for (const [name, body] of Object.entries(scenarios)) {
    it(`${name}: behaves exactly as without instrumentation`, () => {
      const plain = run(name, body, false);
      const traced = run(name, body, true);
      expect(summary(traced)).toEqual(summary(plain));
      expect(traced.stdout).toContain('spans=1');
    });
  }

  it('the scenarios do differ from each other (the comparison is meaningful)', () => {
    const statuses = ['unhandled', 'handled', 'warnMode'].map((name) => summary(run(name, scenarios[name] as string, true)));
    expect(statuses[0]).toMatchObject({ status: 1, reasonInStderr: true });
    expect(statuses[1]).toMatchObject({ status: 0, reasonInStderr: false, stdout: 'caught REASON-7f3a\n' });
    expect(statuses[2]).toMatchObject({ status: 0, reasonInStderr: true, stdout: 'still running\n' });
  });

  it('an unhandled rejection still crashes the process with the same reason', () => {
    const traced = run('crash', scenarios.unhandled as string, true);
    expect(traced.status).toBe(1);
    expect(traced.stderr).toContain('REASON-7f3a');
  });

  it('the listener sees the same reason and the promise the caller got', () => {
    expect(run('listener2', scenarios.listener as string, true).stdout).toContain('reason same: true, promise is returned: true');
  });
});

describe('the documented caveat: promise subclasses keep their identity and are observed', () => {
  it('an unhandled rejection of a subclass instance is hidden', () => {
    const body = `class P extends Promise {} CALL(() => P.reject(new Error('REASON-7f3a')));`;
    const plain = run('subclass', body, false);
    const traced = run('subclass', body, true);
    expect(plain.status).toBe(1);
    expect(traced.status).toBe(0); // hidden: the observer's handler marks it handled
    expect(traced.stdout).toContain('spans=1');
  });
});
