/**
 * The small service the packed-build tests deploy: src/main.ts -> src/client.ts (fetch,
 * http.get) and src/server.ts (a local server that reports each request's traceparent), plus the
 * OpenTelemetry setups the built program is started with, for each SDK line.
 */

export const CLIENT_TS = `// The two outgoing calls tracewright must wrap.
import * as http from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

export async function fetchText(url: string): Promise<Reply> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

export function httpGetText(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}
`;

export const SERVER_TS = `import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that reports each request's traceparent on stderr. */
export async function startServer(): Promise<Server> {
  const server = http.createServer((req, res) => {
    console.error(\`traceparent \${req.url} \${req.headers.traceparent ?? 'none'}\`);
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: \`http://127.0.0.1:\${port}\`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = await startServer();
  await server.close();
  return Number(new URL(server.url).port);
}
`;

export const MAIN_TS = `import { trace } from '@opentelemetry/api';
import { fetchText, httpGetText } from './client.js';
import { closedPort, startServer } from './server.js';

async function main(): Promise<void> {
  const server = await startServer();
  const refused = await closedPort();
  const tracer = trace.getTracer('app');
  await tracer.startActiveSpan('root', async (root) => {
    try {
      const hello = await fetchText(\`\${server.url}/hello\`);
      console.log(\`fetch /hello -> \${hello.status} \${hello.body}\`);
      const missing = await httpGetText(\`\${server.url}/missing\`);
      console.log(\`http.get /missing -> \${missing.status} \${missing.body}\`);
      try {
        await fetchText(\`http://127.0.0.1:\${refused}/down\`);
        console.log('fetch /down -> no error');
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        console.log(\`fetch /down -> \${e.name}: \${e.message} (\${e.cause?.code})\`);
      }
    } finally {
      root.end();
    }
  });
  await server.close();
  console.log('done');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** The OpenTelemetry JS line a Node version runs: 3.x (api 1.10, sdk-trace 3) needs Node >= 22.15. */
export type OtelLine = 2 | 3;

export function otelLineFor(version = process.versions.node): OtelLine {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 15) ? 3 : 2;
}

/** The packages an app of that line installs as dependencies (`name@range`). */
export function otelPackages(line: OtelLine, sdkTraceNode2: string): string[] {
  return line === 3
    ? ['@opentelemetry/api@1.10.0', '@opentelemetry/sdk-trace@3', '@opentelemetry/context-async-hooks@3', '@opentelemetry/core@3']
    : ['@opentelemetry/api@1.9.0', `@opentelemetry/sdk-trace-node@${sdkTraceNode2}`];
}

/** Writes the finished spans as JSON at exit (to TW_SPANS_FILE, else stderr). */
const WRITE_AT_EXIT = `process.on('exit', () => {
  const spans = exporter.getFinishedSpans().map((span) => ({
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: (span.parentSpanContext && span.parentSpanContext.spanId) || span.parentSpanId,
    startTime: span.startTime,
    attributes: span.attributes,
    status: span.status,
    scope: span.instrumentationScope || span.instrumentationLibrary,
  }));
  const json = JSON.stringify(spans, null, 2);
  if (process.env.TW_SPANS_FILE) writeFileSync(process.env.TW_SPANS_FILE, json);
  else process.stderr.write(json + '\\n');
});
`;

/** Preloaded with `--require`: the line's SDK with an in-memory exporter. */
export function otelSetup(line: OtelLine): string {
  const register = line === 3
    ? `const { context, propagation, trace } = require('@opentelemetry/api');
const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { W3CTraceContextPropagator } = require('@opentelemetry/core');
const exporter = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new W3CTraceContextPropagator());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
`
    : `const { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
`;
  return `'use strict';\nconst { writeFileSync } = require('node:fs');\n${register}${WRITE_AT_EXIT}`;
}

/** vite SSR build of src/main.ts; `--mode plain` builds without the plugin into dist-plain/. */
export const VITE_CONFIG = `import tracewright from 'tracewright/vite';
export default ({ mode }) => ({
  plugins: mode === 'plain' ? [] : [tracewright()],
  logLevel: 'warn',
  build: { ssr: 'src/main.ts', outDir: mode === 'plain' ? 'dist-plain' : 'dist', target: 'node20', minify: false, emptyOutDir: true },
});
`;

/** esbuild bundle of src/main.ts with every package left external; `plain` builds without the plugin. */
export const ESBUILD_SCRIPT = `import { build } from 'esbuild';
import tracewright from 'tracewright/esbuild';
const plain = process.argv[2] === 'plain';
await build({
  entryPoints: ['src/main.ts'], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20',
  outfile: plain ? 'dist-plain/main.js' : 'dist/main.js', plugins: plain ? [] : [tracewright()], logLevel: 'warning',
});
`;
