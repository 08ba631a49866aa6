import type {
  Delivery,
  DeliverySchedule,
  DeliveryStatus,
  DeliveryStatusV1,
  GeoPoint,
  NotificationSubscription,
} from './generated/delivery/types.gen.ts';
import type { DeliveryRecord, SubscriptionRecord } from './store.ts';

/** The `ETag` of a delivery and of its schedule: they share the delivery's version. */
export function deliveryEtag(record: DeliveryRecord): string {
  return `"${record.version}"`;
}

/** The internal view of a delivery (`Delivery`). */
export function toDelivery(record: DeliveryRecord): Delivery {
  return {
    id: record.id,
    deliveryRequestId: record.deliveryRequestId,
    accountId: record.accountId,
    packageId: record.packageId,
    droneId: record.stage === 'cancelled' ? null : record.droneId,
    stage: record.stage,
    pickup: record.pickup,
    dropoff: record.dropoff,
    pickupWindow: record.pickupWindow,
    rescheduleCount: record.rescheduleCount,
    deliveredAt: record.deliveredAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The schedule sub-resource (`DeliverySchedule`). */
export function toSchedule(record: DeliveryRecord): DeliverySchedule {
  return {
    pickupWindow: record.pickupWindow,
    lastRescheduleReason: record.lastRescheduleReason,
    rescheduleCount: record.rescheduleCount,
    updatedAt: record.updatedAt,
  };
}

/** The public tracking view (`DeliveryStatus`). */
export function toStatus(record: DeliveryRecord): DeliveryStatus {
  const inTransit = record.stage === 'in-transit';
  return {
    deliveryId: record.id,
    stage: record.stage,
    estimatedArrival: estimatedArrival(record),
    lastKnownPosition: inTransit ? record.tracking.lastKnownPosition : null,
    updatedAt: later(record.updatedAt, record.tracking.updatedAt),
  };
}

const V1_STATUS = { created: 'CREATED', 'in-transit': 'IN_TRANSIT', delivered: 'DELIVERED', cancelled: 'CANCELLED' } as const;

/** The legacy v1 tracking view (`DeliveryStatusV1`): the same data, flat. */
export function toStatusV1(record: DeliveryRecord): DeliveryStatusV1 {
  return { id: record.id, status: V1_STATUS[record.stage], eta: estimatedArrival(record) };
}

/** A subscription as the API shows it, with its destination masked (personal data). */
export function toSubscription(record: SubscriptionRecord): NotificationSubscription {
  return {
    id: record.id,
    deliveryId: record.deliveryId,
    channel: record.channel,
    destination: maskDestination(record.channel, record.destination),
    events: record.events,
    createdAt: record.createdAt,
  };
}

/**
 * Masks a phone number (`+14255550199` → `+1425*****99`) or an email address
 * (`jamie.chen@contoso.com` → `j*********@contoso.com`).
 */
export function maskDestination(channel: 'sms' | 'email', destination: string): string {
  if (channel === 'sms') {
    const keepStart = Math.min(5, destination.length - 2);
    return destination.slice(0, keepStart) + '*'.repeat(Math.max(0, destination.length - keepStart - 2)) + destination.slice(-2);
  }
  const at = destination.lastIndexOf('@');
  const local = destination.slice(0, at);
  return local.slice(0, 1) + '*'.repeat(Math.max(1, local.length - 1)) + destination.slice(at);
}

/** Cruise speed assumed when a drone reports none (m/s). */
export const CRUISE_SPEED_MPS = 15;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * When a drone at `from` at time `at` reaches `to`, flying at `speedMps` (cruise speed when unknown
 * or hovering). `timeScale` is simulated seconds per real second (drone telemetry is simulated).
 */
export function arrivalTime(from: GeoPoint, to: GeoPoint, at: string, speedMps?: number, timeScale = 1): string {
  const speed = speedMps !== undefined && speedMps >= 1 ? speedMps : CRUISE_SPEED_MPS;
  const start = Date.parse(at);
  return new Date(
    (Number.isNaN(start) ? Date.now() : start) + Math.round((distanceMeters(from, to) / speed / timeScale) * 1000),
  ).toISOString();
}

/** Estimated hand-over: `null` once finished; from telemetry in transit; else the planned flight after the pickup window opens. */
function estimatedArrival(record: DeliveryRecord): string | null {
  if (record.stage === 'delivered' || record.stage === 'cancelled') return null;
  if (record.stage === 'in-transit' && record.tracking.estimatedArrival) return record.tracking.estimatedArrival;
  return arrivalTime(record.pickup, record.dropoff, record.pickupWindow.start);
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
