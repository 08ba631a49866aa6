import type { CallInit } from '@apilife/runtime-client';
import { httpProblem } from '@apilife/runtime-server';
import type { SystemConfig } from '@drone-delivery/platform';
import type { GetDeliveryOverviewResult } from './generated/gateway/server.gen.ts';
import type * as T from './generated/gateway/types.gen.ts';
import type { AccountTokens } from './identity.ts';
import { relay, upstreamProblem } from './relay.ts';
import type { UpstreamName, Upstreams } from './upstreams.ts';

/** The latest events an overview shows (the contract's `maxItems`). */
const HISTORY_SIZE = 20;
/** Pages of history read at most, newest last (100 events each). */
const HISTORY_PAGES = 5;

/** A secondary part of the overview, named as `degraded` names it. */
type Part = T.DeliveryOverview['degraded'][number];

/** What one overview is composed with. */
export interface OverviewContext {
  config: SystemConfig;
  upstreams: Upstreams;
  tokens: AccountTokens;
  /** The account the caller acts for. */
  accountId: string;
  /** Limit of each secondary part, in ms (default 800). */
  partTimeoutMs?: number;
  /** The caller's request signal (a gone caller stops the calls). */
  signal?: AbortSignal;
}

/**
 * `getDeliveryOverview` (API composition): `getDelivery` first (its 403/404/5xx are the answer),
 * then in parallel `getPackage`, `getDronePosition` (only while `in-transit`) and
 * `listDeliveryEvents` (latest 20, oldest first), each limited to 800 ms behind its upstream's
 * breaker. A part that fails is `null` (or empty) and named in `degraded`; the call still
 * answers 200.
 */
export async function composeOverview(
  ctx: OverviewContext,
  deliveryId: string,
  apiVersion: T.GetDeliveryOverviewRequest['query']['api-version'],
): Promise<GetDeliveryOverviewResult> {
  const { upstreams, config, accountId } = ctx;
  const init = (upstream: UpstreamName): Promise<CallInit> => callInit(ctx, upstream);
  let found;
  try {
    found = await upstreams.delivery.getDelivery({ path: { deliveryId }, query: { 'api-version': apiVersion } }, await init('delivery'));
  } catch (error) {
    throw upstreamProblem('delivery', error);
  }
  if (found.status !== 200) return relay<GetDeliveryOverviewResult>('getDeliveryOverview', 'delivery', config.urls.delivery, found);
  const delivery = found.body;
  if (delivery.accountId !== accountId)
    return { status: 403, body: httpProblem(403, { detail: 'The delivery belongs to another account.' }).problem };

  const timeoutMs = ctx.partTimeoutMs ?? 800;
  const inTransit = delivery.stage === 'in-transit' && delivery.droneId !== null;
  const [pkg, position, history] = await Promise.all([
    part(timeoutMs, async () => {
      const res = await upstreams.package.getPackage({ path: { packageId: delivery.packageId } }, await init('package'));
      return res.status === 200 ? res.body : failed();
    }),
    inTransit && delivery.droneId !== null
      ? part(timeoutMs, async () => {
          const res = await upstreams.drone.getDronePosition(
            { path: { droneId: delivery.droneId as string } },
            await init('drone-management'),
          );
          return res.status === 200 ? res.body : failed();
        })
      : Promise.resolve({ ok: true as const, value: null }),
    part(timeoutMs, () => latestEvents(ctx, deliveryId)),
  ]);
  const degraded: Part[] = [];
  if (!pkg.ok) degraded.push('package');
  if (!position.ok) degraded.push('drone-position');
  if (!history.ok) degraded.push('history');
  const body: T.DeliveryOverview = {
    delivery,
    package: pkg.ok ? pkg.value : null,
    dronePosition: position.ok ? position.value : null,
    history: history.ok ? history.value : [],
    degraded,
  };
  return { status: 200, body };
}

/** The latest `HISTORY_SIZE` events of a delivery, oldest first, reading up to `HISTORY_PAGES` pages. */
async function latestEvents(ctx: OverviewContext, deliveryId: string): Promise<T.DeliveryEvent[]> {
  const events: T.DeliveryEvent[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const query = cursor === undefined ? { limit: 100 } : { limit: 100, cursor };
    const res = await ctx.upstreams.history.listDeliveryEvents({ path: { deliveryId }, query }, await callInit(ctx, 'delivery-history'));
    if (res.status !== 200) return failed();
    events.push(...(res.body.items ?? []));
    if (events.length > HISTORY_SIZE) events.splice(0, events.length - HISTORY_SIZE);
    if (res.body.nextCursor === null) break;
    cursor = res.body.nextCursor;
  }
  return events;
}

async function callInit(ctx: OverviewContext, upstream: UpstreamName): Promise<CallInit> {
  const init: CallInit = { headers: { authorization: await ctx.tokens(ctx.accountId, upstream) } };
  if (ctx.signal) init.signal = ctx.signal;
  return init;
}

/** Thrown by a part whose upstream answered, but not with what the overview needs. */
class PartFailed extends Error {}

function failed(): never {
  throw new PartFailed('the upstream did not answer with the part');
}

/**
 * Runs one secondary part: its value, or `ok: false` when it failed or took longer than
 * `timeoutMs` (the clients' own timeouts stop the call and count it against the breaker; this
 * bounds the part as a whole, several history pages included).
 */
async function part<V>(timeoutMs: number, run: () => Promise<V>): Promise<{ ok: true; value: V } | { ok: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ ok: false }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), timeoutMs);
  });
  try {
    return await Promise.race([
      run().then(
        (value) => ({ ok: true as const, value }),
        () => ({ ok: false as const }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
