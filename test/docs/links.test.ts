/**
 * The README and docs/ link each other after the README's long sections moved into docs/: every
 * relative link must name a file that exists and, with `#anchor`, a heading of that file (GitHub's
 * slugs), so moving a section again cannot leave a dead link behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../bundlers/package.js';

/** Pages other work in flight writes (issue 12: the CLI, configuration and demo); linked before they land. */
const PENDING = new Set(['docs/cli.md', 'docs/configuration.md', 'docs/demo.md']);

const pages = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replaceAll(' ', '-');

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(join(REPO, page), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1]!)));
}

/** Relative links of a page outside code blocks and code spans. */
function linksOf(page: string): string[] {
  const text = readFileSync(join(REPO, page), 'utf8').replace(/^```[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((link) => !/^[a-z]+:/.test(link));
}

describe('links between the README and docs/', () => {
  it.each(pages)('%s links only to files and headings that exist', (page) => {
    const dead: string[] = [];
    for (const link of linksOf(page)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path ? relative(REPO, normalize(join(REPO, dirname(page), path))) : page;
      if (!existsSync(join(REPO, target))) {
        if (!PENDING.has(target)) dead.push(`${link} (no file ${target})`);
      } else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) {
        dead.push(`${link} (no heading #${anchor} in ${target})`);
      }
    }
    expect(dead).toEqual([]);
  });

  it('slugs headings the way GitHub does', () => {
    expect(slug('Register an OpenTelemetry SDK')).toBe('register-an-opentelemetry-sdk');
    expect(slug('vite, esbuild, rollup, webpack, rspack')).toBe('vite-esbuild-rollup-webpack-rspack');
    expect(slug('Metric: `db.client.operation.duration`')).toBe('metric-dbclientoperationduration');
    expect(slug('tsc (ts-patch)')).toBe('tsc-ts-patch');
  });
});
