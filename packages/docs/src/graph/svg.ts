import { html, type Html } from '../html.ts';
import { layoutGraph, type EdgeRoute, type NodeBox } from './layout.ts';
import { compare, type GraphEdge, type GraphNode, type InteractionGraph } from './model.ts';

/** The interaction styles in their order of the slides (one-to-one before one-to-many, sync before async); others after, by name. */
export const KNOWN_STYLES = [
  'request-response',
  'async-request-response',
  'one-way-notification',
  'publish-subscribe',
  'publish-async-responses',
];

/** How many colours `graph.css` defines for styles (`g-s0` … `g-s7`). */
const PALETTE = 8;

/** The styles of a graph in legend order, each with its colour class (`g-s0` …). */
export function styleClasses(graph: InteractionGraph): Map<string, string> {
  const present = new Set(graph.edges.map((e) => e.style));
  const known = KNOWN_STYLES.filter((s) => present.has(s));
  const others = [...present].filter((s) => !KNOWN_STYLES.includes(s)).sort(compare);
  return new Map([...known, ...others].map((s, i) => [s, `g-s${i % PALETTE}`]));
}

/** How an edge is drawn: solid for HTTP, dashed for a message, dotted for a reply. */
export const DASHES: Record<'http' | 'message' | 'reply', string | null> = { http: null, message: '7 5', reply: '2 4' };
export const dashOf = (edge: Pick<GraphEdge, 'transport' | 'reply'>) => DASHES[edge.reply ? 'reply' : edge.transport];

/** `Clients → gateway`: the node labels of an edge's ends. */
export function describeEdge(graph: InteractionGraph, edge: GraphEdge, number: number): string {
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const transport = edge.reply ? 'reply message' : edge.transport === 'http' ? 'HTTP' : 'message';
  return `${number}. ${label(edge.from)} → ${label(edge.to)}, ${transport}, ${edge.label}: ${edge.operations.join(', ')}.`;
}

/**
 * The interaction graph as an SVG drawing, laid out by `layoutGraph`: nodes as rounded boxes
 * linking to their API page, edges as curves with arrowheads coloured by interaction style
 * (solid HTTP, dashed messages, dotted replies), each with a numbered label linking to its row of
 * the system page's table (`#edge-N`). Accessible (`role="img"`, a title, and a description that
 * lists every edge) and fit for a strict CSP: no `style` attribute or element, only presentation
 * attributes and the classes `graph.css` styles. Every name and label is escaped.
 */
export function renderGraphSvg(graph: InteractionGraph): Html {
  const layout = layoutGraph(graph);
  const classes = styleClasses(graph);
  const [x, y, width, height] = layout.viewBox;
  const services = graph.nodes.filter((n) => n.kind === 'service' || n.kind === 'gateway').length;
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="graph" viewBox="${x} ${y} ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="graph-title graph-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13">
<title id="graph-title">Interaction graph: ${services} service${services === 1 ? '' : 's'}, ${graph.edges.length} interaction${graph.edges.length === 1 ? '' : 's'}</title>
<desc id="graph-desc">${graph.edges.map((e, i) => describeEdge(graph, e, i + 1)).join(' ')}</desc>
<defs>
${[...new Set(classes.values())].map(
  (c) =>
    html`<marker id="graph-arrow-${c}" class="g-arrow ${c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L10,5L0,10z" fill="#4b5563"/></marker>\n`,
)}</defs>
<g class="g-edges">
${layout.edges.map((r) => renderEdge(graph, r, classes))}</g>
<g class="g-nodes">
${layout.nodes.map((n) => renderNode(graph.nodes.find((g) => g.id === n.id)!, n))}</g>
<g class="g-labels">
${layout.edges.map((r) => renderLabel(graph.edges[r.index]!, r, classes))}</g>
</svg>`;
}

function renderEdge(graph: InteractionGraph, route: EdgeRoute, classes: Map<string, string>): Html {
  const edge = graph.edges[route.index]!;
  const colour = classes.get(edge.style)!;
  const [p0, p1, p2] = route.points;
  const dash = dashOf(edge);
  return html`<g class="g-edge g-${edge.reply ? 'reply' : edge.transport} ${colour}"><title>${describeEdge(graph, edge, route.index + 1)}</title><path d="M${p0.x},${p0.y} Q${p1.x},${p1.y} ${p2.x},${p2.y}" fill="none" stroke="#4b5563" stroke-width="1.6"${
    dash ? html` stroke-dasharray="${dash}"` : ''
  } marker-end="url(#graph-arrow-${colour})"/></g>\n`;
}

function renderNode(node: GraphNode, box: NodeBox): Html {
  const title = `${node.label}${node.kind === 'gateway' ? ' (gateway)' : ''}${node.members ? `: ${node.members.join(', ')}` : ''}`;
  const shape = html`<g class="g-node g-${node.kind}"><title>${title}</title><rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="${node.kind === 'client' || node.kind === 'external' ? 20 : 8}" fill="#ffffff" stroke="#1f2937" stroke-width="1.5"${
    node.kind === 'external' ? html` stroke-dasharray="4 3"` : ''
  }/><text x="${box.x + box.width / 2}" y="${box.y + box.height / 2}" text-anchor="middle" dominant-baseline="central" fill="#111827">${box.text}</text></g>`;
  return node.href ? html`<a href="${node.href}">${shape}</a>\n` : html`${shape}\n`;
}

function renderLabel(edge: GraphEdge, route: EdgeRoute, classes: Map<string, string>): Html {
  const { x, y, width, height, text } = route.label;
  return html`<a href="#edge-${route.index + 1}"><g class="g-label ${classes.get(edge.style)!}"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4" fill="#ffffff" stroke="#4b5563"/><text x="${x + width / 2}" y="${y + height / 2}" text-anchor="middle" dominant-baseline="central" font-size="12" fill="#111827">${text}</text></g></a>\n`;
}
