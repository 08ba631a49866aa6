import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DRONES } from '../src/fleet.ts';
import { assignmentRequest, startHarness, type Harness } from './helpers.ts';

// Long start delay: the drones stay `assigned` while the test looks at them.
const PARKED = { timing: { startDelaySec: 36_000 } };

describe('drone assignment (async request/response)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('assigns an available drone that can lift the package, and marks it assigned', async () => {
    harness = await startHarness(PARKED);
    const request = assignmentRequest();
    const reply = await harness.scheduler.requestDroneAssignment({}, request, { timeoutMs: 5000 });
    expect(reply.data).toMatchObject({ deliveryRequestId: request.deliveryRequestId, outcome: 'assigned', rejectionReason: null });
    expect(reply.data.droneId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(reply.data.estimatedPickupAt!)).toBeGreaterThan(Date.now());
    const drone = harness.service.fleet.get(reply.data.droneId!)!;
    expect(drone.drone.status).toBe('assigned');
    expect(drone.drone.fleetId).toBe('fleet-west'); // the fleet based nearest the pickup
  });

  it('is idempotent by deliveryRequestId: a repeated request gets the same drone', async () => {
    harness = await startHarness(PARKED);
    const request = assignmentRequest();
    const first = await harness.scheduler.requestDroneAssignment({}, request, { timeoutMs: 5000 });
    const again = await harness.scheduler.requestDroneAssignment({}, request, { timeoutMs: 5000 });
    expect(again.data).toEqual(first.data);
    const other = await harness.scheduler.requestDroneAssignment({}, assignmentRequest(), { timeoutMs: 5000 });
    expect(other.data.outcome).toBe('assigned');
    expect(other.data.droneId).not.toBe(first.data.droneId);
    expect(harness.service.fleet.find({ status: 'assigned' })).toHaveLength(2);
  });

  it('rejects a package no drone can lift with payload-too-heavy', async () => {
    // A fleet without the 10 kg lifters (the default fleet lifts anything the contract allows).
    harness = await startHarness({ ...PARKED, drones: DEFAULT_DRONES.filter((d) => d.model !== 'quad-lift-10') });
    const reply = await harness.scheduler.requestDroneAssignment({}, assignmentRequest({ package: { size: 'medium', weightKg: 7 } }), {
      timeoutMs: 5000,
    });
    expect(reply.data).toMatchObject({ outcome: 'rejected', droneId: null, estimatedPickupAt: null, rejectionReason: 'payload-too-heavy' });
    expect(harness.service.fleet.find({ status: 'available' })).toHaveLength(4);
  });

  it('rejects a large package for small drones, a far job with out-of-range, and busy fleets with no-drone-available', async () => {
    harness = await startHarness(PARKED);
    const large = await harness.scheduler.requestDroneAssignment({}, assignmentRequest({ package: { size: 'large', weightKg: 6 } }), {
      timeoutMs: 5000,
    });
    expect(large.data.outcome).toBe('assigned');
    expect(harness.service.fleet.get(large.data.droneId!)!.drone.model).toBe('quad-lift-10');
    // Portland is far beyond any drone's range.
    const far = await harness.scheduler.requestDroneAssignment({}, assignmentRequest({ dropoff: { lat: 45.5152, lon: -122.6784 } }), {
      timeoutMs: 5000,
    });
    expect(far.data).toMatchObject({ outcome: 'rejected', rejectionReason: 'out-of-range' });
    const secondLarge = await harness.scheduler.requestDroneAssignment({}, assignmentRequest({ package: { size: 'large', weightKg: 6 } }), {
      timeoutMs: 5000,
    });
    expect(secondLarge.data.outcome).toBe('assigned');
    const thirdLarge = await harness.scheduler.requestDroneAssignment({}, assignmentRequest({ package: { size: 'large', weightKg: 6 } }), {
      timeoutMs: 5000,
    });
    expect(thirdLarge.data).toMatchObject({ outcome: 'rejected', rejectionReason: 'no-drone-available' });
  });
});

describe('fleet quotes (publish/async responses)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('every fleet answers a quote request', async () => {
    harness = await startHarness(PARKED);
    const job = assignmentRequest();
    const quoteRequestId = randomUUID();
    const quotes = await harness.scheduler.requestFleetQuotes(
      {},
      {
        quoteRequestId,
        deliveryRequestId: job.deliveryRequestId,
        pickup: job.pickup,
        dropoff: job.dropoff,
        pickupWindow: job.pickupWindow,
        package: job.package,
        respondBy: new Date(Date.now() + 10_000).toISOString(),
      },
      { deadlineMs: 5000, count: 2 },
    );
    expect(quotes.map((q) => q.data.fleetId).sort()).toEqual(['fleet-east', 'fleet-west']);
    for (const { data } of quotes) {
      expect(data.quoteRequestId).toBe(quoteRequestId);
      expect(data.price.amount).toMatch(/^[0-9]{1,9}[.][0-9]{2}$/);
      expect(Date.parse(data.estimatedDropoffAt)).toBeGreaterThan(Date.parse(data.estimatedPickupAt));
    }
    // Quoting reserves nothing.
    expect(harness.service.fleet.find({ status: 'available' })).toHaveLength(6);
  });

  it('a fleet that cannot fly the job stays silent', async () => {
    harness = await startHarness(PARKED);
    const job = assignmentRequest({ dropoff: { lat: 45.5152, lon: -122.6784 } });
    const quotes = await harness.scheduler.requestFleetQuotes(
      {},
      {
        quoteRequestId: randomUUID(),
        deliveryRequestId: job.deliveryRequestId,
        pickup: job.pickup,
        dropoff: job.dropoff,
        pickupWindow: job.pickupWindow,
        package: job.package,
        respondBy: new Date(Date.now() + 10_000).toISOString(),
      },
      { deadlineMs: 500 },
    );
    expect(quotes).toEqual([]);
  });
});
