import type { Drone, DronePosition, DroneStatus } from './generated/drone-management/types.gen.ts';
import { distanceMeters, onGround, type GeoPoint } from './geo.ts';

/** The drone models and what they can do. */
export type DroneModel = Drone['model'];
/** Package sizes, as assignment and quote requests name them. */
export type PackageSize = 'small' | 'medium' | 'large';

/** Performance of a drone model. */
export interface ModelSpec {
  maxPayloadKg: number;
  /** Package sizes the payload bay takes. */
  sizes: readonly PackageSize[];
  /** Cruise ground speed, m/s. */
  cruiseMps: number;
  /** Longest round trip (base → pickup → drop-off → base) on a full battery, km. */
  rangeKm: number;
  /** Battery used per km flown, percentage points. */
  drainPerKm: number;
  /** Quote price: base fee and per km of the delivery leg, USD. */
  price: { base: number; perKm: number };
}

/** The models of the fleets. */
export const MODELS: Readonly<Record<DroneModel, ModelSpec>> = {
  'quad-lift-5': {
    maxPayloadKg: 5,
    sizes: ['small', 'medium'],
    cruiseMps: 15,
    rangeKm: 50,
    drainPerKm: 1.4,
    price: { base: 4, perKm: 0.6 },
  },
  'quad-lift-10': {
    maxPayloadKg: 10,
    sizes: ['small', 'medium', 'large'],
    cruiseMps: 14,
    rangeKm: 45,
    drainPerKm: 1.6,
    price: { base: 6, perKm: 0.8 },
  },
  'fixed-wing-3': { maxPayloadKg: 3, sizes: ['small'], cruiseMps: 25, rangeKm: 90, drainPerKm: 0.8, price: { base: 3, perKm: 0.45 } },
};

/** Battery left after a job, below which a drone does not take it. */
export const RESERVE_PERCENT = 20;

/** A regional fleet and the depot its drones fly from. */
export interface FleetSpec {
  id: string;
  depot: GeoPoint;
}

/** The two fleets of the simulation: Seattle (SoDo) and Bellevue. */
export const FLEETS: readonly FleetSpec[] = [
  { id: 'fleet-west', depot: { lat: 47.5952, lon: -122.3316 } },
  { id: 'fleet-east', depot: { lat: 47.6101, lon: -122.2015 } },
];

/** One simulated drone: its public representation plus where it lives and what it is doing. */
export interface DroneState {
  drone: Drone;
  /** Where it takes off from and lands (a pad at its fleet's depot). */
  home: GeoPoint;
  /** Current position (on the ground unless flying). */
  position: GeoPoint;
  /** Last position fix, as `getDronePosition` returns it. */
  lastFix: DronePosition;
  /** The delivery request it is assigned to, if any. */
  deliveryRequestId: string | null;
}

/** What a job asks of a drone. */
export interface Job {
  pickup: GeoPoint;
  dropoff: GeoPoint;
  package: { size: PackageSize; weightKg: number };
}

/** A drone to start the simulation with. */
export interface DroneSeed {
  id: string;
  /** Fleet prefix plus six digits, e.g. `FW-001101`. */
  serialNumber: string;
  /** One of `FLEETS`. */
  fleetId: string;
  model: DroneModel;
  batteryPercent: number;
  /** Offset of its landing pad from the depot, degrees of latitude and longitude. */
  pad: readonly [number, number];
}

/** The default fleets: six drones, one of each model in each fleet, all available at their depots. */
export const DEFAULT_DRONES: readonly DroneSeed[] = [
  {
    id: 'a1d2c3b4-0001-4f01-8a01-00000000f101',
    serialNumber: 'FW-001101',
    fleetId: 'fleet-west',
    model: 'quad-lift-5',
    batteryPercent: 100,
    pad: [0.0002, 0.0001],
  },
  {
    id: 'a1d2c3b4-0002-4f01-8a01-00000000f102',
    serialNumber: 'FW-001102',
    fleetId: 'fleet-west',
    model: 'quad-lift-10',
    batteryPercent: 96,
    pad: [0.0002, -0.0001],
  },
  {
    id: 'a1d2c3b4-0003-4f01-8a01-00000000f103',
    serialNumber: 'FW-001103',
    fleetId: 'fleet-west',
    model: 'fixed-wing-3',
    batteryPercent: 88,
    pad: [-0.0002, 0.0001],
  },
  {
    id: 'b2e3d4c5-0001-4e02-9b02-00000000e201',
    serialNumber: 'FE-002201',
    fleetId: 'fleet-east',
    model: 'quad-lift-5',
    batteryPercent: 100,
    pad: [0.0002, 0.0001],
  },
  {
    id: 'b2e3d4c5-0002-4e02-9b02-00000000e202',
    serialNumber: 'FE-002202',
    fleetId: 'fleet-east',
    model: 'quad-lift-10',
    batteryPercent: 92,
    pad: [0.0002, -0.0001],
  },
  {
    id: 'b2e3d4c5-0003-4e02-9b02-00000000e203',
    serialNumber: 'FE-002203',
    fleetId: 'fleet-east',
    model: 'fixed-wing-3',
    batteryPercent: 81,
    pad: [-0.0002, 0.0001],
  },
];

