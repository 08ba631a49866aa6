import { beforeAll, describe, expect, test } from 'vitest';
import { buildInteractionGraph, type GraphEdge, type InteractionGraph } from '../src/graph/model.ts';
import { layoutGraph } from '../src/graph/layout.ts';
import { renderSystemPage } from '../src/pages/system.ts';
import type { Site, SiteApi } from '../src/site.ts';
import { loadRepositoryApis, siteApi, xmlProblem } from './graph-fixture.ts';

let apis: SiteApi[];
let graph: InteractionGraph;

beforeAll(async () => {
  apis = await loadRepositoryApis();
  graph = buildInteractionGraph(apis);
});

const find = (g: InteractionGraph, from: string, to: string, want: Partial<GraphEdge>) =>
  g.edges.filter((e) => e.from === from && e.to === to && Object.entries(want).every(([k, v]) => e[k as keyof GraphEdge] === v));

describe('the interaction graph of the repository contracts', () => {
  test('a node per service, the gateway, the clients and the outside receivers', () => {
    expect(graph.nodes.map((n) => [n.id, n.kind])).toEqual([
      ['(clients)', 'client'],
      ['(internal clients)', 'client'],
      ['accounts', 'service'],
      ['delivery', 'service'],
      ['delivery-history', 'service'],
      ['delivery-scheduler', 'service'],
      ['drone-management', 'service'],
      ['gateway', 'gateway'],
      ['package', 'service'],
      ['(outside receivers)', 'external'],
    ]);
    expect(graph.nodes.find((n) => n.id === 'delivery')?.href).toBe('apis/delivery/openapi.html');
    expect(graph.nodes.find((n) => n.id === '(clients)')?.members).toEqual(['mobile-apps', 'partner-integrations', 'shipper-portal']);
  });

  test.each<[string, string, string, Partial<GraphEdge>, string]>([
    [
      'routing',
      'gateway',
      'delivery-scheduler',
      { transport: 'http', style: 'async-request-response', pattern: 'gateway' },
      'scheduleDelivery',
    ],
    ['routing', 'gateway', 'delivery', { transport: 'http', style: 'request-response', pattern: 'gateway' }, 'getDeliveryStatus'],
    ['composition', 'gateway', 'drone-management', { transport: 'http', pattern: 'api-composition' }, 'getDronePosition'],
    ['composition', 'gateway', 'delivery-history', { transport: 'http', pattern: 'api-composition' }, 'listDeliveryEvents'],
    ['clients', '(clients)', 'gateway', { transport: 'http', pattern: 'gateway' }, 'getDeliveryStatus'],
    ['internal tools', '(internal clients)', 'accounts', { transport: 'http', style: 'request-response' }, 'getAccount'],
    ['planning consumer', 'delivery-scheduler', 'drone-management', { transport: 'http', pattern: 'circuit-breaker' }, 'getDronePosition'],
    ['planning consumer', 'delivery-scheduler', 'accounts', { transport: 'http', style: 'request-response' }, 'getAccount'],
    [
      'public orchestration',
      '(clients)',
      'delivery-scheduler',
      { style: 'async-request-response', pattern: 'orchestration' },
      'scheduleDelivery',
    ],
    [
      'events',
      'drone-management',
      'delivery',
      { transport: 'message', style: 'publish-subscribe', pattern: 'choreography' },
      'drone.{droneId}.status',
    ],
    ['events', 'delivery', 'delivery-history', { transport: 'message', style: 'publish-subscribe' }, 'delivery.{deliveryId}.events'],
    ['request', 'delivery-scheduler', 'drone-management', { transport: 'message', pattern: 'orchestration' }, 'drone.assignment.requests'],
    ['reply', 'drone-management', 'delivery-scheduler', { style: 'async-request-response', reply: true }, 'drone.assignment.replies'],
    [
      'async responses',
      'drone-management',
      'delivery-scheduler',
      { style: 'publish-async-responses', reply: true },
      'fleet.quote.{quoteRequestId}.responses',
    ],
    ['unreceived', 'delivery', '(outside receivers)', { style: 'one-way-notification' }, 'notifications.send'],
  ])('%s: %s → %s', (_name, from, to, want, operation) => {
    const edges = find(graph, from, to, want);
    expect(edges.flatMap((e) => e.operations)).toContain(operation);
  });

  test('the gateway routes precisely: no edge to an upstream operation it does not name', () => {
    expect(find(graph, 'gateway', 'drone-management', {}).flatMap((e) => e.operations)).toEqual(['getDronePosition']);
    expect(graph.edges.flatMap((e) => e.operations)).not.toContain('getDeliveryLocation'); // retired
  });

  test('links to the operations in the API pages', () => {
    const [edge] = find(graph, 'gateway', 'package', { pattern: 'api-composition' });
    expect(edge?.refs).toEqual([
      {
        from: { operationId: 'getDeliveryOverview', href: 'apis/gateway/openapi.html#op-getDeliveryOverview' },
        to: { operationId: 'getPackage', href: 'apis/package/openapi.html#op-getPackage' },
      },
    ]);
    const [events] = find(graph, 'delivery', 'delivery-history', { transport: 'message' });
    expect(events?.refs[0]?.to?.href).toBe('apis/delivery-history/asyncapi.html#op-receiveDeliveryEvents');
  });

  test('every interaction style and pattern of the contracts is on an edge', () => {
    const styles = new Set<string>();
    const patterns = new Set(['gateway', 'api-composition', 'circuit-breaker', 'orchestration', 'choreography']);
    for (const api of apis) {
      const ops = api.ir?.kind === 'openapi' ? api.ir.api.operations : api.ir?.kind === 'asyncapi' ? api.ir.messaging.operations : [];
      for (const op of ops) if (op.interactionStyle) styles.add(op.interactionStyle);
      for (const match of JSON.stringify(api.ir?.kind === 'openapi' ? api.ir.api.document : api.ir?.messaging.document).matchAll(
        /"x-pattern":"([^"]+)"/g,
      ))
        patterns.add(match[1]!);
    }
    expect(styles.size).toBe(5);
    expect(new Set(graph.edges.map((e) => e.style))).toEqual(styles);
    expect(new Set(graph.edges.flatMap((e) => (e.pattern ? [e.pattern] : [])))).toEqual(patterns);
  });

  test('one edge per (from, to, transport, style, pattern, reply), with every operation behind it', () => {
    const keys = graph.edges.map((e) => JSON.stringify([e.from, e.to, e.transport, e.style, e.pattern, e.reply]));
    expect(new Set(keys).size).toBe(keys.length);
    const [positions] = find(graph, 'drone-management', 'delivery', { transport: 'message' });
    expect(positions?.operations).toEqual(['drone.{droneId}.position', 'drone.{droneId}.status']);
    expect(positions?.refs.map((r) => r.from?.operationId)).toEqual(['publishDronePosition', 'publishDroneStatusChanged']);
  });

  test('the same graph whatever order the APIs come in', () => {
    expect(JSON.stringify(buildInteractionGraph([...apis].reverse()))).toBe(JSON.stringify(graph));
  });

  test('a broken contract adds its service and nothing else', () => {
    const broken = apis.map((a) =>
      a.path === 'delivery/asyncapi.yaml' ? siteApi(a.path, undefined, 'delivery/asyncapi.yaml:1:1: bad') : a,
    );
    broken.push(siteApi('orders/openapi.yaml', undefined, 'orders/openapi.yaml:3:1: bad'));
    const g = buildInteractionGraph(broken);
    expect(g.nodes.find((n) => n.id === 'orders')).toEqual({
      id: 'orders',
      label: 'orders',
      kind: 'service',
      href: 'apis/orders/openapi.html',
    });
    expect(g.edges.some((e) => e.from === 'orders' || e.to === 'orders')).toBe(false);
    expect(find(g, 'delivery', 'delivery-history', { transport: 'message' })).toEqual([]);
    expect(find(g, 'drone-management', 'delivery', { transport: 'message' })).toEqual([]);
    expect(find(g, 'gateway', 'delivery', { pattern: 'gateway' })).toHaveLength(1);
  });
});

