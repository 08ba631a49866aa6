import { html, type Html } from '../html.ts';
import { renderPage } from '../layout.ts';
import type { EdgeRef, GraphEdge, GraphNode, InteractionGraph, OperationLink } from '../graph/model.ts';
import { DASHES, dashOf, renderGraphSvg, styleClasses } from '../graph/svg.ts';
import type { Site } from '../site.ts';

/** What each interaction style means (seed 000: one-to-one or one-to-many, synchronous or not). */
const STYLES: Record<string, string> = {
  'request-response': 'Synchronous, one to one: the caller waits for the answer.',
  'async-request-response':
    'Asynchronous, one to one: the request is accepted at once and the answer comes later (a status to poll, or a reply message).',
  'one-way-notification': 'Asynchronous, one to one: fire and forget, no reply is expected.',
  'publish-subscribe': 'Asynchronous, one to many: every subscriber receives each event published.',
  'publish-async-responses': 'Asynchronous, one to many: one request published, the replies of any number of receivers collected.',
  unspecified: 'The contract names no interaction style (x-interaction-style).',
};

/** What each pattern means (seed 002); shown after the number on an edge's label. */
const PATTERNS: Record<string, string> = {
  gateway: 'A single entry point forwards each request to the service that owns it (x-upstream).',
  'api-composition': 'One call answered by calling several services and merging their results (x-composes).',
  'circuit-breaker': 'Calls stop while the provider fails, so a failure does not cascade.',
  orchestration: 'A central service drives the steps of a process and waits for their outcome.',
  choreography: 'Services react to each other’s events, with no one in charge.',
};

const PARTIES: { test: (n: GraphNode) => boolean; name: string; text: string }[] = [
  { test: (n) => n.kind === 'service', name: 'Service', text: 'A folder of the contracts root; its box links to its API.' },
  {
    test: (n) => n.kind === 'gateway',
    name: 'Gateway',
    text: 'The service whose operations route (x-upstream) or compose (x-composes) those of others.',
  },
  {
    test: (n) => n.id === '(clients)',
    name: 'Clients',
    text: 'Callers of a public or partner API from outside the system: its planning consumers that are no service here (anyone, when it names none).',
  },
  {
    test: (n) => n.id === '(internal clients)',
    name: 'Internal clients',
    text: 'Teams and tools an internal API names as planning consumers that are no service here.',
  },
  {
    test: (n) => n.kind === 'external',
    name: 'Outside receivers',
    text: 'A message sent on an address no contract of the system receives on; the table names the receivers the sender’s planning lists, when it lists any.',
  },
];

/**
 * The system page (`system.html`): the interaction graph drawn from the contracts, a legend of its
 * transports, styles, patterns and parties, and a table of every edge with links to the operations
 * behind it in the API pages. Contracts that could not be read are named, not drawn.
 */
export function renderSystemPage(site: Site): string {
  const graph = site.graph;
  const broken = site.apis.filter((a) => !a.ir);
  const body = html`<h1>System</h1>
<p class="graph-lead">How the services talk to each other, from the contracts alone: HTTP calls from the gateway’s routes (x-upstream) and compositions (x-composes) and from each API’s planning consumers; messages by matching the addresses each service sends and receives on. A call known only from the provider’s planning consumers lists every operation the provider serves; the consumer may use fewer.</p>
${
  broken.length > 0
    ? html`<p class="graph-note">Not drawn, their contracts could not be read: ${broken.map((a, i) => html`${i > 0 ? ', ' : ''}<a href="${a.href}">${a.path}</a>`)}.</p>\n`
    : ''
}<figure class="graph-figure">
${renderGraphSvg(graph)}
<figcaption>A box links to the service’s API; a number links to its row of the interactions below.</figcaption>
</figure>
${renderLegend(graph)}
${renderTable(graph)}`;
  return renderPage({ href: 'system.html', title: 'System', siteTitle: site.title, body, section: 'system' });
}

function swatch(colour: string | null, dash: string | null): Html {
  return html`<svg class="g-swatch" width="40" height="12" viewBox="0 0 40 12" aria-hidden="true" focusable="false"><line x1="1" y1="6" x2="39" y2="6"${
    colour ? html` class="${colour}"` : ''
  } stroke="#4b5563" stroke-width="2.5"${dash ? html` stroke-dasharray="${dash}"` : ''}/></svg>`;
}

