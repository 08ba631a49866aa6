/**
 * `pnpm bench:system`: the drone delivery system in a child process (all services, in-memory bus),
 * load from this process on loopback. Measures deliveries scheduled per second through the gateway
 * and straight to the scheduler with the token the gateway would send (autocannon, `CONNECTIONS` connections, `BENCH_SECONDS` each, rounds
 * alternating), and the latency of reads one at a time (p50/p99, µs resolution): the delivery status
 * through the gateway beside the same request straight to the Delivery service (the gateway's cost),
 * and the composed overview. Goal: the gateway adds under 1 ms at p50. Ends with one `bench-result:` line.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { DEV_ACCOUNT_ID, serviceToken, systemConfig } from '../../services/platform/src/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;
const READS = Number(process.env.BENCH_READS ?? 2_000);
const API = 'api-version=2026-09-01';

const ports = Object.fromEntries(
  [
    'PORT',
    'DELIVERY_SCHEDULER_PORT',
    'ACCOUNTS_PORT',
    'PACKAGE_PORT',
    'DRONE_MANAGEMENT_PORT',
    'DELIVERY_PORT',
    'DELIVERY_HISTORY_PORT',
  ].map((k) => [k, '0']),
);
// Development keys from a seed this process knows too, so it can call the internal services as the
// gateway does; NODE_ENV=production only turns response validation off (APILIFE_MODE sets the mode).
const seed = randomBytes(24).toString('base64url');
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'services/system/src/main.ts', '--format', 'json'], {
  env: {
    ...process.env,
    ...ports,
    APILIFE_TRANSPORT: 'memory',
    APILIFE_RATE_LIMIT: '100000000',
    APILIFE_INTERNAL_RATE_LIMIT: '100000000',
    APILIFE_TIME_SCALE: '3000',
    APILIFE_MODE: 'development',
    APILIFE_DEV_SEED: seed,
    NODE_ENV: 'production',
  },
  stdio: ['ignore', 'pipe', 'ignore'],
});
const started = (await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`the system exited (${code})`)));
})) as string;
const { services, apiKey } = JSON.parse(started) as { services: Record<string, string>; apiKey: string };
const gateway = services.gateway!;
const accountId = DEV_ACCOUNT_ID;

const body = () =>
  JSON.stringify({
    accountId,
    pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
    dropoff: { label: 'Customer', point: { lat: 47.615, lon: -122.335 } },
    pickupWindow: { start: new Date(Date.now() + 1_800_000).toISOString(), end: new Date(Date.now() + 5_400_000).toISOString() },
    package: { size: 'small', weightKg: 1.5 },
  });
const headers = { 'x-api-key': apiKey, 'content-type': 'application/json', accept: 'application/json' };
/** What the gateway sends an internal service when it acts for the account (straight calls use the same). */
const config = systemConfig({ APILIFE_DEV_SEED: seed });
const asGateway = async (to: 'delivery-scheduler' | 'delivery') => ({
  'content-type': 'application/json',
  accept: 'application/json',
  authorization: `Bearer ${await serviceToken(config, { from: 'gateway', to, account: accountId, ttlSeconds: 600 })}`,
});
const direct = { 'delivery-scheduler': await asGateway('delivery-scheduler'), delivery: await asGateway('delivery') };

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

// One delivery flown to the end, to read.
const accepted = await json(`${gateway}/delivery-requests?${API}`, {
  method: 'POST',
  body: body(),
  headers: { 'idempotency-key': randomUUID() },
});
const requestId = accepted.body.deliveryRequestId as string;
let deliveryId = '';
for (let i = 0; i < 400 && !deliveryId; i++) {
  const status = await json(`${gateway}/delivery-requests/${requestId}/status?${API}`);
  if (status.body.state === 'succeeded') deliveryId = status.body.deliveryId as string;
  else await new Promise((r) => setTimeout(r, 50));
}
if (!deliveryId) throw new Error('the delivery was never scheduled');
for (let i = 0; i < 400; i++) {
  const overview = await json(`${gateway}/deliveries/${deliveryId}/overview?${API}`);
  if ((overview.body.delivery as { stage: string }).stage === 'delivered') break;
  await new Promise((r) => setTimeout(r, 50));
}

