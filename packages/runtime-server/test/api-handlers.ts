import type { Context } from 'hono';
import { assertIfMatch, httpProblem, strongEtag, type HandlerResult } from '../src/index.ts';

/** What the fixture handlers saw and can be told to do. */
export type HandlerState = {
  requests: { op: string; request: Record<string, unknown> }[];
  items: Map<number, { id: number; name: string; qty: number }>;
  /** Replaces the next result of any handler. */
  override?: HandlerResult | 'throw' | 'problem' | undefined;
  /** Delays createItem until resolved. */
  gate?: Promise<void> | undefined;
};

type Request = { path: Record<string, unknown>; query: Record<string, unknown>; headers: Record<string, unknown>; body: unknown };

/** Handlers for `ITEMS_API` that record what they receive. */
export function itemHandlers(state: HandlerState) {
  const seen = (op: string, request: Request): HandlerResult | undefined => {
    state.requests.push({ op, request: request as unknown as Record<string, unknown> });
    const override = state.override;
    if (override === 'throw') throw new Error('database password=hunter2 at /srv/db.ts:42');
    if (override === 'problem') throw httpProblem(409, { detail: 'Item is locked' });
    return override;
  };
  return {
    getItem(request: Request) {
      const item = state.items.get(request.path['itemId'] as number);
      return (
        seen('getItem', request) ??
        (item ? { status: 200, body: item } : { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } })
      );
    },
    getSpecialItem(request: Request) {
      return seen('getSpecialItem', request) ?? { status: 200, body: { id: 0, name: 'special', qty: 1 } };
    },
    async createItem(request: Request) {
      await state.gate;
      const body = request.body as { name: string; qty: number };
      const id = state.items.size + 1;
      const item = { id, name: body.name, qty: body.qty };
      state.items.set(id, item);
      return seen('createItem', request) ?? { status: 201, body: item, headers: { Location: `/items/${id}` } };
    },
    updateItem(request: Request, c: Context) {
      const id = request.path['itemId'] as number;
      const item = state.items.get(id);
      assertIfMatch(c, item && strongEtag(item));
      const body = request.body as { name: string; qty: number };
      const updated = { id, name: body.name, qty: body.qty };
      state.items.set(id, updated);
      return seen('updateItem', request) ?? { status: 200, body: updated };
    },
    listItems(request: Request) {
      return seen('listItems', request) ?? { status: 200, body: [...state.items.values()], headers: { 'X-Total-Count': state.items.size } };
    },
    listOldItems(request: Request) {
      return seen('listOldItems', request) ?? { status: 200, body: [] };
    },
    getSecret(request: Request, c: Context) {
      return (
        seen('getSecret', request) ?? {
          status: 200,
          body: { by: (c.get('principal' as never) as { subject?: string } | undefined)?.subject ?? null },
        }
      );
    },
    deleteItem(request: Request) {
      return seen('deleteItem', request) ?? { status: 204 };
    },
  };
}
