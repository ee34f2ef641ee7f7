import { describe, expect, test } from 'vitest';
import { escapeHtml, renderHtml } from '../../src/waterfall/renderHtml.js';
import { REQUEST, span } from './spans.js';

describe('renderHtml', () => {
  test('escapes every character that could open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  test('span data cannot inject markup: names, attribute keys and values, status messages', () => {
    const evil = '<script>alert(1)</script>"\'';
    const page = renderHtml([span({ spanId: 'e', name: evil, status: { code: 'error', message: evil }, attributes: { [evil]: evil, 'http.route': evil } })], { title: evil });
    expect(page).not.toContain('<script>alert');
    expect(page.match(/<script>/g)).toHaveLength(1); // the page's own toggle script
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;');
  });

  test('nests spans as list items under their parent, with bars in percent, and loads nothing', () => {
    const page = renderHtml(REQUEST, { title: 'demo' });
    expect(page).toMatch(/<li class="span kind-client" data-name="GET" data-span-id="c"[^>]*>.*<ul><li class="span kind-server" data-name="GET \/stock\/:sku"/s);
    expect(page).toContain('style="left:40.00%;width:50.00%"');
    expect(page).toContain('<section class="trace failed" data-trace-id="t2">');
    expect(page).not.toMatch(/\b(src|href)=|@import|url\(/);
  });
});
