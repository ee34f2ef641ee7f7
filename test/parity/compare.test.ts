// The parity harness judging synthetic spans, without services: legacy names read as stable ones,
// unique names normalised, spans paired by role and per batch, a missing attribute reported with
// the entry that would list it, and entries that no longer apply found.
import { describe, expect, it } from 'vitest';
import { compareRun } from './compare.js';
import type { Difference } from './differences.js';
import type { RecordedSpan, ScenarioRun } from './run.js';
import type { Scenario } from './scenario.js';
import { pgScenario } from './scenarios/pg.js';
import { describeFinding, explanationOf, isMissingAttribute, unusedEntries } from './verdict.js';

let seq = 0;
function span(name: string, attributes: RecordedSpan['attributes']): RecordedSpan {
  seq++;
  return { id: `s${seq}`, parentId: 'op', name, kind: 'client', attributes, status: 'unset', events: [], order: seq };
}

function runOf(operations: Scenario['operations'], spans: ScenarioRun['operations']): ScenarioRun {
  return { scenario: { ...pgScenario, operations }, names: ['tw_parity_1_o', 'tw_parity_1_t'], versions: { instrumentation: '0', library: '0' }, operations: spans };
}

describe('compareRun', () => {
  it('reads a legacy name as its stable one when the stable one is absent, ignores it when present, and normalises unique names', () => {
    const run = runOf([{ id: 'q', title: 'q', code: '' }], [{
      id: 'q',
      official: [span('pg.query:SELECT test', { 'db.statement': 'SELECT * FROM tw_parity_1_o', 'db.system': 'postgresql', 'db.system.name': 'postgresql', 'db.user': 'postgres' })],
      ours: [span('SELECT tw_parity_1_t', { 'db.system.name': 'postgresql' })],
    }]);
    const [op] = compareRun(run);
    expect(op!.pairs[0]!.official).toMatchObject({
      attributes: { 'db.query.text': 'SELECT * FROM <table>', 'db.system.name': 'postgresql', 'db.user': 'postgres' },
      renamed: ['db.statement → db.query.text'],
      ignored: ['db.system'],
    });
    expect(op!.findings.map((f) => [f.attribute, f.differs])).toEqual([
      ['span name', 'value'],
      ['db.query.text', 'missing'],
      ['db.user', 'missing'],
    ]);
    expect(op!.findings[0]).toMatchObject({ official: 'pg.query:SELECT test', ours: 'SELECT <table>' });
  });

  it('pairs spans within a role in start order, and a batch\'s one span with each official span', () => {
    const run = runOf([{ id: 'pool', title: '', code: '' }, { id: 'batch', title: '', code: '', batch: true }], [
      { id: 'pool', official: [span('pg-pool.connect', {}), span('pg.query:SELECT test', {})], ours: [span('SELECT', {})] },
      { id: 'batch', official: [span('set', {}), span('get', {})], ours: [span('PIPELINE', {})] },
    ]);
    const [pool, batch] = compareRun(run);
    expect(pool!.pairs.map((p) => [p.official?.name, p.ours?.name])).toEqual([['pg-pool.connect', undefined], ['pg.query:SELECT test', 'SELECT']]);
    expect(pool!.findings.map((f) => [f.attribute, f.differs])).toEqual([['span pg-pool.connect', 'missing'], ['span name', 'value']]);
    expect(batch!.pairs.map((p) => [p.official?.name, p.ours?.name])).toEqual([['set', 'PIPELINE'], ['get', 'PIPELINE']]);
  });
});

describe('verdict', () => {
  const finding = { library: 'pg', operation: 'q', attribute: 'db.query.text', differs: 'missing', official: 'SELECT 1' } as const;
  const listed: Difference = { library: ['pg', 'mysql2'], attribute: 'db.query.text', differs: 'missing', operations: ['q', 'r'], reason: 'r' };

  it('reports an unlisted missing attribute with the entry that would list it', () => {
    expect(isMissingAttribute(finding)).toBe(true);
    expect(isMissingAttribute({ ...finding, attribute: 'span pg.connect' })).toBe(false);
    expect(explanationOf(finding, [{ ...listed, differs: 'value' }])).toBeUndefined();
    expect(explanationOf(finding, [{ ...listed, library: 'redis' }])).toBeUndefined();
    expect(describeFinding(finding)).toContain("{ library: 'pg', attribute: 'db.query.text', differs: 'missing', operations: ['q'], reason: '…' }");
  });

  it('explains by library, attribute (prefix with *), kind of difference and operation', () => {
    expect(explanationOf(finding, [listed])).toBe(listed);
    const code = { ...finding, attribute: 'code.line.number', differs: 'extra', official: undefined, ours: 3 } as const;
    expect(explanationOf(code, [{ library: '*', attribute: 'code.*', differs: 'extra', reason: 'r' }])).toBeDefined();
    expect(explanationOf({ ...finding, operation: 'other' }, [listed])).toBeUndefined();
  });

  it('finds entries and listed operations no finding needs any more', () => {
    expect(unusedEntries([listed], [finding])).toEqual(['["pg","mysql2"] db.query.text missing: operation r no longer differs']);
    expect(unusedEntries([listed], [])).toHaveLength(3);
  });
});
