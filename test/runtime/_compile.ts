/**
 * Compiles `src/runtime` to CommonJS in a temporary folder under `test/.tmp/`
 * (gitignored) so child processes can load it with plain `node`, without
 * depending on a full `npm run build` of the whole project.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const runtimeSrc = join(root, 'src', 'runtime');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A fresh folder holding `runtime/` (compiled) and room for child scripts; remove it when done. */
export function compileRuntime(): string {
  const tmpRoot = join(root, 'test', '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  const dir = mkdtempSync(join(tmpRoot, 'runtime-'));
  for (const file of tsFiles(runtimeSrc)) {
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = join(dir, 'runtime', relative(runtimeSrc, file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out.outputText);
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  return dir;
}

/** Remove a folder made by {@link compileRuntime}. */
export function removeCompiled(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Result of {@link runScript}. */
export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Write `source` as `name` (CommonJS) into `dir` and run it with node (and `nodeFlags`). */
export function runScript(dir: string, name: string, source: string, nodeFlags: string[] = []): ScriptResult {
  const file = join(dir, name);
  writeFileSync(file, source);
  const result = spawnSync(process.execPath, [...nodeFlags, file], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

