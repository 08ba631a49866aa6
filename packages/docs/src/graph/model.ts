import type { SiteApi } from '../site.ts';

/** A service of the system (a folder of the contracts root), or a party outside it (the clients in front of the gateway). */
export interface GraphNode {
  id: string;
  label: string;
  kind: 'service' | 'gateway' | 'client';
  /** The page of its first API, relative to the site's root. */
  href?: string;
}

/** One way two parties interact: an HTTP call or a message, with its interaction style and pattern. */
export interface GraphEdge {
  from: string;
  to: string;
  transport: 'http' | 'message';
  /** `request-response`, `async-request-response`, `one-way-notification`, `publish-subscribe`, `publish-async-responses`. */
  style: string;
  /** `gateway`, `api-composition`, `circuit-breaker`, `orchestration`, `choreography`. */
  pattern?: string;
  /** What is shown on the edge. */
  label: string;
  /** The operations (or channels) behind it. */
  operations: string[];
}

export interface InteractionGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The system's interaction graph, from the contracts (to be filled in). */
export function buildInteractionGraph(_apis: readonly SiteApi[]): InteractionGraph {
  return { nodes: [], edges: [] };
}
