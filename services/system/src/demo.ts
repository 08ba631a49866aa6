/**
 * `pnpm demo`: a scripted scenario through the gateway: schedule three deliveries, reschedule one,
 * cancel one, watch the others fly to `delivered`, and read their composed overview with history.
 * Starts the system in this process unless `--url` points at a running gateway.
 */
import { randomUUID } from 'node:crypto';
import { systemConfig } from '@drone-delivery/platform';
import { parseCli } from './cli.ts';
import { startSystem, type RunningSystem } from './system.ts';

const HELP = `Usage: pnpm demo [--url <gateway>] [--api-key <key>] [--format text|json]

Drives a scripted scenario through the gateway and prints what happened.
  --url       a running gateway (default: start the system in this process)
  --api-key   the key to use (default APILIFE_API_KEY, else the development key)
  --format    text (default) or json (one summary line)`;

const API = 'api-version=2026-09-01';

interface Step {
  at: string;
  what: string;
}

/** One HTTP call through the gateway; throws on a transport error, never on a status. */
async function call(
  base: string,
  key: string,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; contentType?: string } = {},
) {
  const response = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}${API}`, {
    method,
    headers: {
      'x-api-key': key,
      accept: 'application/json, application/problem+json',
      ...(init.body === undefined ? {} : { 'content-type': init.contentType ?? 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as unknown };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the scenario against `base`; returns what happened, in order. */
export async function runDemo(
  base: string,
  key: string,
  accountId: string,
  print: (line: string) => void = () => {},
): Promise<{ steps: Step[]; deliveries: Record<string, string> }> {
  const steps: Step[] = [];
  const say = (what: string) => {
    steps.push({ at: new Date().toISOString(), what });
    print(what);
  };
  const window = (minutes: number) => ({
    start: new Date(Date.now() + minutes * 60_000).toISOString(),
    end: new Date(Date.now() + (minutes + 60) * 60_000).toISOString(),
  });
  const place = (label: string, lat: number, lon: number) => ({ label, point: { lat, lon } });
  const requests: { label: string; id: string; deliveryId?: string }[] = [];
  for (const [label, lat, lon, kg] of [
    ['books', 47.62, -122.35, 1.2],
    ['flowers', 47.61, -122.33, 0.8],
    ['spare part', 47.6, -122.32, 2.5],
  ] as const) {
    const res = await call(base, key, 'POST', '/delivery-requests', {
      headers: { 'idempotency-key': randomUUID() },
      body: {
        accountId,
        pickup: place('Fabrikam depot', 47.6205, -122.3493),
        dropoff: place(`${label} customer`, lat, lon),
        pickupWindow: window(30),
        package: { size: 'small', weightKg: kg },
        priority: 'express',
      },
    });
    if (res.status !== 202) throw new Error(`scheduling ${label} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const id = String((res.body as { deliveryRequestId: string }).deliveryRequestId);
    requests.push({ label, id });
    say(`scheduled ${label}: 202 Accepted, status at ${res.headers.get('location')}`);
  }
  for (const request of requests) {
    for (let i = 0; i < 100; i++) {
      const status = await call(base, key, 'GET', `/delivery-requests/${request.id}/status`);
      const body = status.body as {
        state: string;
        deliveryId?: string | null;
        failureReason?: string | null;
        steps: { name: string; state: string }[];
      };
      if (body.state === 'succeeded' || body.state === 'failed') {
        say(
          `${request.label}: workflow ${body.state} (${body.steps.map((s) => `${s.name} ${s.state}`).join(', ')})${body.failureReason ? `: ${body.failureReason}` : ''}`,
        );
        if (body.deliveryId) request.deliveryId = body.deliveryId;
        break;
      }
      await sleep(100);
    }
  }
  const [first, second, third] = requests;
  // Reschedule the first: read its ETag, then PATCH with If-Match.
  const current = await call(base, key, 'GET', `/delivery-requests/${first!.id}`);
  const patched = await call(base, key, 'PATCH', `/delivery-requests/${first!.id}`, {
    contentType: 'application/merge-patch+json',
    headers: { 'if-match': current.headers.get('etag') ?? '*' },
    body: { pickupWindow: window(90) },
  });
  say(
    `rescheduled ${first!.label}: ${patched.status}${patched.status === 200 ? ' (pickup moved by an hour)' : ` ${JSON.stringify(patched.body)}`}`,
  );
  // Cancel the second before its drone takes off.
  const before = await call(base, key, 'GET', `/delivery-requests/${second!.id}`);
  const cancelled = await call(base, key, 'DELETE', `/delivery-requests/${second!.id}`, {
    headers: { 'if-match': before.headers.get('etag') ?? '*' },
  });
  say(`cancelling ${second!.label}: ${cancelled.status}${cancelled.status === 202 ? ' Accepted' : ` ${JSON.stringify(cancelled.body)}`}`);
  for (let i = 0; cancelled.status === 202 && i < 100; i++) {
    const status = await call(base, key, 'GET', `/delivery-requests/${second!.id}/status`);
    const body = status.body as { state: string; steps: { name: string; state: string }[] };
    if (body.state === 'succeeded' || body.state === 'failed') {
      say(`${second!.label}: cancellation ${body.state} (${body.steps.map((s) => `${s.name} ${s.state}`).join(', ')})`);
      break;
    }
    await sleep(100);
  }
  // Watch the others until delivered.
  const delivered: Record<string, string> = {};
  for (const request of [first!, third!]) {
    if (!request.deliveryId) continue;
    let lastStage = '';
    for (let i = 0; i < 600; i++) {
      const overview = await call(base, key, 'GET', `/deliveries/${request.deliveryId}/overview`);
      const body = overview.body as {
        delivery?: { stage: string };
        history?: { type: string }[];
        dronePosition?: { position: { lat: number; lon: number } } | null;
      };
      const stage = body.delivery?.stage ?? `HTTP ${overview.status}`;
      if (stage !== lastStage) {
        say(
          `${request.label}: ${stage}${body.dronePosition ? ` (drone at ${body.dronePosition.position.lat.toFixed(4)}, ${body.dronePosition.position.lon.toFixed(4)})` : ''}`,
        );
        lastStage = stage;
      }
      if (stage === 'delivered') {
        delivered[request.label] = request.deliveryId;
        say(`${request.label}: history ${(body.history ?? []).map((e) => e.type).join(' → ')}`);
        break;
      }
      await sleep(100);
    }
  }
  return { steps, deliveries: delivered };
}

async function main(): Promise<number> {
  const args = parseCli({ url: { type: 'string' }, 'api-key': { type: 'string' }, format: { type: 'string', default: 'text' } }, HELP);
  if (typeof args === 'number') return args;
  const config = systemConfig();
  let system: RunningSystem | undefined;
  if (!args.url) {
    // Free ports, so the demo runs beside a `pnpm start` already on 8080.
    const free = Object.fromEntries(Object.keys(config.ports).map((s) => [s, 0])) as typeof config.ports;
    system = await startSystem({ config: { ...config, ports: free } });
  }
  const base = args.url ?? system!.urls.gateway;
  const key = args['api-key'] ?? config.apiKeys[0]!.key;
  const account = config.apiKeys.find((k) => k.key === key)?.accountId ?? config.apiKeys[0]!.accountId;
  const json = args.format === 'json';
  try {
    if (!json) process.stdout.write(`demo through the gateway at ${base}\n`);
    const result = await runDemo(base, key, account, json ? undefined : (line) => process.stdout.write(`  ${line}\n`));
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return Object.keys(result.deliveries).length === 2 ? 0 : 1;
  } finally {
    await system?.stop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`demo failed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
