// sites(json): one Site per entry of `c`, static attributes merged once with
// the call site's code.* attributes; never throws into the instrumented module.
import { describe, expect, it } from 'vitest';
import { sites } from '../../src/runtime/index.js';
import type { FileSites } from '../../src/runtime/siteSpec.js';

const table: FileSites = {
  v: 1,
  f: 'src/db/users.ts',
  s: [
    { r: 'pg.query', n: 'pg.query', k: 2, a: { 'db.system.name': 'postgresql' }, m: 'promise' },
    { r: 'span', n: 'Users.load', k: 0, m: 'auto' },
  ],
  c: [
    [0, 12, 7],
    [1, 30, 3],
    [0, 41, 15],
  ],
};

describe('sites()', () => {
  it('returns one site per entry of c, indexed by site number', () => {
    const s = sites(JSON.stringify(table));
    expect(s).toHaveLength(3);
    expect(s.map((site) => site.name)).toEqual(['pg.query', 'Users.load', 'pg.query']);
    expect(s[0]?.spec).toBe(s[2]?.spec); // the spec is shared, not copied per site
  });

  it('merges static and code attributes once per site', () => {
    const [first, second, third] = sites(JSON.stringify(table));
    expect(first?.attributes).toEqual({
      'db.system.name': 'postgresql',
      'code.file.path': 'src/db/users.ts',
      'code.line.number': 12,
      'code.column.number': 7,
    });
    expect(second?.attributes).toEqual({
      'code.file.path': 'src/db/users.ts',
      'code.line.number': 30,
      'code.column.number': 3,
    });
    expect(third?.attributes['code.line.number']).toBe(41);
    expect(first?.kind).toBe(2);
    // the startSpan options object is built once and reused by every call
    expect(first?.options).toEqual({ kind: 2, attributes: first?.attributes });
    expect(first?.options.attributes).toBe(first?.attributes);
  });

  it('lets the call site win over a rule that sets code.* by mistake', () => {
    const [site] = sites(
      JSON.stringify({ v: 1, f: 'a.ts', s: [{ r: 'x', n: 'x', k: 0, a: { 'code.line.number': 1 }, m: 'auto' }], c: [[0, 5, 6]] }),
    );
    expect(site?.attributes['code.line.number']).toBe(5);
  });

  it('never throws: unreadable JSON or another format version yield no sites', () => {
    expect(sites('{not json')).toEqual([]);
    expect(sites(JSON.stringify({ ...table, v: 2 }))).toEqual([]);
    expect(sites('null')).toEqual([]);
  });

  it('turns a malformed entry into a hole, keeping the others', () => {
    const s = sites(JSON.stringify({ ...table, c: [[0, 1, 1], [9, 2, 2], [1, 3, 3]] }));
    expect(s[0]?.name).toBe('pg.query');
    expect(s[1]).toBeUndefined();
    expect(s[2]?.name).toBe('Users.load');
  });
});
