/**
 * Drone Management's pact with the Delivery Scheduler's messages: the two requests it answers
 * (`src/service.ts`: `receiveDroneAssignmentRequest` and, once per fleet, `receiveQuoteRequest`).
 * Each message goes to the real service, started on a `PactTransport`; the test asserts the reply
 * it publishes to the request's `replyto`, correlated, and what it did to its fleet.
 */
import { addressRegex, PactTransport } from '@apilife/pact';
import { createMessaging, type Envelope, type Messaging } from '@apilife/messaging';
import { MatchersV3 as M } from '@pact-foundation/pact';
import { systemConfig } from '@drone-delivery/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPact } from '../../src/generated/delivery-scheduler-messaging/pact.gen.ts';
import type * as T from '../../src/generated/delivery-scheduler-messaging/types.gen.ts';
import { createDroneManagementService, type DroneManagementService } from '../../src/service.ts';
import { waitFor } from '../helpers.ts';

const scheduler = createPact({ consumer: 'drone-management' });

/** Near the fleet-west depot (Seattle SoDo): a short job both fleets can fly. */
const PICKUP = { lat: 47.6012, lon: -122.3305 };
const DROPOFF = { lat: 47.6105, lon: -122.3221 };
/** Portland: beyond every drone's range. */
const FAR_DROPOFF = { lat: 45.5152, lon: -122.6784 };
const PACKAGE = { size: 'small', weightKg: 1.2 } as const;
const WINDOW = { start: '2026-11-25T14:00:00Z', end: '2026-11-25T14:30:00Z' };
const DELIVERY_REQUEST_ID = '3f2b8c1e-6d4a-4e9b-8a7c-1b2d3e4f5a6b';
const QUOTE_REQUEST_ID = '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a';
const CORRELATION_ID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';

const ASSIGNMENT_REPLIES = 'drone.assignment.replies';
const quoteResponses = `fleet.quote.${QUOTE_REQUEST_ID}.responses`;

let transport: PactTransport;
let service: DroneManagementService;
let observer: Messaging;

beforeEach(async () => {
  transport = new PactTransport();
  // Drones stay `assigned` (no take-off) while the test looks at them.
  service = createDroneManagementService(
    { config: systemConfig({}), messaging: createMessaging({ transport, source: '/drone-management' }) },
    { timing: { startDelaySec: 36_000 } },
  );
  await service.start();
  observer = createMessaging({ transport, source: '/observer' });
});

afterEach(async () => {
  await service.stop();
  await observer.close();
});

/** Every message published on `address` from now on. */
async function repliesOn(address: string): Promise<Envelope[]> {
  const seen: Envelope[] = [];
  await observer.subscribe(address, { group: `observer.${address}`, handler: (envelope) => void seen.push(envelope) });
  return seen;
}

