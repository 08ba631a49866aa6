/** Plane geometry on the WGS 84 sphere, enough for short drone flights. */

/** A point on the map; `altitude` (metres) only for airborne objects. */
export interface GeoPoint {
  lat: number;
  lon: number;
  altitude?: number;
}

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial true bearing from `a` to `b`, in degrees within [0, 360). */
export function bearingDeg(a: GeoPoint, b: GeoPoint): number {
  const y = Math.sin(rad(b.lon - a.lon)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lon - a.lon));
  const bearing = (deg(Math.atan2(y, x)) + 360) % 360;
  // Rounding can land exactly on 360, which the contract excludes.
  return bearing >= 360 ? 0 : bearing;
}

/** The point at `fraction` (0..1) of the straight line from `a` to `b` (linear: fine over a few kilometres). */
export function interpolate(a: GeoPoint, b: GeoPoint, fraction: number): GeoPoint {
  const f = Math.min(1, Math.max(0, fraction));
  return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f };
}

/** A point on the ground (without altitude), rounded to about 1 cm. */
export function onGround(p: GeoPoint): GeoPoint {
  return { lat: round(p.lat, 7), lon: round(p.lon, 7) };
}

/** A point in the air at `altitude` metres, rounded to about 1 cm. */
export function inAir(p: GeoPoint, altitude: number): GeoPoint {
  return { ...onGround(p), altitude };
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
