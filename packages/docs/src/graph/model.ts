import type { SiteApi } from '../site.ts';
import { httpPattern, upstreamOf, composesOf } from './extensions.ts';
import { httpInteractions } from './http-edges.ts';
import { messageInteractions } from './message-edges.ts';
import { createGraphContext, type Interaction } from './context.ts';

/**
 * A service of the system (a folder of the contracts root), or a party outside it: the clients in
 * front of the public APIs, the internal tools a contract names as consumers, the receivers of a
 * message no contract receives.
 */
export interface GraphNode {
  id: string;
  label: string;
  kind: 'service' | 'gateway' | 'client' | 'external';
  /** The page of its first API (OpenAPI before AsyncAPI), relative to the site's root. */
  href?: string;
  /** For a `client` or `external` node: the parties the contracts name for it (`mobile-apps`, `notification-workers`). */
  members?: string[];
}

/** An operation at one end of an interaction, with its anchor in its API's page when the contract is in the site. */
export interface OperationLink {
  operationId: string;
  /** `apis/delivery/openapi.html#op-getDelivery`, relative to the site's root. */
  href?: string;
}

/** One operation (or pair of operations) behind an edge: who calls or sends, who answers or receives, and on which address. */
export interface EdgeRef {
  /** The calling or sending operation; absent for an HTTP call known only from the provider's planning consumers. */
  from?: OperationLink;
  /** The called or receiving operation; absent for a message no contract receives. */
  to?: OperationLink;
  /** The channel address of a message (`delivery.{deliveryId}.events`); absent for HTTP and for a dynamic reply address. */
  address?: string;
}

/** One way two parties interact: an HTTP call or a message, with its interaction style and pattern. */
export interface GraphEdge {
  from: string;
  to: string;
  transport: 'http' | 'message';
  /** `request-response`, `async-request-response`, `one-way-notification`, `publish-subscribe`, `publish-async-responses` (`unspecified` when the contract says none). */
  style: string;
  /** `gateway`, `api-composition`, `circuit-breaker`, `orchestration`, `choreography`. */
  pattern?: string;
  /** The replies of a request sent as a message, flowing back from the receiver. */
  reply?: boolean;
  /** What is shown on the edge. */
  label: string;
  /** The operations (HTTP: the called operationIds) or channels (messages: the addresses) behind it, sorted. */
  operations: string[];
  /** Each operation behind it, with its ends, sorted. */
  refs: EdgeRef[];
  /** The outside parties behind a client edge or a message nobody in the system receives, as the contracts name them. */
  parties?: string[];
}

export interface InteractionGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Ids of the nodes that stand for parties outside the system (never a folder name: they hold a space). */
export const CLIENTS = '(clients)';
export const INTERNAL_CLIENTS = '(internal clients)';
export const OUTSIDE_RECEIVERS = '(outside receivers)';

const SPECIAL: Record<string, { label: string; kind: GraphNode['kind']; rank: number }> = {
  [CLIENTS]: { label: 'Clients', kind: 'client', rank: 0 },
  [INTERNAL_CLIENTS]: { label: 'Internal clients', kind: 'client', rank: 1 },
  [OUTSIDE_RECEIVERS]: { label: 'Outside receivers', kind: 'external', rank: 3 },
};

/**
 * The system's interaction graph, from the contracts alone: a node per service (folder of the
 * contracts root) and per outside party, and an edge per (from, to, transport, style, pattern,
 * reply) with the operations behind it. HTTP edges come from `x-upstream` / `x-composes` (the
 * gateway's routes and compositions) and from each API's `info.x-lifecycle.planning.consumers`;
 * message edges from matching the channel addresses of every `send` and `receive`, and back for
 * their `reply`. A contract that could not be read (no `ir`) adds its service and nothing else.
 * Same contracts, same graph: nodes and edges are sorted, whatever order the APIs come in.
 * @example
 * const graph = buildInteractionGraph(site.apis);
 * graph.edges.filter((e) => e.pattern === 'gateway').map((e) => `${e.from} → ${e.to}`);
 */
