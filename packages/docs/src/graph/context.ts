import type { ApiIR, MessagingApiIR } from '@apilife/contract';
import { anchor } from '../html.ts';
import type { SiteApi } from '../site.ts';
import { compare, type EdgeRef, type GraphEdge, type OperationLink } from './model.ts';

/** One operation's interaction before edges are aggregated: one HTTP call, one message flow or one reply flow. */
export interface Interaction {
  from: string;
  to: string;
  transport: GraphEdge['transport'];
  style: string;
  pattern?: string;
  reply?: boolean;
  /** What the edge lists: the called operationId (HTTP) or the channel address (messages). */
  operation: string;
  ref: EdgeRef;
  parties?: string[];
}

/** The interaction style of an operation whose contract names none. */
export const UNSPECIFIED = 'unspecified';

export type ReadableApi = { site: SiteApi; kind: 'openapi'; api: ApiIR } | { site: SiteApi; kind: 'asyncapi'; messaging: MessagingApiIR };

/** What every edge builder needs: the readable contracts in path order, the services, and links to operations. */
export interface GraphContext {
  apis: ReadableApi[];
  /** Every folder of the contracts root with a contract, readable or not. */
  services: Set<string>;
  /** A link to an operation of a service's contract of that kind: its anchor in the API's page when the operation is there. */
  link(service: string, kind: SiteApi['kind'], operationId: string): OperationLink;
  /** An HTTP operation's `x-interaction-style`, when the service's contract has the operation. */
  httpStyle(service: string, operationId: string): string | undefined;
}

export function createGraphContext(all: readonly SiteApi[]): GraphContext {
  const apis: ReadableApi[] = [...all]
    .sort((a, b) => compare(a.path, b.path))
    .flatMap((site): ReadableApi[] => {
      if (site.ir?.kind === 'openapi') return [{ site, kind: 'openapi', api: site.ir.api }];
      if (site.ir?.kind === 'asyncapi') return [{ site, kind: 'asyncapi', messaging: site.ir.messaging }];
      return [];
    });
  const services = new Set([...all.map((a) => a.service)].sort(compare));
  const find = (service: string, kind: SiteApi['kind'], operationId: string) => {
    for (const readable of apis) {
      if (readable.site.service !== service || readable.kind !== kind) continue;
      const operations = readable.kind === 'openapi' ? readable.api.operations : readable.messaging.operations;
      const operation = operations.find((op) => op.operationId === operationId);
      if (operation) return { site: readable.site, operation };
    }
    return undefined;
  };
  return {
    apis,
    services,
    link(service, kind, operationId) {
      const found = find(service, kind, operationId);
      return found ? { operationId, href: `${found.site.href}#${anchor('op', operationId)}` } : { operationId };
    },
    httpStyle(service, operationId) {
      return find(service, 'openapi', operationId)?.operation.interactionStyle;
    },
  };
}
