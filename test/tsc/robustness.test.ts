/**
 * Bad input never crashes the build: a file the matcher cannot handle is
 * emitted unchanged with a warning naming it, and a file that is already
 * instrumented is left alone (idempotent).
 */
import { describe, expect, test, vi } from 'vitest';
import { compileProject } from '../helpers/compile.js';

vi.mock('../../src/transformer/match/matchCallSites.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/transformer/match/matchCallSites.js')>();
  return {
    ...real,
    matchCallSites: (sf: import('typescript').SourceFile, options: Parameters<typeof real.matchCallSites>[1]) => {
      if (sf.fileName.endsWith('explodes.ts')) throw new Error('simulated matcher failure');
      return real.matchCallSites(sf, options);
    },
  };
});

describe('robustness', () => {
  test('a file the matcher cannot handle is emitted unchanged with a warning naming it', () => {
    const out = compileProject({
      name: 'robust-explodes',
      files: { 'explodes.ts': "export const a = () => fetch('http://a');\n", 'fine.ts': "export const b = () => fetch('http://b');\n" },
    });
    expect(out.errors).toEqual([]);
    expect(out.outputs['out/explodes.js']).not.toContain('__tw');
    expect(out.outputs['out/fine.js']).toContain('__tw.call1(');
    expect(out.stderr).toContain('explodes.ts(1,1): warning TW99002: [tracewright] could not instrument this file, it is emitted unchanged: simulated matcher failure');
    // The summary counts the file and the warning it printed.
    expect(out.stderr).toContain('[tracewright] 1 site instrumented in 1 of 2 files; 0 skipped; 1 warning\n');
  });

  test('an already instrumented file is left alone', () => {
    const first = compileProject({ name: 'robust-once', files: { 'a.ts': "export const a = () => fetch('http://a');\n" }, compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } });
    const again = compileProject({ name: 'robust-twice', files: { 'a.js': first.outputs['out/a.js']! }, compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } });
    expect(again.outputs['out/a.js']).toBe(first.outputs['out/a.js']);
    expect(again.stderr).toContain('0 sites instrumented in 0 of 0 files');
  });

  test('a file that only mentions the site function in a comment is instrumented (found by the silence audit)', () => {
    const out = compileProject({
      name: 'robust-mention', compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' },
      files: { 'a.ts': "/** Emits `function __tw_site(i) { … }`. */\nexport const a = () => fetch('http://a');\n" },
    });
    expect(out.outputs['out/a.js']).toContain('__tw.call1(');
  });
});
