import type { ResponseSpec } from './api-table.ts';
import { isJsonMediaType } from './media-type.ts';

/** One declared response, prepared for rendering. */
export interface PlannedResponse {
  /** Media types in contract order (empty without content). */
  media: readonly string[];
  /** Per media type: JSON (`application/json`, `+json`)? */
  json: readonly boolean[];
  /** Declares an `ETag` header: computed from the body when the handler leaves it out. */
  etag: boolean;
}

/** Finds the declared response for a status: exact, then its range (`2XX`), then `default`. */
export interface ResponsePlan {
  lookup(status: number): PlannedResponse | undefined;
  /** Every media type the operation can answer with, problem+json excluded (for 406). */
  produces: readonly string[];
  /** The numeric statuses declared. */
  statuses: readonly number[];
}

const PROBLEM = 'application/problem+json';

/**
 * Prepares an operation's declared responses once, at startup.
 * @example
 * planResponses([{ status: 200, media: ['application/json'], headers: ['ETag'] }]).lookup(200)?.etag; // true
 */
export function planResponses(specs: readonly ResponseSpec[]): ResponsePlan {
  const exact = new Map<number, PlannedResponse>();
  const ranges: (PlannedResponse | undefined)[] = [];
  let fallback: PlannedResponse | undefined;
  const produces: string[] = [];
  for (const spec of specs) {
    const media = spec.media ?? [];
    const planned: PlannedResponse = {
      media,
      json: media.map((m) => isJsonMediaType(m)),
      etag: (spec.headers ?? []).some((h) => h.toLowerCase() === 'etag'),
    };
    for (const m of media) if (m !== PROBLEM && !produces.includes(m)) produces.push(m);
    if (typeof spec.status === 'number') exact.set(spec.status, planned);
    else if (spec.status === 'default') fallback = planned;
    else ranges[Number(spec.status[0])] = planned;
  }
  return {
    lookup: (status) => exact.get(status) ?? ranges[Math.floor(status / 100)] ?? fallback,
    produces,
    statuses: [...exact.keys()],
  };
}

/**
 * A header value as the `simple` style writes it: strings as they are, numbers and booleans as
 * text, arrays comma-separated, objects as `key,value,key,value`. `undefined` and `null`: no header.
 * @example
 * headerValue(['a', 'b']); // 'a,b'
 */
export function headerValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toUTCString();
  if (Array.isArray(value)) return value.map((item) => headerValue(item) ?? '').join(',');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .flatMap(([key, item]) => [key, headerValue(item) ?? ''])
      .join(',');
  }
  return String(value);
}
