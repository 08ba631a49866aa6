/**
 * The calls a shipper's integration makes through the gateway, in a steady open-model stream:
 * requests start on a fixed clock whatever the answers take (a closed loop would slow down with
 * the system and hide its latency), in a mix of writes and reads.
 */
import { randomUUID } from 'node:crypto';
import { DEV_ACCOUNT_ID } from '@drone-delivery/platform';

const API = 'api-version=2026-09-01';

/** One request's outcome: when it started (ms since the load began), how long it took, its status (0: no answer). */
export interface Sample {
  at: number;
  ms: number;
  status: number;
  kind: Kind;
  /** An overview that answered 200 with a part missing. */
  degraded?: boolean;
  /** The body of an unexpected answer (the first few bytes), to say what went wrong. */
  problem?: string;
}

export type Kind = 'schedule' | 'operation' | 'request' | 'delivery-status' | 'overview';

/** Twenty requests: 3 schedulings (POST with an idempotency key), then polls and reads. */
const CYCLE: readonly Kind[] = [
  'schedule',
  'operation',
  'overview',
  'delivery-status',
  'request',
  'operation',
  'overview',
  'delivery-status',
  'schedule',
  'operation',
  'overview',
  'request',
  'delivery-status',
  'operation',
  'overview',
  'schedule',
  'operation',
  'delivery-status',
  'overview',
  'request',
];

/** What a kind of call expects: anything else is an error. */
const EXPECTED: Record<Kind, number> = { schedule: 202, operation: 200, request: 200, 'delivery-status': 200, overview: 200 };

const body = () =>
  JSON.stringify({
    accountId: DEV_ACCOUNT_ID,
    pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
    dropoff: { label: 'Customer', point: { lat: 47.615, lon: -122.335 } },
    pickupWindow: { start: new Date(Date.now() + 1_800_000).toISOString(), end: new Date(Date.now() + 5_400_000).toISOString() },
    package: { size: 'small', weightKg: 1.5 },
    priority: 'express',
  });

/** The most recent ids the reads pick from (bounded, so the load generator's own memory stays flat). */
class Recent {
  #items: string[] = [];
  #next = 0;
  constructor(private readonly size = 64) {}
  add(item: string) {
    if (this.#items.length < this.size) this.#items.push(item);
    else this.#items[this.#next++ % this.size] = item;
  }
  pick(): string | undefined {
    return this.#items[Math.floor(Math.random() * this.#items.length)];
  }
}

export interface LoadOptions {
  gateway: string;
  apiKey: string;
  ratePerSecond: number;
  durationMs: number;
  /**
   * A warm-up before it, not measured: the rate climbs from a fifth to all of it (cold processes
   * compile their code and fill their pools, as a deployment's would behind a readiness check).
   */
  warmupMs?: number;
  signal: AbortSignal;
  /** Requests in flight beyond which a due request is counted as an error instead of sent. */
  maxInFlight?: number;
  onSample?: (sample: Sample) => void;
}

/**
 * Runs the mix at `ratePerSecond` for `durationMs` (after the warm-up); resolves once the last
 * answer came with the measured samples (`at` from the end of the warm-up) and the warm-up's.
 */
export async function runLoad(options: LoadOptions): Promise<{ samples: Sample[]; warmup: Sample[] }> {
  const { gateway, apiKey } = options;
  const headers = { 'x-api-key': apiKey, accept: 'application/json, application/problem+json' };
  const requests = new Recent();
  const deliveries = new Recent();
  const samples: Sample[] = [];
  const warmup: Sample[] = [];
  const warmupMs = options.warmupMs ?? 0;
  const inFlight = new Set<Promise<void>>();
  const maxInFlight = options.maxInFlight ?? 256;

  const call = async (kind: Kind, at: number) => {
    const started = performance.now();
    let status = 0;
    let degraded = false;
    let problem: string | undefined;
    const requestId = requests.pick();
    const deliveryId = deliveries.pick();
    // Reads need ids from earlier schedulings; until there are some, schedule instead.
    const needsRequest = kind === 'operation' || kind === 'request';
    const needsDelivery = kind === 'delivery-status' || kind === 'overview';
    const effective: Kind = (needsRequest && !requestId) || (needsDelivery && !deliveryId) ? 'schedule' : kind;
    try {
      let response: Response;
      switch (effective) {
        case 'schedule':
          response = await fetch(`${gateway}/delivery-requests?${API}`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: body(),
            signal: AbortSignal.timeout(30_000),
          });
          break;
        case 'operation':
          response = await fetch(`${gateway}/delivery-requests/${requestId}/status?${API}`, {
            headers,
            signal: AbortSignal.timeout(30_000),
          });
          break;
        case 'request':
          response = await fetch(`${gateway}/delivery-requests/${requestId}?${API}`, { headers, signal: AbortSignal.timeout(30_000) });
          break;
        case 'delivery-status':
          response = await fetch(`${gateway}/deliveries/${deliveryId}/status?${API}`, { headers, signal: AbortSignal.timeout(30_000) });
          break;
        case 'overview':
          response = await fetch(`${gateway}/deliveries/${deliveryId}/overview?${API}`, { headers, signal: AbortSignal.timeout(30_000) });
          break;
      }
      status = response.status;
      const text = await response.text();
      const ok = status === EXPECTED[effective];
      if (!ok) problem = text.slice(0, 300);
      const json = ok && text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      if (effective === 'schedule' && json) requests.add(json.deliveryRequestId as string);
      if (effective === 'operation' && typeof json?.deliveryId === 'string') deliveries.add(json.deliveryId);
      if (effective === 'overview' && Array.isArray(json?.degraded)) degraded = json.degraded.length > 0;
    } catch (error) {
      status = 0;
      problem = String(error);
    }
    const sample: Sample = {
      at,
      ms: performance.now() - started,
      status,
      kind: effective,
      ...(degraded ? { degraded } : {}),
      ...(problem === undefined ? {} : { problem }),
    };
    if (at < 0) return void warmup.push(sample);
    samples.push(sample);
    options.onSample?.(sample);
  };

  const begin = performance.now();
  let due = 0;
  for (let i = 0; due < warmupMs + options.durationMs && !options.signal.aborted; i++) {
    const wait = begin + due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (options.signal.aborted) break;
    const kind = CYCLE[i % CYCLE.length]!;
    const at = due - warmupMs;
    const rate = due < warmupMs ? options.ratePerSecond * (0.2 + (0.8 * due) / warmupMs) : options.ratePerSecond;
    due += 1000 / rate;
    if (inFlight.size >= maxInFlight) {
      (at < 0 ? warmup : samples).push({ at, ms: 0, status: -1, kind, problem: `more than ${maxInFlight} requests in flight` });
      continue;
    }
    const running = call(kind, at).finally(() => inFlight.delete(running));
    inFlight.add(running);
  }
  await Promise.allSettled([...inFlight]);
  return { samples, warmup };
}

/** Whether a sample is the answer its kind expects (a 2xx: 202 for a scheduling, 200 for the reads). */
export const expected = (sample: Sample) => sample.status === EXPECTED[sample.kind];
