/**
 * A local OTLP/HTTP trace receiver (JSON encoding, what `@opentelemetry/exporter-trace-otlp-http`
 * sends): the spans a program exported, flattened to name, kind and string/number attributes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A received span. `kind` is OTLP's number: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export interface ReceivedSpan {
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

interface OtlpValue { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean }
interface OtlpRequest {
  resourceSpans?: { scopeSpans?: { spans?: { name: string; kind: number; attributes?: { key: string; value: OtlpValue }[] }[] }[] }[];
}

const plain = (v: OtlpValue): string | number | boolean => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.doubleValue ?? v.boolValue ?? '');

/** Starts a receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<{ endpoint: string; spans: ReceivedSpan[]; close: () => Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest;
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) {
          spans.push({ name: s.name, kind: s.kind, attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, plain(a.value)])) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, spans, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