/** Scheduling throughput against `base` (202s per second). */
async function schedule(base: string, with_: Record<string, string>): Promise<number> {
  const result = await autocannon({
    url: `${base}/delivery-requests?${API}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      { method: 'POST', setupRequest: (request) => ({ ...request, headers: { ...with_, 'idempotency-key': randomUUID() }, body: body() }) },
    ],
  });
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  return accepted / SECONDS;
}

/** Reads one at a time, interleaved, so both sides see the same machine; returns µs per read. */
async function latencies(reads: [url: string, headers: Record<string, string>][]): Promise<number[][]> {
  const samples = reads.map(() => [] as number[]);
  for (let i = 0; i < READS; i++) {
    for (const [k, [url, with_]] of reads.entries()) {
      const start = process.hrtime.bigint();
      const response = await fetch(url, { headers: with_ });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      samples[k]!.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return samples;
}
const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const median = (values: number[]) => pct(values, 50);

// Reads first, on a quiet system (the scheduling load leaves workflows running behind it).
const [viaGateway, straight, overview] = await latencies([
  [`${gateway}/deliveries/${deliveryId}/status?${API}`, headers],
  [`${services.delivery}/deliveries/${deliveryId}/status?${API}`, direct.delivery],
  [`${gateway}/deliveries/${deliveryId}/overview?${API}`, headers],
]);
process.stderr.write(
  `bench:system — system in a child process; ${ROUNDS} rounds × ${SECONDS}s of scheduling (${CONNECTIONS} connections), ${READS} reads one at a time\n`,
);
const rps = { gateway: [] as number[], direct: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  for (const side of round % 2 === 0 ? (['gateway', 'direct'] as const) : (['direct', 'gateway'] as const)) {
    const rate =
      side === 'gateway' ? await schedule(gateway, headers) : await schedule(services['delivery-scheduler']!, direct['delivery-scheduler']);
    rps[side].push(rate);
    process.stderr.write(`  round ${round + 1}/${ROUNDS} schedule via ${side.padEnd(7)} ${Math.round(rate)} deliveries/s\n`);
  }
}
child.kill('SIGTERM');

const ms = (us: number) => Number((us / 1000).toFixed(3));
const figures = {
  'schedule-gateway-per-s': Math.round(median(rps.gateway)),
  'schedule-direct-per-s': Math.round(median(rps.direct)),
  'status-gateway-p50-ms': ms(pct(viaGateway!, 50)),
  'status-gateway-p99-ms': ms(pct(viaGateway!, 99)),
  'status-direct-p50-ms': ms(pct(straight!, 50)),
  'status-direct-p99-ms': ms(pct(straight!, 99)),
  'gateway-added-p50-ms': ms(pct(viaGateway!, 50) - pct(straight!, 50)),
  'overview-p50-ms': ms(pct(overview!, 50)),
  'overview-p99-ms': ms(pct(overview!, 99)),
};
console.log('\n| measure | through the gateway | straight to the service |');
console.log('| --- | --- | --- |');
console.log(`| deliveries scheduled per second | ${figures['schedule-gateway-per-s']} | ${figures['schedule-direct-per-s']} (scheduler) |`);
console.log(
  `| delivery status p50 / p99 (ms) | ${figures['status-gateway-p50-ms']} / ${figures['status-gateway-p99-ms']} | ${figures['status-direct-p50-ms']} / ${figures['status-direct-p99-ms']} (delivery) |`,
);
console.log(`| composed overview p50 / p99 (ms) | ${figures['overview-p50-ms']} / ${figures['overview-p99-ms']} | — (four services) |`);
const added = figures['gateway-added-p50-ms'];
console.log(`\nGoal: the gateway adds under 1 ms at p50: ${added} ms ${added < 1 ? '✓' : '✘'}`);
console.log(
  `\nbench-result: ${JSON.stringify({ figures, speedup: { 'vs-direct-schedule': Number((figures['schedule-gateway-per-s'] / figures['schedule-direct-per-s']).toFixed(3)), 'vs-direct-status-p50': Number((figures['status-direct-p50-ms'] / figures['status-gateway-p50-ms']).toFixed(3)) } })}`,
);
process.exit(0);
