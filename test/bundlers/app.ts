/**
 * The small multi-module app every bundler test builds: an ESM entry, a
 * `.tsx` component with a `@span` function, a project CommonJS module
 * (`require('node:http')`), an ESM package and a CommonJS package in
 * node_modules (only the latter added through `include`), a dynamic import,
 * and a call that throws through a user rule (for stack traces). Run under
 * Node with `-r otel.cjs`, which prints the finished spans as one JSON line.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TMP, withLock } from './package.js';

export const APP_DIR = join(TMP, 'bundlers/app');

/** Plugin options every bundler test uses. */
export const PLUGIN_OPTIONS = {
  include: ['src/**', 'node_modules/traced-dep/**'],
  rules: [{ id: 'app.risky', join: 'call', module: './src/risky*', export: '*', span: { name: 'risky' } }],
};

/** Where `explode()` is called in src/stack.ts (1-based), as V8 reports a plain call: the callee. */
export const THROW_SITE = { file: 'src/stack.ts', line: 5, column: 5 };

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'bundler-app', private: true }, null, 2) + '\n',
  'src/main.ts': `import { greet } from './greet';
import legacy from './legacy.cjs';
import { pong } from 'untraced-dep';
import { ping } from 'traced-dep';
import { stackOf } from './stack';

async function main(): Promise<void> {
  const url = process.env.SERVER_URL as string;
  if (process.env.STACK) {
    console.log(stackOf());
    return;
  }
  const lines: string[] = [];
  lines.push(await greet(url));
  lines.push(\`legacy \${await legacy.get(url)}\`);
  lines.push(\`untraced \${await pong(url)}\`);
  lines.push(\`traced \${await ping(url)}\`);
  const { later } = await import('./later');
  lines.push(await later(url));
  for (const line of lines) console.log(line);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`,
  'src/jsx.ts': `export type Node = { tag: string; props: Record<string, unknown> | null; children: unknown[] };
export function h(tag: string, props: Record<string, unknown> | null, ...children: unknown[]): Node {
  return { tag, props, children };
}
export function render(node: Node): string {
  return \`<\${node.tag}>\${node.children.join('')}</\${node.tag}>\`;
}
`,
  'src/greet.tsx': `/** @jsxRuntime classic */
/** @jsx h */
import { h, render } from './jsx';

/** @span */
export async function greet(url: string): Promise<string> {
  const res = await fetch(\`\${url}/greet\`);
  return render(<p title="greeting">{\`greet \${res.status}\`}</p>);
}
`,
  'src/legacy.cjs': `'use strict';
const http = require('node:http');

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url + '/legacy', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    }).on('error', reject);
  });
}

module.exports = { get };
`,
  'src/later.ts': `export async function later(url: string): Promise<string> {
  const res = await globalThis.fetch(\`\${url}/later\`, { method: 'POST', body: 'x' });
  return \`later \${res.status}\`;
}
`,
  'src/risky.ts': `export function explode(reason: string): never {
  throw new Error(\`boom: \${reason}\`);
}
`,
  'src/stack.ts': `import { explode } from './risky';

export function stackOf(): string {
  try {
    explode('stack');
  } catch (error) {
    return (error as Error).stack ?? '';
  }
  return 'no error';
}
`,
  'node_modules/untraced-dep/package.json': JSON.stringify({ name: 'untraced-dep', version: '1.0.0', type: 'module', exports: './index.js' }) + '\n',
  'node_modules/untraced-dep/index.js': `export async function pong(url) {
  const res = await fetch(url + '/untraced');
  return res.status;
}
`,
  'node_modules/traced-dep/package.json': JSON.stringify({ name: 'traced-dep', version: '1.0.0', main: 'index.js' }) + '\n',
  'node_modules/traced-dep/index.js': `'use strict';
exports.ping = async function ping(url) {
  const res = await fetch(url + '/traced');
  return res.status;
};
`,
  'otel.cjs': `// Registers the SDK with an in-memory exporter; prints the spans as one JSON line at exit.
'use strict';
const { NodeTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
const order = new WeakMap();
const names = new Map();
let seq = 0;
const recorder = {
  onStart(span) { order.set(span, seq++); names.set(span.spanContext().spanId, span.name); },
  onEnd() {}, forceFlush: async () => {}, shutdown: async () => {},
};
new NodeTracerProvider({ spanProcessors: [recorder, new SimpleSpanProcessor(exporter)] }).register();
const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
let printed = false;
process.on('beforeExit', () => {
  if (printed) return;
  printed = true;
  const spans = exporter.getFinishedSpans().slice().sort((a, b) => order.get(a) - order.get(b)).map((s) => ({
    name: s.name,
    kind: KINDS[s.kind],
    attributes: Object.fromEntries(Object.keys(s.attributes).sort().map((k) => [k, s.attributes[k]])),
    status: s.status.code,
    parent: s.parentSpanContext ? names.get(s.parentSpanContext.spanId) ?? '<unknown>' : null,
  }));
  console.log('SPANS ' + JSON.stringify(spans));
});
`,
};

/** Writes the app (idempotent, under a lock); returns its directory. */
export async function ensureApp(): Promise<string> {
  return withLock('app', async () => {
    const stampFile = join(APP_DIR, '.stamp');
    const stamp = JSON.stringify(FILES);
    let current = '';
    try {
      current = readFileSync(stampFile, 'utf8');
    } catch { /* first run */ }
    if (current === stamp) return APP_DIR;
    rmSync(join(APP_DIR, 'src'), { recursive: true, force: true });
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(APP_DIR, path)), { recursive: true });
      writeFileSync(join(APP_DIR, path), text);
    }
    writeFileSync(stampFile, stamp);
    return APP_DIR;
  });
}
