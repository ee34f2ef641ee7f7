// Unhandled rejections of server roots (result "install"), in child processes against the
// compiled runtime, with no SDK (an install site installs with or without one): a rejected plain
// native promise from the call reaches the caller through a derived promise with the same reason,
// so Node reports (and by default crashes on) exactly what it would without instrumentation, and
// adds no unhandled rejection of its own. A fulfilled one is installed on.
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
const tw = require('./runtime/index.js');
require('./runtime/hooks/index.js').registerHooks('test.install', { install: (target) => console.log('installed ' + JSON.stringify(target)) });
const S = tw.sites(JSON.stringify({ v: 1, f: 'x.js', s: [{ r: 't', n: 't', k: 0, h: 'test.install', m: 'install' }], c: [[0, 1, 1]] }))[0];
`;

const scenarios: Record<string, string> = {
  unhandled: `CALL(async () => { throw new Error('REASON-9c1e'); });`,
  handled: `CALL(async () => { throw new Error('REASON-9c1e'); }).catch((e) => console.log('caught ' + e.message));`,
  awaited: `(async () => { try { await CALL(async () => { throw new Error('REASON-9c1e'); }); } catch (e) { console.log('caught ' + e.message); } })();`,
  listener: `
    const error = new Error('REASON-9c1e');
    const returned = CALL(async () => { throw error; });
    process.on('unhandledRejection', (reason, promise) => console.log('reason same: ' + (reason === error) + ', promise is returned: ' + (promise === returned)));`,
  fulfilled: `CALL(async () => ({ port: 1 })).then((app) => console.log('got ' + JSON.stringify(app)));`,
};

function run(name: string, body: string, instrumented: boolean): ScriptResult {
  const call = instrumented ? 'const CALL = (fn) => tw.installCall(S, fn, undefined, []);' : 'const CALL = (fn) => fn();';
  return runScript(dir, `${name}-${instrumented ? 'tw' : 'plain'}.cjs`, `${PRELUDE}\n${call}\n${body}\n`);
}

const summary = (r: ScriptResult) => ({ status: r.status, stdout: r.stdout.replace(/installed .*\n/, ''), reasonInStderr: r.stderr.includes('REASON-9c1e') });

describe('install sites: rejections of plain native promises', () => {
  for (const [name, body] of Object.entries(scenarios)) {
    it(`${name}: behaves exactly as without instrumentation`, () => {
      expect(summary(run(name, body, true))).toEqual(summary(run(name, body, false)));
    });
  }

  it('the scenarios differ (the comparison is meaningful), and a fulfilled promise is installed on before the caller sees it', () => {
    expect(summary(run('unhandled', scenarios.unhandled!, true))).toMatchObject({ status: 1, reasonInStderr: true });
    expect(summary(run('handled', scenarios.handled!, true))).toMatchObject({ status: 0, reasonInStderr: false, stdout: 'caught REASON-9c1e\n' });
    expect(run('listener', scenarios.listener!, true).stdout).toBe('reason same: true, promise is returned: true\n');
    expect(run('fulfilled', scenarios.fulfilled!, true).stdout).toBe('installed {"port":1}\ngot {"port":1}\n');
  });
});