describe('drone-management ← delivery-scheduler (message pact)', () => {
  it('DroneAssignmentRequested: reserves the nearest drone that can fly the job and replies assigned, correlated', async () => {
    const replies = await repliesOn(ASSIGNMENT_REPLIES);
    await scheduler
      .requestDroneAssignment({
        given: { name: 'a shipper schedules a delivery', params: { pickup: PICKUP, dropoff: DROPOFF, package: PACKAGE } },
        expectsToReceive: 'a DroneAssignmentRequested for a job near a depot',
        message: 'DroneAssignmentRequested',
        params: {},
        attributes: {
          correlationid: M.uuid(CORRELATION_ID),
          replyto: M.regex(addressRegex(ASSIGNMENT_REPLIES), ASSIGNMENT_REPLIES),
        },
        data: {
          deliveryRequestId: DELIVERY_REQUEST_ID,
          pickup: PICKUP,
          dropoff: DROPOFF,
          pickupWindow: WINDOW,
          package: PACKAGE,
          priority: 'standard',
        },
      })
      .executeTest(transport.deliver);
    await waitFor('the assignment reply', () => replies.length > 0);
    const [reply] = replies as Envelope<T.DroneAssignmentReplied>[];
    expect(reply!.type).toBe('io.dronedelivery.drone.assignment-replied.v1');
    expect(reply!.correlationid).toBe(CORRELATION_ID);
    expect(reply!.data).toMatchObject({ deliveryRequestId: DELIVERY_REQUEST_ID, outcome: 'assigned', rejectionReason: null });
    const drone = service.fleet.get(reply!.data.droneId!)!;
    expect(drone.drone.status).toBe('assigned');
    expect(drone.drone.fleetId).toBe('fleet-west');
  });

  it('DroneAssignmentRequested: replies rejected (out-of-range) for a job no drone reaches, and reserves nothing', async () => {
    const replies = await repliesOn(ASSIGNMENT_REPLIES);
    await scheduler
      .requestDroneAssignment({
        given: { name: 'a shipper schedules a delivery', params: { pickup: PICKUP, dropoff: FAR_DROPOFF, package: PACKAGE } },
        expectsToReceive: 'a DroneAssignmentRequested for a drop-off no drone can reach',
        message: 'DroneAssignmentRequested',
        params: {},
        attributes: {
          correlationid: M.uuid(CORRELATION_ID),
          replyto: M.regex(addressRegex(ASSIGNMENT_REPLIES), ASSIGNMENT_REPLIES),
        },
        data: {
          deliveryRequestId: DELIVERY_REQUEST_ID,
          pickup: PICKUP,
          dropoff: FAR_DROPOFF,
          pickupWindow: WINDOW,
          package: PACKAGE,
          priority: 'express',
        },
      })
      .executeTest(transport.deliver);
    await waitFor('the assignment reply', () => replies.length > 0);
    const [reply] = replies as Envelope<T.DroneAssignmentReplied>[];
    expect(reply!.correlationid).toBe(CORRELATION_ID);
    expect(reply!.data).toEqual({
      deliveryRequestId: DELIVERY_REQUEST_ID,
      outcome: 'rejected',
      droneId: null,
      estimatedPickupAt: null,
      rejectionReason: 'out-of-range',
    });
    expect(service.fleet.find({ status: 'assigned' })).toHaveLength(0);
  });

  it("QuoteRequested: every fleet that can fly the job quotes on the request's responses channel, reserving nothing", async () => {
    const replies = await repliesOn(quoteResponses);
    await scheduler
      .requestFleetQuotes({
        given: { name: 'a shipper schedules a delivery', params: { pickup: PICKUP, dropoff: DROPOFF, package: PACKAGE } },
        expectsToReceive: 'a QuoteRequested for a job both fleets can fly',
        message: 'QuoteRequested',
        params: {},
        attributes: {
          correlationid: M.uuid(CORRELATION_ID),
          replyto: M.regex(addressRegex('fleet.quote.{quoteRequestId}.responses'), quoteResponses),
        },
        data: {
          quoteRequestId: QUOTE_REQUEST_ID,
          deliveryRequestId: DELIVERY_REQUEST_ID,
          pickup: PICKUP,
          dropoff: DROPOFF,
          pickupWindow: WINDOW,
          package: PACKAGE,
          // Fleets stay silent once the deadline has passed: a fixed one, far ahead, keeps the pact the same on every run.
          respondBy: '2099-12-31T23:59:59Z',
        },
      })
      .executeTest(transport.deliver);
    await waitFor('a quote of each fleet', () => replies.length >= 2);
    const quotes = replies as Envelope<T.FleetQuote>[];
    expect(quotes.map((q) => q.data.fleetId).sort()).toEqual(['fleet-east', 'fleet-west']);
    for (const quote of quotes) {
      expect(quote.type).toBe('io.dronedelivery.fleet.quote.v1');
      expect(quote.correlationid).toBe(CORRELATION_ID);
      expect(quote.data.quoteRequestId).toBe(QUOTE_REQUEST_ID);
      expect(quote.data.price).toMatchObject({ currency: 'USD', amount: expect.stringMatching(/^[0-9]{1,9}[.][0-9]{2}$/) });
    }
    expect(service.fleet.find({ status: 'available' })).toHaveLength(6);
  });
});
