/**
 * A project whose tests run through vite with `tracewright/vite` in its
 * vitest config: `vitest run` (a child process) loads instrumented code into
 * the project's tests — a span per call, the wrapper visible in the function
 * text — and those tests still pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ensurePackage, REPO, TMP } from './package.js';
import { run } from './run.js';

const DIR = join(TMP, 'vitest-project');
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'vitest-project', private: true, type: 'module' }, null, 2) + '\n',
  'vitest.config.mjs': `import tracewright from 'tracewright/vite';

export default { plugins: [tracewright()], test: { include: ['test/**/*.test.ts'] } };
`,
  'src/client.ts': `export async function status(url: string): Promise<number> {
  const res = await fetch(\`\${url}/vitest\`);
  return res.status;
}
`,
  'test/client.test.ts': `import { beforeAll, expect, test } from 'vitest';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { status } from '../src/client';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
});

test('the client still works', async () => {
  expect(await status(process.env.SERVER_URL as string)).toBe(200);
});

test('the code under test is instrumented', () => {
  // (vite's module runner rewrites \`__tw.call1\` to its own import binding)
  expect(status.toString()).toContain('call1(__tw_site(0), fetch, void 0');
  expect(exporter.getFinishedSpans().map((s) => [s.name, s.attributes['code.file.path'], s.attributes['code.line.number']]))
    .toEqual([['GET', 'src/client.ts', 2]]);
});
`,
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await ensurePackage();
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(DIR, path)), { recursive: true });
    writeFileSync(join(DIR, path), text);
  }
});
afterAll(async () => server?.close());

test('vitest run with the plugin: instrumented code in the tests, tests pass', async () => {
  // A clean environment: no VITEST_* variables of the vitest running this test.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST'));
  const { stdout: colored } = await run(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose', '--color=false'], DIR,
    { ...env, SERVER_URL: server.url, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' });
  const stdout = colored.replace(/\x1b\[[0-9;]*m/g, '');
  expect(stdout).toContain('✓ test/client.test.ts > the client still works');
  expect(stdout).toContain('✓ test/client.test.ts > the code under test is instrumented');
  expect(stdout).toMatch(/Tests\s+2 passed/);
});
