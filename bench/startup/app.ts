// The app `bench/startup.mjs` starts (`npm run bench:startup`): a plain program, no tracing
// code. It loads pg, ioredis, mysql2 and node:http, then runs one PostgreSQL query, one Redis
// GET, one MariaDB query (mysql2) and one HTTP request to a local server, in that order, and
// prints when each finished, in ms since the process's time origin (`performance.now()`).
// Built twice by the bench: plain with tsc, and with tspc + tracewright/tsc.
import http from 'node:http';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';

const loaded = performance.now();

/** Set by the bench's SDK preloads: flushes the provider, returns the spans the exporter saw. */
declare const __benchSpans: (() => Promise<string[]>) | undefined;

async function main(): Promise<void> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 1 });
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 0 });
  const maria = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test', connectionLimit: 1 });

  const pgResult = await pool.query('SELECT 1 AS one');
  const firstQuery = performance.now();
  const cpu = process.cpuUsage(); // CPU time up to here: less inflated than wall time on a busy machine
  const cached = await redis.get('tracewright:bench:startup');
  const [mariaRows] = await maria.query('SELECT 1 AS one');
  const body = await new Promise<string>((resolve, reject) => {
    http
      .get(`http://127.0.0.1:${port}/`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
  const done = performance.now();

  const ok = pgResult.rows[0]?.one === 1 && cached === null && (mariaRows as { one: number }[])[0]?.one === 1 && body === 'ok';
  if (!ok) throw new Error(`unexpected results: ${JSON.stringify({ pg: pgResult.rows, cached, maria: mariaRows, body })}`);
  const spans = typeof __benchSpans === 'function' ? await __benchSpans() : [];
  process.stdout.write(JSON.stringify({ loaded, firstQuery, cpuFirstQuery: (cpu.user + cpu.system) / 1000, done, timeOrigin: performance.timeOrigin, spans }) + '\n');
  await Promise.all([pool.end(), maria.end(), redis.quit()]);
  server.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
