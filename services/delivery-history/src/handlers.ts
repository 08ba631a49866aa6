import { accountOf } from '@drone-delivery/platform';
import type { SecurityEnv } from '@apilife/runtime-server';
import type { Context } from 'hono';
import type { Handlers } from './generated/delivery-history/server.gen.ts';
import type { DeliveryEventType, Problem } from './generated/delivery-history/types.gen.ts';
import { decodeCursor, encodeCursor, EVENT_TYPES, isKnownType, toApiEvent } from './records.ts';
import type { HistoryStore } from './store.ts';

const BASE = 'https://problems.drone-delivery.internal';
const ALL_TYPES: readonly DeliveryEventType[] = Object.values(EVENT_TYPES);

/**
 * The handlers of the Delivery History API. A caller acting for an account sees only the history
 * of that account's deliveries: others' look like deliveries the history has not heard of (an
 * empty page, 404 for one event), so their existence is not revealed.
 */
export function createHandlers(store: HistoryStore, log: (line: string) => void = () => {}): Handlers<SecurityEnv> {
  const mayRead = async (c: Context<SecurityEnv>, deliveryId: string): Promise<boolean> => {
    const account = accountOf(c.var.principal);
    return account === undefined || (await store.accountOf(deliveryId)) === account;
  };

  return {
    async listDeliveryEvents({ path, query }, c) {
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (query.cursor !== undefined && !after) return { status: 400, body: invalidCursor() };
      try {
        if (!(await mayRead(c, path.deliveryId))) return { status: 200, body: { items: [], nextCursor: null } };
        const { items, more } = await store.list(path.deliveryId, {
          limit: query.limit,
          types: query.type ?? ALL_TYPES,
          ...(after ? { after } : {}),
        });
        const last = items.at(-1);
        return {
          status: 200,
          body: {
            items: items.flatMap((e) => (isKnownType(e.type) ? [toApiEvent({ ...e, type: e.type })] : [])),
            nextCursor: more && last ? encodeCursor(last) : null,
          },
        };
      } catch (error) {
        log(`[delivery-history] history store unavailable: ${String(error)}`);
        return {
          status: 503,
          body: {
            type: `${BASE}/dependency-unavailable`,
            title: 'Service unavailable',
            status: 503,
            detail: 'The history store is not reachable.',
          },
          headers: { 'Retry-After': 1 },
        };
      }
    },

    async getDeliveryEvent({ path }, c) {
      const event = (await mayRead(c, path.deliveryId)) ? await store.get(path.deliveryId, path.eventId) : undefined;
      if (!event || !isKnownType(event.type)) return { status: 404, body: notFound() };
      // Immutable: the runtime's strong ETag of the body never changes.
      return { status: 200, body: toApiEvent({ ...event, type: event.type }) };
    },
  };
}

function notFound(): Problem {
  return {
    type: `${BASE}/not-found`,
    title: 'Resource not found',
    status: 404,
    detail: 'No such event is recorded for this delivery, or it is not visible to the caller.',
  };
}

function invalidCursor(): Problem {
  return {
    type: `${BASE}/invalid-request`,
    title: 'Invalid request',
    status: 400,
    detail: 'The cursor is not one this API issued.',
    errors: [{ pointer: '', detail: 'unknown cursor', in: 'query', parameter: 'cursor' }],
  };
}