function renderLegend(graph: InteractionGraph): Html {
  const classes = styleClasses(graph);
  const patterns = [...new Set(graph.edges.flatMap((e) => (e.pattern ? [e.pattern] : [])))].sort();
  const transports = [
    { name: 'HTTP call', dash: DASHES.http, present: graph.edges.some((e) => e.transport === 'http') },
    { name: 'Message', dash: DASHES.message, present: graph.edges.some((e) => e.transport === 'message' && !e.reply) },
    { name: 'Reply message', dash: DASHES.reply, present: graph.edges.some((e) => e.reply) },
  ].filter((t) => t.present);
  const parties = PARTIES.filter((p) => graph.nodes.some(p.test));
  return html`<section class="graph-legend" aria-labelledby="graph-legend">
<h2 id="graph-legend">Legend</h2>
<div class="graph-legend-grid">
<section><h3>Transports</h3><dl>
${transports.map((t) => html`<dt>${swatch(null, t.dash)} ${t.name}</dt>\n`)}</dl></section>
<section><h3>Interaction styles</h3><dl>
${[...classes].map(([style, colour]) => html`<dt>${swatch(colour, null)} ${style}</dt><dd>${STYLES[style] ?? ''}</dd>\n`)}</dl></section>
<section><h3>Patterns</h3><p>After the number on an edge’s label.</p><dl>
${patterns.map((p) => html`<dt>${p}</dt><dd>${PATTERNS[p] ?? ''}</dd>\n`)}</dl></section>
<section><h3>Parties</h3><dl>
${parties.map((p) => html`<dt>${p.name}</dt><dd>${p.text}</dd>\n`)}</dl></section>
</div>
</section>`;
}

function renderTable(graph: InteractionGraph): Html {
  const classes = styleClasses(graph);
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const party = (id: string, edge: GraphEdge, side: 'from' | 'to') => {
    const node = nodes.get(id);
    const name = node?.href ? html`<a href="${node.href}">${node.label}</a>` : (node?.label ?? id);
    const outside = node?.kind === 'client' || node?.kind === 'external';
    const members = outside && edge.parties && (side === 'from') === (node?.kind === 'client') ? edge.parties : [];
    return html`${name}${members.length > 0 ? html`<br><small>${members.join(', ')}</small>` : ''}`;
  };
  return html`<section aria-labelledby="graph-interactions">
<h2 id="graph-interactions">Interactions</h2>
<div class="graph-table-wrap"><table class="graph-table">
<thead><tr><th scope="col">#</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Transport</th><th scope="col">Style</th><th scope="col">Pattern</th><th scope="col">Operations and channels</th></tr></thead>
<tbody>
${graph.edges.map(
  (e, i) =>
    html`<tr id="edge-${i + 1}"><td>${i + 1}</td><td>${party(e.from, e, 'from')}</td><td>${party(e.to, e, 'to')}</td><td>${
      e.reply ? 'message (reply)' : e.transport === 'http' ? 'HTTP' : 'message'
    }</td><td>${swatch(classes.get(e.style) ?? null, dashOf(e))} ${e.style}</td><td>${e.pattern ?? '—'}</td><td><ul class="graph-ops">${e.refs.map((r) => html`<li>${renderRef(r, e)}</li>`)}</ul></td></tr>\n`,
)}</tbody>
</table></div>
</section>`;
}

function renderRef(ref: EdgeRef, edge: GraphEdge): Html {
  const op = (link: OperationLink | undefined) =>
    link ? (link.href ? html`<a href="${link.href}"><code>${link.operationId}</code></a>` : html`<code>${link.operationId}</code>`) : '';
  const ends = ref.from && ref.to ? html`${op(ref.from)} → ${op(ref.to)}` : html`${op(ref.from ?? ref.to)}`;
  const on =
    ref.address !== undefined ? html` on <code>${ref.address}</code>` : edge.transport === 'message' ? ' on a dynamic address' : '';
  return html`${ends}${on}`;
}
