import { beforeAll, describe, expect, test } from 'vitest';
import { buildInteractionGraph, type GraphEdge, type InteractionGraph } from '../src/graph/model.ts';
import type { SiteApi } from '../src/site.ts';
import { loadRepositoryApis, siteApi } from './graph-fixture.ts';

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
