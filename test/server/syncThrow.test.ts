/**
 * A request listener that throws synchronously behaves exactly as without the
 * server core (in child processes, since the uncaught error ends the process):
 * the same exit code and the same error report, and an 'uncaughtException'
 * handler receives the very error object; our span ends once, with the
 * exception recorded.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode, transpileRuntime } from './childRuntime.js';

const dir = join(import.meta.dirname, '..', '.tmp', `server-throw-${process.pid}`);
const child = join(import.meta.dirname, 'syncThrow.child.cjs');
let runtime: string;
beforeAll(() => {
  runtime = transpileRuntime(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report Node prints for an uncaught error, without the stack frames below the throw (ours are among them). */
function report(stderr: string): string {
  const lines = stderr.split('\n');
  const end = lines.findIndex((l) => l.startsWith('TypeError: boom'));
  return lines.slice(0, end + 1).join('\n');
}

describe('a request listener throwing synchronously', () => {
  it('crashes the process exactly as without us', async () => {
    const plain = await runNode(child, [runtime, 'plain', 'crash']);
    const installed = await runNode(child, [runtime, 'installed', 'crash']);
    expect(plain.code).toBe(1);
    expect(installed.code).toBe(plain.code);
    expect(installed.signal).toBe(plain.signal);
    expect(report(plain.stderr)).toContain("throw thrown;");
    expect(report(installed.stderr)).toBe(report(plain.stderr));
    expect(installed.stdout).toBe(plain.stdout);
  });

  it('an uncaughtException handler gets the same error; the span ends with it recorded', async () => {
    const plain = await runNode(child, [runtime, 'plain', 'handled']);
    const installed = await runNode(child, [runtime, 'installed', 'handled']);
    expect(plain.code).toBe(0);
    expect(installed.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual({ seen: [true], spans: [] });
    expect(JSON.parse(installed.stdout)).toEqual({
      seen: [true],
      spans: [{ name: 'GET', status: 2, errorType: 'TypeError', events: [['exception', 'TypeError', 'boom']] }],
    });
  });
});
