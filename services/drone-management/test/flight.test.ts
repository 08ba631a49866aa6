import { afterEach, describe, expect, it } from 'vitest';
import { assignmentRequest, startHarness, statusesOf, waitFor, type Harness } from './helpers.ts';

const FULL_FLIGHT = ['assigned', 'en-route-to-pickup', 'loading', 'en-route-to-dropoff', 'dropping-off', 'returning', 'available'];

describe('simulated flights', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('an assigned drone flies the job: every status change in order, positions in between, and is available again', async () => {
    harness = await startHarness();
    const h = harness;
    const reply = await h.scheduler.requestDroneAssignment({}, assignmentRequest(), { timeoutMs: 5000 });
    const droneId = reply.data.droneId!;
    await waitFor('the drone to be available again', () => statusesOf(h, droneId).at(-1) === 'available');
    expect(statusesOf(h, droneId)).toEqual(FULL_FLIGHT);
    const events = h.statuses.filter((e) => e.data.droneId === droneId);
    // Each event names the state it left; none names a delivery (the Delivery service maps drones to deliveries).
    expect(events.map((e) => e.data.previousStatus)).toEqual(['available', ...FULL_FLIGHT.slice(0, -1)]);
    expect(
      events.every((e) => e.data.deliveryId === null && e.correlationid === reply.data.deliveryRequestId && e.subject === droneId),
    ).toBe(true);

    const fixes = h.positions.filter((e) => e.data.droneId === droneId);
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    const takeOff = Date.parse(events[1]!.data.changedAt);
    const landing = Date.parse(events.at(-1)!.data.changedAt);
    for (const { data } of fixes) {
      expect(Date.parse(data.reportedAt)).toBeGreaterThanOrEqual(takeOff);
      expect(Date.parse(data.reportedAt)).toBeLessThanOrEqual(landing);
      expect(data.position.altitude).toBeGreaterThan(0);
      expect(data.headingDeg).toBeGreaterThanOrEqual(0);
      expect(data.headingDeg).toBeLessThan(360);
      expect(data.deliveryId).toBeNull();
    }
    const batteries = fixes.map((f) => f.data.batteryPercent);
    expect([...batteries].sort((a, b) => b - a)).toEqual(batteries);
    const drone = h.service.fleet.get(droneId)!;
    expect(drone.drone.status).toBe('available');
    expect(drone.position).toEqual(drone.home);
  });

  it('releasing before take-off cancels the flight: the drone is available at once and never flies', async () => {
    harness = await startHarness({ timing: { startDelaySec: 36_000 } });
    const h = harness;
    const request = assignmentRequest();
    const reply = await h.scheduler.requestDroneAssignment({}, request, { timeoutMs: 5000 });
    const droneId = reply.data.droneId!;
    const released = await h.fetch(`/v1/assignments/${request.deliveryRequestId}`, { method: 'DELETE' });
    expect(released.status).toBe(204);
    await waitFor('the release to be published', () => statusesOf(h, droneId).length === 2);
    expect(statusesOf(h, droneId)).toEqual(['assigned', 'available']);
    expect(h.service.fleet.get(droneId)!.drone.status).toBe('available');
    // Releasing again is fine, and the drone takes the next job.
    expect((await h.fetch(`/v1/assignments/${request.deliveryRequestId}`, { method: 'DELETE' })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(statusesOf(h, droneId)).toEqual(['assigned', 'available']);
    expect(h.positions.filter((e) => e.data.droneId === droneId)).toEqual([]);
  });

  it('releasing a drone in flight sends it back to base', async () => {
    // Slow legs (100 simulated minutes: 3 s real) so the release lands mid-leg.
    harness = await startHarness({ timing: { startDelaySec: 10, minLegSec: 6000, maxLegSec: 6000 } });
    const h = harness;
    const request = assignmentRequest();
    const reply = await h.scheduler.requestDroneAssignment({}, request, { timeoutMs: 5000 });
    const droneId = reply.data.droneId!;
    await waitFor('take-off', () => statusesOf(h, droneId).includes('en-route-to-pickup'));
    expect((await h.fetch(`/v1/assignments/${request.deliveryRequestId}`, { method: 'DELETE' })).status).toBe(204);
    await waitFor('the drone to be back', () => statusesOf(h, droneId).at(-1) === 'available');
    expect(statusesOf(h, droneId)).toEqual(['assigned', 'en-route-to-pickup', 'returning', 'available']);
    const drone = h.service.fleet.get(droneId)!;
    expect(drone.position).toEqual(drone.home);
  });

  it('stop() ends the flights: nothing is published afterwards', async () => {
    harness = await startHarness();
    const h = harness;
    const reply = await h.scheduler.requestDroneAssignment({}, assignmentRequest(), { timeoutMs: 5000 });
    await h.service.stop();
    const published = h.statuses.length + h.positions.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(h.statuses.length + h.positions.length).toBe(published);
    expect(statusesOf(h, reply.data.droneId!)).not.toContain('available');
  });
});