/** The ids of the seeded drones, by serial number (tests and demos). */
export const DRONE_IDS: Readonly<Record<string, string>> = Object.fromEntries(DEFAULT_DRONES.map((d) => [d.serialNumber, d.id]));

/** Whether a model can lift the package at all. */
export function canCarry(model: DroneModel, pkg: Job['package']): boolean {
  const spec = MODELS[model];
  return pkg.weightKg <= spec.maxPayloadKg && spec.sizes.includes(pkg.size);
}

/** Length of the whole job for a drone based at `home`: home → pickup → drop-off → home, metres. */
export function routeMeters(home: GeoPoint, job: Job): number {
  return distanceMeters(home, job.pickup) + distanceMeters(job.pickup, job.dropoff) + distanceMeters(job.dropoff, home);
}

/** Whether the job is within the model's range from `home`. */
export function inRange(model: DroneModel, home: GeoPoint, job: Job): boolean {
  return routeMeters(home, job) <= MODELS[model].rangeKm * 1000;
}

/** Whether the drone is idle with enough battery for the job plus the reserve. */
export function canFlyNow(state: DroneState, job: Job): boolean {
  if (state.drone.status !== 'available') return false;
  const needed = (routeMeters(state.home, job) / 1000) * MODELS[state.drone.model].drainPerKm;
  return state.drone.batteryPercent - needed >= RESERVE_PERCENT;
}

/** The in-memory fleets: every drone's state, ordered by serial number. */
export class Fleet {
  readonly #drones = new Map<string, DroneState>();

  /** A fleet of these drones, parked at their depots, last seen `now`. */
  static seeded(drones: readonly DroneSeed[] = DEFAULT_DRONES, now: Date = new Date()): Fleet {
    const fleet = new Fleet();
    for (const seed of drones) {
      const depot = FLEETS.find((f) => f.id === seed.fleetId)?.depot;
      if (!depot) throw new Error(`drone ${seed.serialNumber}: unknown fleet ${seed.fleetId}`);
      const home = onGround({ lat: depot.lat + seed.pad[0], lon: depot.lon + seed.pad[1] });
      const lastSeenAt = now.toISOString();
      fleet.#drones.set(seed.id, {
        drone: {
          id: seed.id,
          serialNumber: seed.serialNumber,
          fleetId: seed.fleetId,
          model: seed.model,
          maxPayloadKg: MODELS[seed.model].maxPayloadKg,
          status: 'available',
          batteryPercent: seed.batteryPercent,
          currentDeliveryId: null,
          lastSeenAt,
        },
        home,
        position: home,
        lastFix: {
          droneId: seed.id,
          deliveryId: null,
          position: home,
          headingDeg: 0,
          groundSpeedMps: 0,
          batteryPercent: seed.batteryPercent,
          reportedAt: lastSeenAt,
        },
        deliveryRequestId: null,
      });
    }
    return fleet;
  }

  /** Every drone, ordered by serial number. */
  all(): DroneState[] {
    return [...this.#drones.values()].sort((a, b) =>
      a.drone.serialNumber < b.drone.serialNumber ? -1 : a.drone.serialNumber > b.drone.serialNumber ? 1 : 0,
    );
  }

  /** One drone, or undefined. */
  get(droneId: string): DroneState | undefined {
    return this.#drones.get(droneId);
  }

  /** Drones matching the filters, ordered by serial number. */
  find(filter: { fleetId?: string; status?: DroneStatus } = {}): DroneState[] {
    return this.all().filter(
      (s) =>
        (filter.fleetId === undefined || s.drone.fleetId === filter.fleetId) &&
        (filter.status === undefined || s.drone.status === filter.status),
    );
  }
}
