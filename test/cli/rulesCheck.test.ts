/**
 * `tracewright rules check` through the real binary: what it prints for valid
 * and invalid JSON and YAML rule files, and its exit codes (0 valid, 1 invalid
 * or missing, 2 wrong usage).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { TMP } from '../bundlers/package.js';
import { cliBinary, runCli } from './binary.js';

const DIR = join(TMP, 'cli/rules-check');
const files: Record<string, string> = {
  'ok.json': JSON.stringify({ $schema: './node_modules/tracewright/schema/rules.schema.json', rules: [
    { id: 'db.query', join: 'method', module: 'pg', class: ['Client'], name: 'query', span: { kind: 'client' } },
    { id: 'app.svc', join: 'function', module: './src/services/**', name: 'handle*' },
  ] }, null, 2),
  'ok.yaml': '# yaml-language-server: $schema=./node_modules/tracewright/schema/rules.schema.json\n- id: db.query\n  join: method\n  module: pg\n  class: Client\n  name: query\n',
  'bad.yaml': [
    '- id: db.query',
    '  join: method',
    '  module: pg',
    '  class: Client',
    '  name: query',
    '  span:',
    '    kind: clinet',
    '- id: app.svc',
    '  join: call',
    '  module: src/services/**',
    '  export: "*"',
    '',
  ].join('\n'),
  'broken.json': '[\n  { "id": "a.b" "join": "call" }\n]\n',
};

let bin: string;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(DIR, name), text);
  bin = await cliBinary();
}, 600_000);

describe('tracewright rules check', () => {
  test('valid JSON and YAML files: one OK line each, exit 0', async () => {
    const result = await runCli(bin, DIR, ['rules', 'check', 'ok.json', 'ok.yaml']);
    expect(result).toEqual({ code: 0, stdout: 'ok.json: 2 rules OK\nok.yaml: 1 rule OK\n', stderr: '' });
  });

  test('each problem as FILE:LINE:COL: error: with rule id and field, exit 1', async () => {
    const result = await runCli(bin, DIR, ['rules', 'check', 'bad.yaml']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe([
      'bad.yaml:7:11: error: rule "db.query": field "span.kind": "clinet" is not a span kind; did you mean "client"?',
      'bad.yaml:10:11: error: rule "app.svc": field "module": "src/services/**" is a glob but not a project glob, which starts with "./"; write "./src/services/**" (resolved from the project root)',
      '',
    ].join('\n'));
  });

  test('a syntax error, a missing file: an error line each, exit 1, the valid file still checked', async () => {
    const result = await runCli(bin, DIR, ['rules', 'check', 'broken.json', 'ok.jsn', 'ok.json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('ok.json: 2 rules OK\n');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^broken\.json:2:17: error: not valid JSON: .+; fix the JSON syntax$/);
    expect(lines[1]).toBe(`ok.jsn: error: rule file ok.jsn (relative to the current directory) does not exist: no ok.jsn in ${DIR}; did you mean "ok.json"?`);
    expect(lines).toHaveLength(2);
  });

  test('wrong usage: did-you-mean for a subcommand, exit 2', async () => {
    expect(await runCli(bin, DIR, ['rules', 'chek', 'ok.json'])).toEqual({ code: 2, stdout: '', stderr: 'tracewright rules: unknown subcommand "chek"; did you mean "check"?\n' });
    const bare = await runCli(bin, DIR, ['rules', 'check']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: tracewright rules check FILE...');
  });
});