export function buildInteractionGraph(apis: readonly SiteApi[]): InteractionGraph {
  const context = createGraphContext(apis);
  const interactions = [...httpInteractions(context), ...messageInteractions(context)];
  const ids = new Set([...context.services, ...interactions.flatMap((i) => [i.from, i.to])]);
  const nodes = [...ids].map((id) => nodeOf(id, apis, interactions)).sort(byNode);
  const rank = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = aggregate(interactions).sort((a, b) => compareEdges(a, b, rank));
  return { nodes, edges };
}

function nodeOf(id: string, apis: readonly SiteApi[], interactions: Interaction[]): GraphNode {
  const special = SPECIAL[id];
  if (special) {
    const members = sortedUnique(interactions.filter((i) => i.from === id || i.to === id).flatMap((i) => i.parties ?? []));
    return { id, label: special.label, kind: special.kind, ...(members.length > 0 ? { members } : {}) };
  }
  const own = apis.filter((a) => a.service === id).sort((a, b) => rankApi(a) - rankApi(b) || compare(a.path, b.path));
  const href = own[0]?.href;
  return { id, label: id, kind: isGateway(own) ? 'gateway' : 'service', ...(href ? { href } : {}) };
}

/** Readable OpenAPI first, then readable AsyncAPI, then broken contracts. */
const rankApi = (api: SiteApi) => (api.ir ? 0 : 2) + (api.kind === 'openapi' ? 0 : 1);

/** A service is the gateway when its HTTP operations route (`x-upstream`), compose (`x-composes`) or say `x-pattern: gateway`. */
function isGateway(apis: SiteApi[]): boolean {
  return apis.some(
    (site) =>
      site.ir?.kind === 'openapi' &&
      site.ir.api.operations.some((op) => {
        const api = site.ir?.kind === 'openapi' ? site.ir.api : undefined;
        return (
          api !== undefined && (upstreamOf(api, op) !== undefined || composesOf(api, op).length > 0 || httpPattern(api, op) === 'gateway')
        );
      }),
  );
}

function byNode(a: GraphNode, b: GraphNode): number {
  const rank = (n: GraphNode) => SPECIAL[n.id]?.rank ?? 2;
  return rank(a) - rank(b) || compare(a.id, b.id);
}

/** One edge per (from, to, transport, style, pattern, reply), with the operations and parties of its interactions. */
function aggregate(interactions: Interaction[]): GraphEdge[] {
  const groups = new Map<string, Interaction[]>();
  for (const i of interactions) {
    const key = JSON.stringify([i.from, i.to, i.transport, i.style, i.pattern ?? '', i.reply === true]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const refs = uniqueRefs(group.map((i) => i.ref));
    const parties = sortedUnique(group.flatMap((i) => i.parties ?? []));
    return {
      from: first.from,
      to: first.to,
      transport: first.transport,
      style: first.style,
      ...(first.pattern ? { pattern: first.pattern } : {}),
      ...(first.reply ? { reply: true } : {}),
      label: `${first.style}${first.pattern ? ` · ${first.pattern}` : ''}${first.reply ? ' · reply' : ''}`,
      operations: sortedUnique(group.map((i) => i.operation)),
      refs,
      ...(parties.length > 0 ? { parties } : {}),
    };
  });
}

function uniqueRefs(refs: EdgeRef[]): EdgeRef[] {
  const byKey = new Map(refs.map((r) => [refKey(r), r]));
  return [...byKey.keys()].sort(compare).map((k) => byKey.get(k)!);
}

const refKey = (r: EdgeRef) =>
  JSON.stringify([r.address ?? '', r.from?.operationId ?? '', r.to?.operationId ?? '', r.from?.href ?? '', r.to?.href ?? '']);

function compareEdges(a: GraphEdge, b: GraphEdge, rank: Map<string, number>): number {
  return (
    rank.get(a.from)! - rank.get(b.from)! ||
    rank.get(a.to)! - rank.get(b.to)! ||
    compare(a.transport, b.transport) ||
    Number(a.reply === true) - Number(b.reply === true) ||
    compare(a.style, b.style) ||
    compare(a.pattern ?? '', b.pattern ?? '')
  );
}

/** Code-unit order: the same in every locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}
