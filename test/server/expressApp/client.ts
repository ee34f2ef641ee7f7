/* tracewright ignore file */
// The test's client: plain node:http requests (left uninstrumented), one at a time.
import { request } from 'node:http';

export interface Call { method: string; path: string; headers?: Record<string, string> }

export function call(port: number, { method, path, headers }: Call): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      // Express 4 and 5 word their 404 pages differently: status only.
      res.on('end', () => resolve(`${method} ${path} ${res.statusCode} ${res.statusCode === 404 ? '<404 page>' : body}`));
    });
    req.on('error', reject);
    req.end();
  });
}
