/**
 * Type tests of the golden `server.gen.ts` (checked by `pnpm typecheck`: every
 * `@ts-expect-error` must meet an error, so each case proves the generated types refuse it).
 */
import type { SecurityEnv } from '@apilife/runtime-server';
import type { Context } from 'hono';
import { createServer, type CreateParcelResult, type GetParcelResult, type Handlers, type ServerOptions } from './server.gen.ts';
import type * as T from './types.gen.ts';

declare const handlers: Handlers;
declare const options: ServerOptions;
declare const parcel: T.Parcel;
declare const problem: T.Problem;

// a complete implementation compiles
export const app = createServer(handlers, options);

// the contract declares security: createServer needs its configuration
// @ts-expect-error options (with `security`) are required
createServer(handlers);
// @ts-expect-error every used scheme must be configured
createServer(handlers, { security: { ApiKeyAuth: { verify: () => undefined } } });

// a missing handler is a type error
const { getParcel: _getParcel, ...withoutGetParcel } = handlers;
// @ts-expect-error getParcel is missing
createServer(withoutGetParcel, options);

// handlers receive typed, validated parameters (defaults filled in)
export const getParcel: Handlers['getParcel'] = (request, c: Context) => {
  const id: string = request.path.parcelId;
  // @ts-expect-error no such path parameter
  void request.path.deliveryId;
  void c;
  return { status: 200, body: { ...parcel, id } };
};
export const listParcels: Handlers['listParcels'] = (request) => {
  const limit: number = request.query.limit; // defaulted: not optional
  const tags: string[] = request.headers['X-Tags'];
  return { status: 200, body: { items: [], next: null }, headers: { 'X-Total-Count': limit + tags.length } };
};
export const createParcel: Handlers['createParcel'] = async (request) => {
  const pin: string | undefined = request.body.deliveryPin; // writeOnly: in the request shape
  // @ts-expect-error readOnly properties are not in the request shape
  void request.body.id;
  void pin;
  return { status: 201, body: parcel, headers: { Location: `/parcels/${parcel.id}` } }; // ETag: computed by the runtime
};

// with E = SecurityEnv the handler reads the authenticated principal
export const mine: Handlers<SecurityEnv>['getParcel'] = (request, c) => {
  const subject: string | undefined = c.var.principal?.subject;
  return subject === undefined ? { status: 404, body: problem } : { status: 200, body: { ...parcel, id: request.path.parcelId } };
};

// an undeclared status is a type error
// @ts-expect-error 418 is not a response of getParcel
export const teapot: GetParcelResult = { status: 418, body: problem };

// a body of the wrong type is a type error
// @ts-expect-error a 200 of getParcel carries a Parcel, not a Problem
export const wrongBody: GetParcelResult = { status: 200, body: problem };
// @ts-expect-error a 404 carries a Problem
export const wrongProblem: GetParcelResult = { status: 404, body: parcel };

// writeOnly properties do not belong in responses
// @ts-expect-error deliveryPin is writeOnly
export const leaked: GetParcelResult = { status: 200, body: { ...parcel, deliveryPin: '1234' } };

// declared headers: runtime ones optional, the others required
// @ts-expect-error Location is required on 201
export const noLocation: CreateParcelResult = { status: 201, body: parcel };
export const withEtag: CreateParcelResult = { status: 201, body: parcel, headers: { Location: '/parcels/P0001', ETag: '"v1"' } };
// @ts-expect-error X-Total-Count is required on the 200 of listParcels (RateLimit-* are the runtime's)
export const noTotal: Awaited<ReturnType<Handlers['listParcels']>> = { status: 200, body: { items: [] } };

// no content: no body
export const deleted: Awaited<ReturnType<Handlers['deleteParcel']>> = { status: 204 };
// @ts-expect-error 204 has no body
export const deletedWithBody: Awaited<ReturnType<Handlers['deleteParcel']>> = { status: 204, body: parcel };

// the retired operation has no handler
// @ts-expect-error listParcelsV0 is retired
export type Retired = Handlers['listParcelsV0'];
