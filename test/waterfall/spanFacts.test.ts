import { expect, test } from 'vitest';
import { MAX_VALUE_LENGTH, spanFacts } from '../../src/waterfall/spanFacts.js';
import { span } from './spans.js';

test('key attributes in a fixed order, without what the name or kind already says', () => {
  const facts = spanFacts(span({
    spanId: 's', name: 'GET /x', kind: 'server',
    attributes: { 'server.port': 8080, 'http.response.status_code': 200, 'http.request.method': 'GET', 'server.address': 'localhost', 'http.route': '/x', 'user.id': 7 },
  }));
  expect(facts).toEqual({ attributes: [['http.route', '/x'], ['http.response.status_code', '200']] });
});

test('a client span keeps its peer; a summary equal to the name is left out; long query text is cut to one line', () => {
  const text = `SELECT a,\n  b FROM t WHERE ${'x = 1 AND '.repeat(20)}y = $1`;
  const facts = spanFacts(span({ spanId: 's', name: 'SELECT t', kind: 'client', attributes: { 'db.query.summary': 'SELECT t', 'db.query.text': text, 'server.address': 'db', 'code.file.path': 'src/db.ts', 'code.line.number': 3 } }));
  const [[key, value], peer] = facts.attributes as [[string, string], [string, string]];
  expect(key).toBe('db.query.text');
  expect(value).toHaveLength(MAX_VALUE_LENGTH);
  expect(value.startsWith('SELECT a, b FROM t WHERE x = 1')).toBe(true);
  expect(value.endsWith('…')).toBe(true);
  expect(peer).toEqual(['server.address', 'db']);
  expect(facts.callSite).toBe('src/db.ts:3');
});

test('an error status gives its message, or "error" without one', () => {
  expect(spanFacts(span({ spanId: 's', name: 'n', status: { code: 'error', message: 'boom' } })).error).toBe('boom');
  expect(spanFacts(span({ spanId: 's', name: 'n', status: { code: 'error' } })).error).toBe('error');
  expect(spanFacts(span({ spanId: 's', name: 'n', status: { code: 'ok' } })).error).toBeUndefined();
});
