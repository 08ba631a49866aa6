import { describe, expect, it } from 'vitest';
import { chooseDrone } from '../src/assignments.ts';
import { Fleet, type DroneState, type Job } from '../src/fleet.ts';
import { decodeCursor, encodeCursor } from '../src/http.ts';
import { DROPOFF, PICKUP } from './helpers.ts';

const job = (size: Job['package']['size'], weightKg: number): Job => ({ pickup: PICKUP, dropoff: DROPOFF, package: { size, weightKg } });
const serial = (choice: DroneState | string) => (typeof choice === 'string' ? choice : choice.drone.serialNumber);

describe('choosing a drone', () => {
  it('takes the smallest drone of the nearest depot that will do', () => {
    const drones = Fleet.seeded().all();
    expect(serial(chooseDrone(drones, job('small', 1)))).toBe('FW-001103');
    expect(serial(chooseDrone(drones, job('small', 4)))).toBe('FW-001101');
    expect(serial(chooseDrone(drones, job('medium', 2)))).toBe('FW-001101');
    expect(serial(chooseDrone(drones, job('large', 2)))).toBe('FW-001102');
  });

  it('falls back to the other fleet when the near one is busy or too low on battery', () => {
    const fleet = Fleet.seeded();
    for (const s of fleet.find({ fleetId: 'fleet-west' })) s.drone.status = 'maintenance';
    expect(serial(chooseDrone(fleet.all(), job('small', 1)))).toBe('FE-002203');
    for (const s of fleet.find({ fleetId: 'fleet-east' })) s.drone.batteryPercent = 21;
    expect(chooseDrone(fleet.all(), job('small', 1))).toBe('no-drone-available');
  });

  it('cursors round-trip; foreign ones are refused', () => {
    expect(decodeCursor(encodeCursor('FW-001101'))).toBe('FW-001101');
    expect(decodeCursor('bm90LWpzb24')).toBeUndefined();
  });
});
