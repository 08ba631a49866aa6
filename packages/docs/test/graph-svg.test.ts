import { describe, expect, test } from 'vitest';
import { layoutGraph } from '../src/graph/layout.ts';
import type { GraphEdge, InteractionGraph } from '../src/graph/model.ts';
import { renderGraphSvg } from '../src/graph/svg.ts';
import { xmlProblem } from './graph-fixture.ts';

const edge = (from: string, to: string, transport: GraphEdge['transport'], style: string, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  from,
  to,
  transport,
  style,
  label: style,
  operations: ['op'],
  refs: [{ to: { operationId: 'op', href: `apis/${to}/openapi.html#op-op` } }],
  ...extra,
});

const HOSTILE = '<script>alert(1)</script>"\'&';

const graph: InteractionGraph = {
  nodes: [
    { id: '(clients)', label: 'Clients', kind: 'client' },
    { id: 'api', label: 'api', kind: 'gateway', href: 'apis/api/openapi.html' },
    { id: 'orders', label: 'orders', kind: 'service', href: 'apis/orders/openapi.html' },
    { id: HOSTILE, label: HOSTILE, kind: 'service', href: `apis/x/"onmouseover=alert(1)/openapi.html` },
  ],
  edges: [
    edge('(clients)', 'api', 'http', 'request-response', { pattern: 'gateway' }),
    edge('api', 'orders', 'http', 'request-response', { pattern: 'gateway' }),
    edge('api', 'orders', 'http', 'async-request-response', { pattern: 'api-composition' }),
    edge('orders', HOSTILE, 'message', `${HOSTILE}style`, { pattern: `<img src=x onerror=alert(1)>` }),
    edge(HOSTILE, 'orders', 'message', `${HOSTILE}style`, { reply: true }),
  ],
};

describe('renderGraphSvg', () => {
  const svg = renderGraphSvg(graph).value;

  test('well-formed, one svg element', () => {
    expect(xmlProblem(svg)).toBeNull();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(xmlProblem('<svg><g></svg>')).not.toBeNull(); // the check can fail
  });

  test('accessible: role img, labelled by its title and description', () => {
    expect(svg).toMatch(/<svg [^>]*role="img" aria-labelledby="graph-title graph-desc"/);
    expect(svg).toContain('<title id="graph-title">Interaction graph: 3 services, 5 interactions</title>');
    expect(svg).toMatch(/<desc id="graph-desc">1\. Clients → api, HTTP, request-response: op\. /);
  });

  test('no inline style: no style attribute, no style element', () => {
    expect(svg).not.toMatch(/\sstyle=/);
    expect(svg).not.toMatch(/<style/);
  });

  test('hostile names and labels are text, never markup', () => {
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('"onmouseover');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  test('solid HTTP, dashed messages, dotted replies, with arrowheads; nodes link to their API', () => {
    const paths = [...svg.matchAll(/<g class="g-edge ([^"]+)">.*?<path ([^>]*)\/>/g)].map((m) => [
      m[1],
      /stroke-dasharray="([^"]+)"/.exec(m[2]!)?.[1],
    ]);
    expect(paths).toEqual([
      ['g-http g-s0', undefined],
      ['g-http g-s0', undefined],
      ['g-http g-s1', undefined],
      ['g-message g-s2', '7 5'],
      ['g-reply g-s2', '2 4'],
    ]);
    expect(svg.match(/marker-end="url\(#graph-arrow-g-s\d\)"/g)).toHaveLength(5);
    expect(svg).toContain('<a href="apis/orders/openapi.html"><g class="g-node g-service">');
    expect(svg).toContain('<a href="#edge-2"><g class="g-label g-s0">');
  });

  test('deterministic: the same graph, the same bytes', () => {
    expect(renderGraphSvg(structuredClone(graph)).value).toBe(svg);
  });

  test('an empty graph is still a drawing', () => {
    const empty = renderGraphSvg({ nodes: [], edges: [] }).value;
    expect(xmlProblem(empty)).toBeNull();
    expect(empty).toContain('viewBox="0 0 200 60"');
  });
});

describe('layoutGraph', () => {
  test('clients above the gateway above the services; no box overlaps another', () => {
    const layout = layoutGraph(graph);
    const layer = (id: string) => layout.nodes.find((n) => n.id === id)!.layer;
    expect([layer('(clients)'), layer('api'), layer('orders')]).toEqual([0, 1, 2]);
    const boxes = layout.nodes;
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
  });
});
