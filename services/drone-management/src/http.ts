import { problem, strongEtag } from '@apilife/runtime-server';
import type { Handlers } from './generated/drone-management/server.gen.ts';
import type { Fleet } from './fleet.ts';
import type { AssignmentBook } from './assignments.ts';

const PROBLEMS = 'https://problems.drone-delivery.internal';

/** The telemetry link, which can fail (then `getDronePosition` answers 503). */
export interface Telemetry {
  available: boolean;
}

/** Opaque cursor of `listDrones`: the last serial number of the page, base64url JSON. */
export function encodeCursor(serialNumber: string): string {
  return Buffer.from(JSON.stringify({ sn: serialNumber })).toString('base64url');
}

/** The serial number in a cursor, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): string | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value !== null && typeof value === 'object' && 'sn' in value && typeof value.sn === 'string') return value.sn;
  } catch {
    // not JSON: falls through
  }
  return undefined;
}

/** The HTTP operations of Drone Management over the in-memory fleet. */
export function createHandlers(fleet: Fleet, assignments: AssignmentBook, telemetry: Telemetry): Handlers {
  return {
    listDrones({ query }) {
      let after: string | undefined;
      if (query.cursor !== undefined) {
        after = decodeCursor(query.cursor);
        if (after === undefined)
          return {
            status: 400,
            body: problem(400, {
              type: `${PROBLEMS}/invalid-request`,
              title: 'Invalid request',
              detail: 'The cursor is not one this API returned.',
              errors: [{ pointer: '', detail: 'unknown cursor', in: 'query', parameter: 'cursor' }],
            }),
          };
      }
      const matching = fleet.find({
        ...(query.fleetId === undefined ? {} : { fleetId: query.fleetId }),
        ...(query.status === undefined ? {} : { status: query.status }),
      });
      const rest = after === undefined ? matching : matching.filter((s) => s.drone.serialNumber > after);
      const page = rest.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rest.length > page.length && last ? encodeCursor(last.drone.serialNumber) : null;
      return { status: 200, body: { items: page.map((s) => ({ ...s.drone })), nextCursor } };
    },

    getDrone({ path }) {
      const state = fleet.get(path.droneId);
      if (!state) return { status: 404, body: notFound(path.droneId) };
      const body = { ...state.drone };
      return { status: 200, body, headers: { ETag: strongEtag(body) } };
    },

    getDronePosition({ path }) {
      const state = fleet.get(path.droneId);
      if (!state) return { status: 404, body: notFound(path.droneId) };
      if (!telemetry.available) {
        return {
          status: 503,
          body: problem(503, {
            type: `${PROBLEMS}/dependency-unavailable`,
            title: 'Service unavailable',
            detail: 'The telemetry store is not answering.',
          }),
          headers: { 'Retry-After': 5 },
        };
      }
      return { status: 200, body: { ...state.lastFix, position: { ...state.lastFix.position } } };
    },

    releaseDroneAssignment({ path }) {
      assignments.release(path.deliveryRequestId);
      return { status: 204 };
    },
  };
}

function notFound(droneId: string) {
  return problem(404, {
    type: `${PROBLEMS}/not-found`,
    title: 'Resource not found',
    detail: `No drone ${droneId}.`,
    instance: `/v1/drones/${droneId}`,
  });
}
