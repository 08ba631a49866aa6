import type { ApiIR, OperationIR } from '@apilife/contract';
import type { SiteApi } from '../site.ts';
import { UNSPECIFIED, type GraphContext, type Interaction } from './context.ts';
import { composesOf, httpAudience, httpPattern, planningOf, upstreamOf } from './extensions.ts';
import { CLIENTS, INTERNAL_CLIENTS } from './model.ts';

/** Audiences whose callers are outside the organisation: they stand in front of the API as the clients. */
const OUTSIDE_AUDIENCES = new Set(['public', 'partner']);

/**
 * The HTTP calls of the system. A contract that names the operations it calls says it precisely:
 * `x-upstream` (routing, pattern `gateway` unless its `x-pattern` says otherwise) and `x-composes`
 * (pattern `api-composition`). Otherwise the provider's `planning.consumers` say who calls it, and
 * every operation it serves (not retired) is on the edge, with its own style and `x-pattern`.
 * Consumers that are no service of the system are the clients (a public or partner API) or the
 * internal clients (an internal one); a public API without a consumer list has the clients in front.
 */
export function httpInteractions(context: GraphContext): Interaction[] {
  const out: Interaction[] = [];
  const precise = new Set<string>();
  for (const readable of context.apis) {
    if (readable.kind !== 'openapi') continue;
    const { site, api } = readable;
    for (const op of served(api)) {
      const own = context.link(site.service, 'openapi', op.operationId);
      const calls = [
        ...[upstreamOf(api, op)].filter((u) => u !== undefined).map((u) => ({ ...u, pattern: httpPattern(api, op) ?? 'gateway' })),
        ...composesOf(api, op).map((u) => ({ ...u, pattern: 'api-composition' })),
      ];
      for (const call of calls) {
        if (call.service === site.service) continue;
        precise.add(pair(site.service, call.service));
        out.push({
          from: site.service,
          to: call.service,
          transport: 'http',
          style: context.httpStyle(call.service, call.operationId) ?? op.interactionStyle ?? UNSPECIFIED,
          pattern: call.pattern,
          operation: call.operationId,
          ref: { from: own, to: context.link(call.service, 'openapi', call.operationId) },
        });
      }
    }
  }
  for (const readable of context.apis) {
    if (readable.kind === 'openapi') out.push(...consumerCalls(context, readable.site, readable.api, precise));
  }
  return out;
}

function consumerCalls(context: GraphContext, site: SiteApi, api: ApiIR, precise: Set<string>): Interaction[] {
  const { audience, consumers } = planningOf(api.document);
  const outside = OUTSIDE_AUDIENCES.has(audience ?? '');
  const others = (consumers ?? []).filter((c) => c !== site.service);
  const callers = others.filter((c) => context.services.has(c) && !precise.has(pair(c, site.service)));
  const parties = others.filter((c) => !context.services.has(c));
  const call = (from: string, op: OperationIR, extra: Partial<Interaction> = {}): Interaction => {
    const pattern = httpPattern(api, op);
    return {
      from,
      to: site.service,
      transport: 'http',
      style: op.interactionStyle ?? UNSPECIFIED,
      ...(pattern ? { pattern } : {}),
      operation: op.operationId,
      ref: { to: context.link(site.service, 'openapi', op.operationId) },
      ...extra,
    };
  };
  const out = callers.flatMap((caller) => served(api).map((op) => call(caller, op)));
  if (parties.length > 0 || (consumers === undefined && outside)) {
    // Outside callers only reach what is not marked `x-audience: internal`.
    const reachable = outside ? served(api).filter((op) => httpAudience(api, op) !== 'internal') : served(api);
    const from = outside ? CLIENTS : INTERNAL_CLIENTS;
    out.push(...reachable.map((op) => call(from, op, parties.length > 0 ? { parties } : {})));
  }
  return out;
}

/** The operations still served: a retired one is answered `410 Gone` and calls nobody. */
const served = (api: ApiIR) => api.operations.filter((op) => !op.lifecycle.retired);

const pair = (from: string, to: string) => `${from}\u0000${to}`;
