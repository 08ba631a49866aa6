import { randomUUID, type JsonWebKey } from 'node:crypto';
import { signJwt } from '@apilife/runtime-client';
import { shipperToken, type SystemConfig } from '@drone-delivery/platform';

/** A call through the gateway (or any service) with JSON in and out. */
export async function http(
  base: string,
  method: string,
  path: string,
  init: { key?: string; bearer?: string; body?: unknown; headers?: Record<string, string>; contentType?: string } = {},
) {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...init.headers };
  if (init.key) headers['x-api-key'] = init.key;
  if (init.bearer) headers.authorization = `Bearer ${init.bearer}`;
  if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  const url = `${base}${path}${path.includes('?') ? '&' : '?'}api-version=2026-09-01`;
  const response = await fetch(url, { method, headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

export const scheduleBody = (accountId: string, weightKg = 1.5, dropoff = { lat: 47.615, lon: -122.335 }) => ({
  accountId,
  pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
  dropoff: { label: 'Customer', point: dropoff },
  pickupWindow: { start: new Date(Date.now() + 30 * 60_000).toISOString(), end: new Date(Date.now() + 90 * 60_000).toISOString() },
  package: { size: 'small', weightKg },
  priority: 'express',
});

/** Schedules through `base` and waits for the workflow to finish; returns the final status resource. */
export async function scheduleAndWait(base: string, key: string, accountId: string, weightKg?: number) {
  const accepted = await http(base, 'POST', '/delivery-requests', {
    key,
    headers: { 'idempotency-key': randomUUID() },
    body: scheduleBody(accountId, weightKg),
  });
  if (accepted.status !== 202) throw new Error(`schedule answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return waitForOperation(base, key, accepted.body.deliveryRequestId);
}

export async function waitForOperation(base: string, key: string, id: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await http(base, 'GET', `/delivery-requests/${id}/status`, { key });
    if (status.status === 200 && (status.body.state === 'succeeded' || status.body.state === 'failed')) return status.body;
    if (Date.now() > until) throw new Error(`operation on ${id} still ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls the composed overview until the delivery reaches `stage`. */
export async function waitForStage(base: string, key: string, deliveryId: string, stage: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const overview = await http(base, 'GET', `/deliveries/${deliveryId}/overview`, { key });
    if (overview.status === 200 && overview.body.delivery.stage === stage) return overview.body;
    if (Date.now() > until) throw new Error(`delivery ${deliveryId} never reached ${stage}: ${JSON.stringify(overview.body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A shipper's access token for the gateway's BearerAuth: from the development login, or signed with `stranger` (a key nobody trusts). */
export const userToken = (config: SystemConfig, accountId: string, stranger?: JsonWebKey): Promise<string> => {
  if (!stranger) return shipperToken(config, accountId, 300);
  const { issuer, audience, typ } = config.shipperTokens!.verify;
  return signJwt(
    { iss: issuer, aud: audience, sub: accountId, exp: Math.floor(Date.now() / 1000) + 300 },
    { privateJwk: stranger },
    typ ? { typ } : {},
  );
};

export const freePorts = (config: SystemConfig) =>
  Object.fromEntries(Object.keys(config.ports).map((s) => [s, 0])) as SystemConfig['ports'];
