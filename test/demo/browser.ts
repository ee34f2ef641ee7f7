/**
 * Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * for the HTML waterfall, with a fresh profile and no network features. When
 * the browser is missing the test is skipped with a message naming it; under
 * CI=true that is a failure instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A page showing `file`, with the URLs it requested and `close()` (the browser too). */
export type OpenPage = Page & { requestedUrls: string[]; close(): Promise<void> };

/** Opens `file`; undefined (test skipped, reason given) when Chromium is missing outside CI. */
export async function openPage(file: string, ctx: { skip(note?: string): void }): Promise<OpenPage | undefined> {
  if (!existsSync(CHROMIUM)) {
    const message = `chromium is not installed at ${CHROMIUM}: the HTML waterfall is not checked in a browser`;
    if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure, not a skip`);
    console.warn(`[skipped] ${message}`);
    ctx.skip(message);
    return undefined;
  }
  const profile = mkdtempSync(join(tmpdir(), 'tracewright-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
  const page = (context.pages()[0] ?? (await context.newPage())) as OpenPage;
  page.requestedUrls = [];
  page.on('request', (request) => page.requestedUrls.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  const closePage = page.close.bind(page);
  page.close = async () => {
    await closePage().catch(() => {});
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return page;
}
