/**
 * The HTML waterfall: one self-contained page (inline CSS and a few lines of
 * inline JS, nothing fetched) that a browser opens offline. Spans are nested
 * list items (`li.span` inside its parent's `ul`), so the DOM carries the
 * tree, while the rows all share one time axis (only names are indented); every text that comes from span data goes through {@link escapeHtml}.
 * @internal
 */
import type { SpanData } from './spanData.js';
import { spanFacts } from './spanFacts.js';
import { buildTraces, type SpanNode, type Trace } from './spanTree.js';
import { barPercent, formatDuration } from './timeline.js';

/** Options of {@link renderHtml}. @internal */
export interface HtmlOptions {
  /** The page title. */
  title: string;
  /** One line under the title (what produced the traces). */
  subtitle?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe inside HTML text and double- or single-quoted attributes. @internal */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#fafbfc}
h1{font-size:20px;margin:0 0 4px}.subtitle{color:#5a6475;margin:0 0 20px}
section.trace{background:#fff;border:1px solid #d8dde6;border-radius:6px;margin:0 0 18px;padding:10px 14px}
.trace h2{font-size:15px;margin:0 0 8px}.trace h2 .meta{color:#5a6475;font-weight:normal;margin-left:8px}
.trace.failed h2::after{content:"error";color:#fff;background:#c62828;border-radius:3px;padding:0 6px;margin-left:8px;font-size:12px}
ul.tree,ul.tree ul{list-style:none;margin:0;padding:0}
.row{display:grid;grid-template-columns:minmax(260px,34%) 70px 1fr 80px;gap:8px;align-items:center;padding:2px 0;cursor:pointer;border-top:1px solid #f0f2f5}
.row:hover{background:#f3f6fb}.name{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-weight:500}
.kind{font-size:12px;color:#5a6475}.axis{position:relative;height:14px;background:#f0f2f5;border-radius:2px}
.bar{position:absolute;top:2px;height:10px;border-radius:2px;min-width:2px}
.kind-server .bar{background:#2e7d32}.kind-client .bar{background:#1565c0}.kind-internal .bar{background:#f9a825}
.kind-producer .bar{background:#6a1b9a}.kind-consumer .bar{background:#00838f}.error>.row .bar{background:#c62828}
.error>.row .name{color:#c62828}.duration{text-align:right;font-variant-numeric:tabular-nums;color:#333}
.facts{display:none;margin:2px 0 6px 8px;font-size:12px;color:#333}.open>.facts{display:block}
.facts code{background:#f0f2f5;padding:0 3px;border-radius:2px}.facts .site{color:#00838f}.facts .err{color:#c62828}
.keys{grid-column:1/-1;font-size:12px;color:#5a6475}.keys .site{color:#00838f}
`;

// Toggles a row's full attribute list: the only script, no data in it.
const JS = `document.addEventListener('click',function(e){var row=e.target.closest('.row');if(row)row.parentElement.classList.toggle('open');});`;

/** The whole page for the traces of `spans`. @internal */
export function renderHtml(spans: readonly SpanData[], options: HtmlOptions): string {
  const traces = buildTraces(spans);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(options.title)}</h1>${options.subtitle ? `<p class="subtitle">${escapeHtml(options.subtitle)}</p>` : ''}
${traces.map(renderTrace).join('\n')}
<script>${JS}</script></body></html>
`;
}

function renderTrace(trace: Trace): string {
  const root = trace.roots[0]!.span;
  const failed = containsError(trace.roots);
  return `<section class="trace${failed ? ' failed' : ''}" data-trace-id="${escapeHtml(trace.traceId)}">
<h2>${escapeHtml(root.name)}<span class="meta">${escapeHtml(formatDuration(trace.endMs - trace.startMs))} · ${trace.spanCount} span${trace.spanCount === 1 ? '' : 's'} · trace ${escapeHtml(trace.traceId)}</span></h2>
<ul class="tree">${trace.roots.map((node) => renderNode(node, trace)).join('')}</ul>
</section>`;
}

function containsError(nodes: readonly SpanNode[]): boolean {
  return nodes.some((n) => n.span.status.code === 'error' || containsError(n.children));
}

function renderNode(node: SpanNode, trace: Trace): string {
  const { span } = node;
  const facts = spanFacts(span);
  const { left, width } = barPercent(span, trace);
  const classes = ['span', `kind-${span.kind}`, ...(facts.error ? ['error'] : []), ...(node.missingParent ? ['orphan'] : [])];
  const keys = [
    ...facts.attributes.map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`),
    ...(facts.callSite ? [`<span class="site">@ ${escapeHtml(facts.callSite)}</span>`] : []),
  ];
  const all = Object.entries(span.attributes).map(([k, v]) => `<div><code>${escapeHtml(k)}</code> ${escapeHtml(String(v))}</div>`);
  return `<li class="${classes.join(' ')}" data-name="${escapeHtml(span.name)}" data-span-id="${escapeHtml(span.spanId)}" data-kind="${span.kind}">`
    // Depth indents the name only: every bar of a trace shares one time axis.
    + `<div class="row"><span class="name" style="padding-left:${node.depth * 16}px" title="${escapeHtml(span.name)}">${escapeHtml(span.name)}</span><span class="kind">${span.kind}</span>`
    + `<span class="axis"><span class="bar" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></span></span>`
    + `<span class="duration">${escapeHtml(formatDuration(span.endMs - span.startMs))}</span>`
    + (keys.length > 0 ? `<span class="keys" style="padding-left:${4 + node.depth * 16}px">${keys.join(' · ')}</span>` : '')
    + `</div><div class="facts">${span.service ? `<div>service <code>${escapeHtml(span.service)}</code></div>` : ''}`
    + (facts.error ? `<div class="err">✗ ${escapeHtml(facts.error)}</div>` : '')
    + (node.missingParent ? '<div>parent span not received</div>' : '')
    + `${all.join('')}</div>`
    + (node.children.length > 0 ? `<ul>${node.children.map((c) => renderNode(c, trace)).join('')}</ul>` : '')
    + '</li>';
}
