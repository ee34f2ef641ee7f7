/**
 * The runtime transpiled to CommonJS under test/.tmp, for child processes that
 * must load it with plain `require` (an official instrumentation patches the
 * `http` module as it is required, which vitest's module loading bypasses; a
 * crash must be the child's, not the test runner's).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');

/** Transpiles src/runtime into `<out>/runtime` (once per `out`); returns that directory. */
export function transpileRuntime(out: string): string {
  const target = join(out, 'runtime');
  const src = join(root, 'src', 'runtime');
  mkdirSync(target, { recursive: true });
  writeFileSync(join(out, 'package.json'), '{"type":"commonjs"}\n');
  for (const f of readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.ts'))) {
    const js = ts.transpileModule(readFileSync(join(src, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    mkdirSync(dirname(join(target, f)), { recursive: true });
    writeFileSync(join(target, f.replace(/\.ts$/, '.js')), js.outputText);
  }
  return target;
}

/** What a child process did. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args` from the repository root (so node_modules resolve). */
export function runNode(script: string, args: string[], timeoutMs = 30_000): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
