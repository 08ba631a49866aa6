import type { CallInit } from '@apilife/runtime-client';
import type { SecurityEnv } from '@apilife/runtime-server';
import type { SystemConfig } from '@drone-delivery/platform';
import type { Context } from 'hono';
import type {
  CancelDeliveryRequestResult,
  CreateNotificationSubscriptionResult,
  DeleteNotificationSubscriptionResult,
  GetDeliveryRequestResult,
  GetDeliveryRequestStatusResult,
  GetDeliveryStatusResult,
  GetDeliveryStatusV1Result,
  GetNotificationSubscriptionResult,
  Handlers,
  ReplaceDeliveryRequestResult,
  ScheduleDeliveryOperationResult,
  UpdateDeliveryRequestResult,
} from './generated/gateway/server.gen.ts';
import { callerAccount, type AccountTokens } from './identity.ts';
import { composeOverview } from './overview.ts';
import { forward, type GatewayOperation, type UpstreamResult } from './relay.ts';
import type { UpstreamName, Upstreams } from './upstreams.ts';

/** What the gateway's handlers are built from. */
export interface GatewayHandlerDeps {
  config: SystemConfig;
  upstreams: Upstreams;
  tokens: AccountTokens;
  /** Limit of each secondary part of the overview, in ms (default 800). */
  partTimeoutMs?: number;
}

/**
 * The handlers of the gateway: each routed operation forwards to the operation of the same name
 * of its upstream (`x-upstream`), for the caller's account, with `api-version`, `Idempotency-Key`
 * and `If-Match` passed on; `getDeliveryOverview` composes four upstreams. Deprecated operations
 * are routed like the others: their `Deprecation`, `Sunset` and `Link` headers, and their 410 from
 * the sunset day, are the generated server's, from the gateway's own contract. A retired operation
 * (`getDeliveryLocation`) has no handler: the generated server answers it 410. The routing below
 * restates `x-upstream`: `test/public-api.test.ts` ("the gateway routes every operation its
 * contract declares") fails when a handler calls another service or operation than the contract
 * names (the IR does not carry `x-upstream` yet, so it is not generated).
 */
export function createGatewayHandlers({ config, upstreams, tokens, partTimeoutMs }: GatewayHandlerDeps): Handlers<SecurityEnv> {
  /** The per-call settings of a call to `upstream` acting for the caller of `c`. */
  const actingFor = async (c: Context<SecurityEnv>, upstream: UpstreamName): Promise<CallInit> => ({
    headers: { authorization: await tokens(callerAccount(c), upstream) },
    signal: c.req.raw.signal,
  });
  /** Forwards one routed operation to `upstream`. */
  const route = async <R extends { status: number }>(
    operationId: GatewayOperation,
    upstream: UpstreamName,
    c: Context<SecurityEnv>,
    call: (init: CallInit) => Promise<UpstreamResult>,
  ): Promise<R> => {
    const init = await actingFor(c, upstream);
    return forward<R>(operationId, upstream, config.urls[upstream], () => call(init));
  };
  const { scheduler, delivery } = upstreams;

  return {
    scheduleDelivery: (req, c) =>
      route<ScheduleDeliveryOperationResult>('scheduleDelivery', 'delivery-scheduler', c, (init) =>
        scheduler.scheduleDelivery({ query: req.query, headers: req.headers, body: req.body }, init),
      ),
    getDeliveryRequest: (req, c) =>
      route<GetDeliveryRequestResult>('getDeliveryRequest', 'delivery-scheduler', c, (init) =>
        scheduler.getDeliveryRequest({ path: req.path, query: req.query }, init),
      ),
    updateDeliveryRequest: (req, c) =>
      route<UpdateDeliveryRequestResult>('updateDeliveryRequest', 'delivery-scheduler', c, (init) =>
        scheduler.updateDeliveryRequest({ path: req.path, query: req.query, headers: req.headers, body: req.body }, init),
      ),
    replaceDeliveryRequest: (req, c) =>
      route<ReplaceDeliveryRequestResult>('replaceDeliveryRequest', 'delivery-scheduler', c, (init) =>
        scheduler.replaceDeliveryRequest({ path: req.path, query: req.query, headers: req.headers, body: req.body }, init),
      ),
    cancelDeliveryRequest: (req, c) =>
      route<CancelDeliveryRequestResult>('cancelDeliveryRequest', 'delivery-scheduler', c, (init) =>
        scheduler.cancelDeliveryRequest({ path: req.path, query: req.query, headers: req.headers }, init),
      ),
    getDeliveryRequestStatus: (req, c) =>
      route<GetDeliveryRequestStatusResult>('getDeliveryRequestStatus', 'delivery-scheduler', c, (init) =>
        scheduler.getDeliveryRequestStatus({ path: req.path, query: req.query }, init),
      ),
    getDeliveryStatus: (req, c) =>
      route<GetDeliveryStatusResult>('getDeliveryStatus', 'delivery', c, (init) =>
        delivery.getDeliveryStatus({ path: req.path, query: req.query }, init),
      ),
    getDeliveryStatusV1: (req, c) =>
      route<GetDeliveryStatusV1Result>('getDeliveryStatusV1', 'delivery', c, (init) =>
        delivery.getDeliveryStatusV1({ path: req.path }, init),
      ),
    createNotificationSubscription: (req, c) =>
      route<CreateNotificationSubscriptionResult>('createNotificationSubscription', 'delivery', c, (init) =>
        delivery.createNotificationSubscription({ path: req.path, query: req.query, headers: req.headers, body: req.body }, init),
      ),
    getNotificationSubscription: (req, c) =>
      route<GetNotificationSubscriptionResult>('getNotificationSubscription', 'delivery', c, (init) =>
        delivery.getNotificationSubscription({ path: req.path, query: req.query }, init),
      ),
    deleteNotificationSubscription: (req, c) =>
      route<DeleteNotificationSubscriptionResult>('deleteNotificationSubscription', 'delivery', c, (init) =>
        delivery.deleteNotificationSubscription({ path: req.path, query: req.query, headers: req.headers }, init),
      ),
    getDeliveryOverview: async (req, c) => {
      const context = {
        config,
        upstreams,
        tokens,
        accountId: callerAccount(c),
        signal: c.req.raw.signal,
        ...(partTimeoutMs !== undefined ? { partTimeoutMs } : {}),
      };
      return composeOverview(context, req.path.deliveryId, req.query['api-version']);
    },
  };
}