describe('the system page of the repository contracts', () => {
  const site = (): Site => ({ today: '2026-09-01', apis, graph, consumers: { pacts: null, broker: null }, title: 'apilife' });

  test('the graph, a legend of every style and pattern, a row per edge linking to its operations', () => {
    const page = renderSystemPage(site());
    const svg = /<svg xmlns[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    expect(xmlProblem(svg)).toBeNull();
    expect(page).toContain('<a href="system.html" aria-current="page">System</a>');
    expect(page).not.toMatch(/\sstyle=/);
    const legend = page.slice(page.indexOf('id="graph-legend"'), page.indexOf('id="graph-interactions"'));
    for (const name of [
      'request-response',
      'async-request-response',
      'one-way-notification',
      'publish-subscribe',
      'publish-async-responses',
      'gateway',
      'api-composition',
      'circuit-breaker',
      'orchestration',
      'choreography',
      'Outside receivers',
    ])
      expect(legend).toContain(`${name}</dt>`);
    const rows = [...page.matchAll(/<tr id="edge-(\d+)">/g)].map((m) => Number(m[1]));
    expect(rows).toEqual(graph.edges.map((_, i) => i + 1));
    expect(page).toContain(
      '<a href="apis/gateway/openapi.html#op-getDeliveryOverview"><code>getDeliveryOverview</code></a> → <a href="apis/package/openapi.html#op-getPackage"><code>getPackage</code></a>',
    );
    expect(page).toContain('on <code>drone.assignment.replies</code>');
    expect(page).toContain('<small>notification-workers</small>');
  });

  test('names the contracts it could not read', () => {
    const broken = siteApi('orders/openapi.yaml', undefined, 'orders/openapi.yaml:3:1: bad');
    const page = renderSystemPage({ ...site(), apis: [...apis, broken], graph: buildInteractionGraph([...apis, broken]) });
    expect(page).toContain('could not be read: <a href="apis/orders/openapi.html">orders/openapi.yaml</a>');
  });

  test('the drawing: no label covers a node, no two nodes overlap', () => {
    const layout = layoutGraph(graph);
    const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const route of layout.edges)
      for (const node of layout.nodes) expect(overlap(route.label, node), `${route.label.text} on ${node.id}`).toBe(false);
    for (const [i, a] of layout.nodes.entries()) for (const b of layout.nodes.slice(i + 1)) expect(overlap(a, b)).toBe(false);
  });
});
