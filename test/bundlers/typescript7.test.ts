/**
 * A project whose own `typescript` is 7.x (the native compiler, no JS API)
 * installs tracewright from its tarball and builds with the vite and esbuild
 * plugins: tracewright parses with its own TypeScript 5 dependency (npm nests
 * it under tracewright), never the project's, and the spans are there.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ensureApp } from './app.js';
import { buildWith } from './builders.js';
import { packPackage, REPO, TMP, withLock } from './package.js';
import { run, runApp } from './run.js';

const DIR = join(TMP, 'ts7');
const TYPESCRIPT_7 = '7.0.2';
const repoVersion = (name: string) => (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'preserve', strict: true, noEmit: true }, include: ['src'] }, null, 2) + '\n',
  'src/main.ts': `import { greet } from './greet';

greet(process.env.SERVER_URL as string).then((line) => console.log(line));
`,
  'src/greet.ts': `/** @span */
export async function greet(url: string): Promise<string> {
  const res = await fetch(\`\${url}/ts7\`);
  return \`ts7 \${res.status}\`;
}
`,
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await ensureApp(); // runApp loads the app's OpenTelemetry setup (otel.cjs) from its directory
  const tarballs = await packPackage();
  await withLock('ts7', async () => {
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(join(DIR, 'src'), { recursive: true });
      writeFileSync(join(DIR, path), text);
    }
    writeFileSync(join(DIR, 'package.json'), JSON.stringify({
      name: 'ts7-project', private: true,
      dependencies: {
        tracewright: `file:${tarballs.tracewright}`,
        '@tracewright/runtime': `file:${tarballs.runtime}`,
        typescript: TYPESCRIPT_7,
        vite: repoVersion('vite'),
        esbuild: repoVersion('esbuild'),
        '@opentelemetry/api': repoVersion('@opentelemetry/api'),
      },
    }, null, 2) + '\n');
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], DIR);
  });
}, 300_000);
afterAll(async () => server?.close());

test('the project\'s own TypeScript is 7.x with no JS compiler API, and tracewright installs no second one', async () => {
  const { stdout } = await run(process.execPath, [join(DIR, 'node_modules/typescript/bin/tsc'), '--version'], DIR);
  expect(stdout.trim()).toBe(`Version ${TYPESCRIPT_7}`);
  const projectRequire = createRequire(join(DIR, 'package.json'));
  expect((projectRequire('typescript') as { createSourceFile?: unknown }).createSourceFile).toBeUndefined();
  // TypeScript is an optional peer of tracewright: what it resolves is the project's 7.x.
  expect(existsSync(join(DIR, 'node_modules/tracewright/node_modules/typescript'))).toBe(false);
  const seen = createRequire(projectRequire.resolve('tracewright/package.json'))('typescript/package.json') as { version: string };
  expect(seen.version).toBe(TYPESCRIPT_7);
});

describe.each(['vite', 'esbuild'] as const)('%s', (bundler) => {
  test('builds with tracewright and the bundle produces the spans', async () => {
    const build = await buildWith(bundler, `ts7-${bundler}`, {}, 'src/main.ts', DIR);
    expect(build.errors).toEqual([]);
    const result = await runApp(build.entry, server.url);
    expect(result.lines).toEqual(['ts7 200']);
    expect(result.spans).toEqual([
      expect.objectContaining({ name: 'greet', kind: 'internal', parent: null, attributes: { 'code.file.path': 'src/greet.ts', 'code.line.number': 2, 'code.column.number': 1 } }),
      expect.objectContaining({ name: 'GET', kind: 'client', parent: 'greet', attributes: expect.objectContaining({ 'code.file.path': 'src/greet.ts', 'code.line.number': 3, 'url.full': 'http://127.0.0.1:<port>/ts7' }) }),
    ]);
  });
});
